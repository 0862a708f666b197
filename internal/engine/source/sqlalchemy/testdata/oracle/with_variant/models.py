import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.orm import declarative_base

Base = declarative_base()

JsonType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class Config(Base):
    __tablename__ = "configs"

    id = sa.Column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True)
    payload = sa.Column(JsonType)
    body = sa.Column(sa.Text().with_variant(mysql.LONGTEXT(), "mysql"))
