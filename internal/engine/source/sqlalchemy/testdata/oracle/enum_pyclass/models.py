import enum

from sqlalchemy import Column, Enum, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Color(enum.Enum):
    red = 1
    green = 2
    blue_ish = 3


class Size(str, enum.Enum):
    SMALL = "s"
    LARGE = "l"


class Shirt(Base):
    __tablename__ = "shirts"

    id = Column(Integer, primary_key=True)
    color = Column(Enum(Color), nullable=False)
    size = Column(Enum(Size, name="shirt_size"), server_default="SMALL")
    alt_size = Column(Enum(Size, name="shirt_size"))
