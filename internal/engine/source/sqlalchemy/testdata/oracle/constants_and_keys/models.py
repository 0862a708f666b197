import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()

SHORT = 16
LONG = SHORT * 1
TABLE = "widgets_" + "v2"


class Widget(Base):
    __tablename__ = TABLE
    __table_args__ = (sa.UniqueConstraint("code_value", name="uq_widget_code"),)

    id = sa.Column("widget_id", sa.Integer, primary_key=True)
    code = sa.Column("code_value", sa.String(SHORT), nullable=False)
    description = sa.Column(sa.String(length=200))
