import enum

from sqlalchemy import Column, Enum, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Role(enum.Enum):
    ADMIN = "administrator"
    USER = "regular_user"


class Member(Base):
    __tablename__ = "members"

    id = Column(Integer, primary_key=True)
    role = Column(Enum(Role, name="member_role", values_callable=lambda x: [e.value for e in x]), nullable=False)
