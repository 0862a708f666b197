import uuid

from sqlalchemy import Column, Index, Integer, String, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_data", "data", postgresql_using="gin"),
        Index("ix_documents_live_title", "title", postgresql_where=text("deleted = false")),
    )

    id = Column(UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()"))
    title = Column(String(100))
    data = Column(JSONB, nullable=False, server_default=text("'{}'::jsonb"))
    tags = Column(ARRAY(String(20)))
    scores = Column(postgresql.ARRAY(Integer))
    addr = Column(postgresql.INET)
    amount = Column(postgresql.DOUBLE_PRECISION)
    at = Column(postgresql.TIMESTAMP(timezone=True, precision=3))
    deleted = Column(postgresql.BOOLEAN, nullable=False, server_default=text("false"))
