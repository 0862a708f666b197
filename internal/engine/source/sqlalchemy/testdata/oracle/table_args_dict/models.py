from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = {"comment": "free-form notes"}

    id = Column(Integer, primary_key=True)
    text = Column(String(500), comment="the note's text")
