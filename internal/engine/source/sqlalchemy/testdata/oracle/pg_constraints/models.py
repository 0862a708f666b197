from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Node(Base):
    __tablename__ = "nodes"
    __table_args__ = (UniqueConstraint("position", name="uq_nodes_position", deferrable=True, initially="DEFERRED"),)

    id = Column(Integer, primary_key=True)
    position = Column(Integer, nullable=False)
    parent_id = Column(ForeignKey("nodes.id", deferrable=True, initially="DEFERRED", ondelete="CASCADE"))
    label = Column(String(40), comment="shown in the tree")
