import sqlalchemy as sa
from sqlalchemy import Column, Integer, String, text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Setting(Base):
    __tablename__ = "settings"

    id = Column(Integer, primary_key=True)
    key = Column(String(40), nullable=False, server_default="unnamed")
    quoted = Column(String(40), server_default="it's")
    count = Column(Integer, nullable=False, server_default=text("0"))
    big = Column(sa.BigInteger, server_default="42")
    created = Column(sa.DateTime, server_default=sa.func.now())
    stamped = Column(sa.DateTime, server_default=sa.func.current_timestamp())
    enabled = Column(sa.Boolean, server_default=sa.false())
    ratio = Column(sa.Numeric(5, 2), server_default=text("1.50"))
    plain = Column(String(10), default="python-side only")
