import datetime

from sqlalchemy import Column, DateTime, Integer, String, func
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class IdMixin:
    id = Column(Integer, primary_key=True)


class TimestampMixin:
    created_at = Column(DateTime, nullable=False, server_default=func.now())
    updated_at = Column(DateTime, server_default=func.current_timestamp())


class Product(IdMixin, TimestampMixin, Base):
    __tablename__ = "products"

    sku = Column(String(32), nullable=False, unique=True)


class Category(TimestampMixin, IdMixin, Base):
    __tablename__ = "categories"

    title = Column(String(64))
