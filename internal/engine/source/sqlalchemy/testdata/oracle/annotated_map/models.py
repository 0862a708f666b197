from typing import Annotated, Any, Optional

from sqlalchemy import JSON, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

str30 = Annotated[str, 30]
str200 = Annotated[str, 200]
intpk = Annotated[int, "pk"]


class Base(DeclarativeBase):
    type_annotation_map = {
        str30: String(30),
        str200: String(200),
        dict[str, Any]: JSON,
    }


class Profile(Base):
    __tablename__ = "profiles"

    id: Mapped[intpk] = mapped_column(primary_key=True)
    handle: Mapped[str30] = mapped_column(unique=True)
    bio: Mapped[Optional[str200]]
    settings: Mapped[dict[str, Any]]
    extra: Mapped[Optional[dict[str, Any]]]
    title: Mapped[Optional[str]] = mapped_column(String(10))
