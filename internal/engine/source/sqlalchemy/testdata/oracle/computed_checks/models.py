from sqlalchemy import CheckConstraint, Column, Computed, Integer, Numeric, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class LineItem(Base):
    __tablename__ = "line_items"

    id = Column(Integer, primary_key=True)
    quantity = Column(Integer, CheckConstraint("quantity > 0"), nullable=False)
    unit_price = Column(Numeric(10, 2), CheckConstraint("unit_price >= 0"), nullable=False)
    total = Column(Numeric(12, 2), Computed("quantity * unit_price", persisted=True))
    label = Column(String(40))
    double_quantity = Column(Integer, Computed("quantity * 2"))
