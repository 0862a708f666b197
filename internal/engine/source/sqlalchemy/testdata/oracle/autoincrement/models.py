from sqlalchemy import BigInteger, Column, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Big(Base):
    __tablename__ = "bigs"
    id = Column(BigInteger, primary_key=True)


class Small(Base):
    __tablename__ = "smalls"
    id = Column(SmallInteger, primary_key=True)


class NoAuto(Base):
    __tablename__ = "no_autos"
    id = Column(Integer, primary_key=True, autoincrement=False)


class Natural(Base):
    __tablename__ = "naturals"
    code = Column(String(8), primary_key=True)


class Composite(Base):
    __tablename__ = "composites"
    a = Column(Integer, primary_key=True)
    b = Column(Integer, primary_key=True)


class Profile(Base):
    __tablename__ = "profiles"
    big_id = Column(BigInteger, ForeignKey("bigs.id"), primary_key=True)
    nick = Column(String(20))
