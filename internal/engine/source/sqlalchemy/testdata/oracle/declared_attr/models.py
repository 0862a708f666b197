from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, declared_attr

Base = declarative_base()


class Tablename:
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()

    id = Column(Integer, primary_key=True)


class Owner(Tablename, Base):
    name = Column(String(30))


class OwnedMixin:
    @declared_attr
    def owner_id(cls):
        return Column(Integer, ForeignKey("owner.id"), nullable=False)


class Pet(OwnedMixin, Tablename, Base):
    species = Column(String(20))
