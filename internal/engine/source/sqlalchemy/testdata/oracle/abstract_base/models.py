from sqlalchemy import Column, Integer, String, Boolean
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Model(Base):
    __abstract__ = True

    id = Column(Integer, primary_key=True)
    active = Column(Boolean, nullable=False, server_default="1")


class Customer(Model):
    __tablename__ = "customers"

    name = Column(String(80), nullable=False)


class Supplier(Model):
    __tablename__ = "suppliers"

    name = Column(String(80), nullable=False)
    active = Column(Boolean, nullable=True)
