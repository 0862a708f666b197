from sqlalchemy import Column, Integer, MetaData, String
from sqlalchemy.orm import registry

mapper_registry = registry(metadata=MetaData(naming_convention={"pk": "pk_%(table_name)s", "ix": "idx_%(table_name)s_%(column_0_name)s"}))
Base = mapper_registry.generate_base()


class City(Base):
    __tablename__ = "cities"

    id = Column(Integer, primary_key=True)
    name = Column(String(60), index=True)
