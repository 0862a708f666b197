from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import as_declarative


@as_declarative()
class Base:
    id = Column(Integer, primary_key=True)


class Planet(Base):
    __tablename__ = "planets"

    name = Column(String(40), nullable=False, unique=True)
