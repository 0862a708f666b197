import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Ticket(Base):
    __tablename__ = "tickets"

    id = sa.Column(sa.Integer, primary_key=True)
    state = sa.Column(sa.Enum("open", "in_progress", "closed", name="ticket_state"), nullable=False, server_default="open")
    kind = sa.Column(sa.Enum("bug", "feature", name="ticket_kind", native_enum=False))
