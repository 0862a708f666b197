import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

NAME_LENGTH = 60

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})
Base = declarative_base(metadata=metadata)


class AuditMixin:
    created_by = sa.Column(sa.String(NAME_LENGTH))
