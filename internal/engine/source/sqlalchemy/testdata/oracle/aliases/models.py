from sqlalchemy import Column as C
from sqlalchemy import ForeignKey as FK
from sqlalchemy import Integer as Int
from sqlalchemy import String as Str
from sqlalchemy import types as satypes
from sqlalchemy.ext.declarative import declarative_base

Model = declarative_base()


class Parent(Model):
    __tablename__ = "parents"
    pid = C("parent_id", Int, primary_key=True)
    label = C(Str(15), nullable=False)


class Child(Model):
    __tablename__ = "children"
    id = C(Int, primary_key=True)
    parent = C("parent_ref", FK("parents.parent_id", onupdate="CASCADE", ondelete="CASCADE"))
    note = C(satypes.Text)
