import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        sa.Index("ix_events_kind_at", "kind", "at", unique=True),
        sa.CheckConstraint("attendees >= 0", name="ck_events_attendees"),
        {"comment": "calendar events"},
    )

    id = sa.Column(sa.Integer, primary_key=True)
    kind = sa.Column(sa.String(20), nullable=False)
    at = sa.Column(sa.DateTime, nullable=False)
    attendees = sa.Column(sa.Integer, nullable=False, server_default="0")
