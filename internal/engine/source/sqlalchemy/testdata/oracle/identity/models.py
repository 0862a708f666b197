from sqlalchemy import BigInteger, Column, Identity, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Account(Base):
    __tablename__ = "accounts"

    id = Column(BigInteger, Identity(), primary_key=True)
    name = Column(String(20))


class Ledger(Base):
    __tablename__ = "ledgers"

    id = Column(Integer, Identity(always=True, start=100, increment=5), primary_key=True)
