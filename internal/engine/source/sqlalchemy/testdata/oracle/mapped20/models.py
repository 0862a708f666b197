import datetime
import decimal
from typing import Optional

from sqlalchemy import ForeignKey, String, Text, false, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    nickname: Mapped[Optional[str]] = mapped_column(String(30))
    bio: Mapped[str | None] = mapped_column(Text)
    balance: Mapped[decimal.Decimal] = mapped_column(server_default="0")
    rating: Mapped[float]
    verified: Mapped[bool] = mapped_column(server_default=false())
    born: Mapped[Optional[datetime.date]]
    created: Mapped[datetime.datetime] = mapped_column(server_default=func.now())


class Session(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64))
    note: Mapped[Optional[str]] = mapped_column(String(10), nullable=False)
