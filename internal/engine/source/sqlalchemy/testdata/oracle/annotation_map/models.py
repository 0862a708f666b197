import datetime
from typing import Optional

from sqlalchemy import BigInteger, DateTime, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {
        str: String(120),
        int: BigInteger,
        datetime.datetime: DateTime(timezone=True),
    }


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    subtitle: Mapped[Optional[str]]
    body: Mapped[str] = mapped_column(Text)
    views: Mapped[int] = mapped_column(server_default="0")
    published: Mapped[Optional[datetime.datetime]]
