from sqlalchemy import *
from sqlalchemy.orm import *

Base = declarative_base()


class Visit(Base):
    __tablename__ = "visits"
    __table_args__ = (UniqueConstraint("path", "at"),)

    id = Column(Integer, primary_key=True)
    path = Column(String(200), nullable=False)
    at = Column(DateTime, server_default=func.now())
    hits = Column(BigInteger, server_default=text("1"))
