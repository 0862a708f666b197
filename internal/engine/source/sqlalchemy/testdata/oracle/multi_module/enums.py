import enum


class OrderStatus(str, enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"


class Channel(enum.Enum):
    WEB = enum.auto()
    STORE = enum.auto()
