from sqlalchemy import Column, Integer, String
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Blob(Base):
    __tablename__ = "blobs"
    __table_args__ = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}

    id = Column(Integer, primary_key=True)
    tiny = Column(mysql.TINYINT(1))
    medium = Column(mysql.MEDIUMINT)
    body = Column(mysql.LONGTEXT)
    summary = Column(mysql.MEDIUMTEXT)
    at = Column(mysql.DATETIME(fsp=6))
    raw = Column(mysql.LONGBLOB)
    ratio = Column(mysql.DOUBLE)
    name = Column(String(20), comment="display name")
