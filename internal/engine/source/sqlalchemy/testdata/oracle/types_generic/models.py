import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Everything(Base):
    __tablename__ = "everything"

    id = sa.Column(sa.BigInteger, primary_key=True)
    small = sa.Column(sa.SmallInteger)
    big = sa.Column(sa.BigInteger)
    name = sa.Column(sa.String(25))
    uname = sa.Column(sa.Unicode(30))
    body = sa.Column(sa.Text)
    ubody = sa.Column(sa.UnicodeText)
    flag = sa.Column(sa.Boolean)
    at = sa.Column(sa.DateTime)
    at_tz = sa.Column(sa.DateTime(timezone=True))
    day = sa.Column(sa.Date)
    clock = sa.Column(sa.Time)
    span = sa.Column(sa.Interval)
    ratio = sa.Column(sa.Float)
    price = sa.Column(sa.Numeric(10, 2))
    whole = sa.Column(sa.Numeric(8))
    blob = sa.Column(sa.LargeBinary)
    doc = sa.Column(sa.JSON)
