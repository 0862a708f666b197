from sqlalchemy import Column, Integer, LargeBinary, String
from sqlalchemy.orm import declarative_base, deferred

Base = declarative_base()


class Image(Base):
    __tablename__ = "images"

    id = Column(Integer, primary_key=True)
    name = Column(String(100))
    data = deferred(Column(LargeBinary))
