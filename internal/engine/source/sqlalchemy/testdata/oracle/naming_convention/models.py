from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, MetaData, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=convention))


class Author(Base):
    __tablename__ = "authors"

    id = Column(Integer, primary_key=True)
    email = Column(String(100), unique=True)
    name = Column(String(50), index=True)


class Book(Base):
    __tablename__ = "books"
    __table_args__ = (
        UniqueConstraint("author_id", "title"),
        CheckConstraint("pages > 0", name="positive_pages"),
        Index("ix_books_title_pages", "title", "pages"),
    )

    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey("authors.id"), nullable=False)
    title = Column(String(200), nullable=False)
    pages = Column(Integer)
