from sqlalchemy import (BIGINT, BOOLEAN, CHAR, DATE, DECIMAL, FLOAT, INTEGER, NUMERIC, REAL, SMALLINT, TEXT,
                        TIMESTAMP, VARCHAR, Column)
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Upper(Base):
    __tablename__ = "upper_types"

    id = Column(INTEGER, primary_key=True)
    b = Column(BIGINT)
    s = Column(SMALLINT)
    code = Column(CHAR(3))
    name = Column(VARCHAR(50))
    body = Column(TEXT)
    ok = Column(BOOLEAN)
    d = Column(DATE)
    ts = Column(TIMESTAMP)
    f = Column(FLOAT)
    r = Column(REAL)
    n = Column(NUMERIC(9, 3))
    dec = Column(DECIMAL(6, 1))
