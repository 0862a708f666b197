from sqlalchemy import Column, Integer, Sequence, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Invoice(Base):
    __tablename__ = "invoices"

    id = Column(Integer, Sequence("invoice_id_seq"), primary_key=True)
    number = Column(Integer, Sequence("invoice_number_seq", start=1000, increment=10), nullable=False)
    label = Column(String(20))
