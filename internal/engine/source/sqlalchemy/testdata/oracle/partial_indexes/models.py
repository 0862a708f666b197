import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        sa.Index(
            "ix_jobs_pending",
            "queue",
            "priority",
            postgresql_where=sa.text("state = 'pending'"),
            sqlite_where=sa.text("state = 'pending'"),
        ),
        sa.Index("uix_jobs_key", "queue", "key", unique=True),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    queue = sa.Column(sa.String(30), nullable=False)
    key = sa.Column(sa.String(60), nullable=False)
    priority = sa.Column(sa.SmallInteger, nullable=False, server_default="0")
    state = sa.Column(sa.String(10), nullable=False, server_default="pending")
