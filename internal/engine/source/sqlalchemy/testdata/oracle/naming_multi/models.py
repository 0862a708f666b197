from sqlalchemy import Column, ForeignKeyConstraint, Integer, MetaData, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0N_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
    "pk": "pk_%(table_name)s",
})
Base = declarative_base(metadata=metadata)


class Region(Base):
    __tablename__ = "regions"

    country = Column(String(2), primary_key=True)
    code = Column(String(10), primary_key=True)
    label = Column(String(50), index=True)


class Office(Base):
    __tablename__ = "offices"
    __table_args__ = (
        ForeignKeyConstraint(["country", "region"], ["regions.country", "regions.code"], ondelete="RESTRICT"),
        UniqueConstraint("country", "region", "street"),
    )

    id = Column(Integer, primary_key=True)
    country = Column(String(2), nullable=False)
    region = Column(String(10), nullable=False)
    street = Column(String(100), nullable=False)
