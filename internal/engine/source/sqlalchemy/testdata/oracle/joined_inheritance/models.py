from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Vehicle(Base):
    __tablename__ = "vehicles"

    id = Column(Integer, primary_key=True)
    kind = Column(String(20), nullable=False)
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "vehicle"}


class Car(Vehicle):
    __tablename__ = "cars"

    id = Column(Integer, ForeignKey("vehicles.id"), primary_key=True)
    doors = Column(Integer, nullable=False, server_default="4")
    __mapper_args__ = {"polymorphic_identity": "car"}
