from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class CompositeAuto(Base):
    __tablename__ = "composite_autos"
    a = Column(Integer, primary_key=True, autoincrement=True)
    b = Column(Integer, primary_key=True)
