from sqlalchemy import Column, DateTime, Integer, String, func
from sqlalchemy.orm import declarative_base, declared_attr


class CustomBase:
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime, server_default=func.now())


Base = declarative_base(cls=CustomBase)


class Author(Base):
    name = Column(String(80), nullable=False)


class Publisher(Base):
    __tablename__ = "publishers"
    title = Column(String(80), unique=True)


class Animal(Base):
    kind = Column(String(20))
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "animal"}


class Dog(Animal):
    __tablename__ = None
    bark = Column(String(10))
    __mapper_args__ = {"polymorphic_identity": "dog"}
