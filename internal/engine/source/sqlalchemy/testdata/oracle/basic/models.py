import enum

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer, String

from .base import Base


class Status(enum.Enum):
    active = "active"
    banned = "banned"


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False, unique=True)
    name = Column(String(50), index=True)
    status = Column(sa.Enum(Status, name="user_status"), nullable=False, server_default="active")
    created_at = Column(sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)
    score = Column(sa.Numeric(10, 2), server_default=sa.text("0"))
    active = Column(sa.Boolean, nullable=False, server_default=sa.true())


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "title", name="uq_posts_user_title"),
        sa.Index("ix_posts_created", "created_at"),
        sa.CheckConstraint("title <> ''", name="ck_posts_title"),
    )

    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    title = Column(String(100), nullable=False)
    body = Column(sa.Text)
    created_at = Column(sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP"))
