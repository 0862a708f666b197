from sqlalchemy import Column, Integer, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Device(Base):
    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("vendor", "serial"), UniqueConstraint("mac", name="uq_devices_mac"))

    id = Column(Integer, primary_key=True)
    vendor = Column(String(20), nullable=False)
    serial = Column(String(40), nullable=False)
    mac = Column(String(17))
    imei = Column(String(15), unique=True, index=True)
    label = Column(String(30), unique=True)
    site = Column(String(30), index=True)
