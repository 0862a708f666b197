from sqlalchemy import Column, ForeignKey, Integer, MetaData, String
from sqlalchemy.orm import declarative_base

Base = declarative_base(metadata=MetaData(schema="billing"))


class Invoice(Base):
    __tablename__ = "invoices"
    id = Column(Integer, primary_key=True)
    number = Column(String(20), unique=True, index=True)


class Line(Base):
    __tablename__ = "lines"
    id = Column(Integer, primary_key=True)
    invoice_id = Column(ForeignKey("billing.invoices.id", ondelete="CASCADE"), nullable=False)


class Audit(Base):
    __tablename__ = "audits"
    __table_args__ = {"schema": "audit"}
    id = Column(Integer, primary_key=True)
    invoice_id = Column(ForeignKey(Invoice.id))
