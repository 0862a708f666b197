from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import declarative_base

Base = declarative_base()

association = Table(
    "association",
    Base.metadata,
    Column("left_id", ForeignKey("left.id"), primary_key=True),
    Column("right_id", ForeignKey("right.id"), primary_key=True),
)


class Left(Base):
    __tablename__ = "left"
    id = Column(Integer, primary_key=True)


class Right(Base):
    __tablename__ = "right"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


class Legacy(Base):
    __table__ = Table(
        "legacy",
        Base.metadata,
        Column("legacy_id", Integer, primary_key=True),
        Column("payload", String(255)),
    )
