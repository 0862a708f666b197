import sqlalchemy as sa

from . import base
from .enums import Channel, OrderStatus
from .users import User


class Order(base.AuditMixin, base.Base):
    __tablename__ = "orders"

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.ForeignKey(User.id, ondelete="SET NULL"), index=True)
    total = sa.Column(sa.Numeric(12, 2), nullable=False, server_default="0")
    status = sa.Column(sa.Enum(OrderStatus, name="order_status"), nullable=False, server_default="PENDING")
    channel = sa.Column(sa.Enum(Channel))
