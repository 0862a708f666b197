import sqlalchemy as sa

metadata = sa.MetaData()

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("email", sa.String(120), unique=True),
)

tags = sa.Table(
    "tags",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("label", sa.String(30), nullable=False, index=True),
)

user_tags = sa.Table(
    "user_tags",
    metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.BigInteger, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("weight", sa.SmallInteger, server_default=sa.text("1")),
)

sa.Index("ix_users_name_lower", users.c.name)
