from sqlalchemy import Column, Integer, String

from .base import NAME_LENGTH, AuditMixin, Base


class User(AuditMixin, Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    name = Column(String(NAME_LENGTH), nullable=False, unique=True)
