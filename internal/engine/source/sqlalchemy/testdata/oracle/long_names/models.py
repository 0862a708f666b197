from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base(metadata=MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
}))


class ExtremelyLongOrganisationalUnitName(Base):
    __tablename__ = "extremely_long_organisational_unit_names_for_testing"
    __table_args__ = (UniqueConstraint("first_very_long_column_name", "second_very_long_column_name"),)

    id = Column(Integer, primary_key=True)
    first_very_long_column_name = Column(String(20))
    second_very_long_column_name = Column(String(20), index=True)
    parent_organisational_unit_id = Column(ForeignKey("extremely_long_organisational_unit_names_for_testing.id"))
