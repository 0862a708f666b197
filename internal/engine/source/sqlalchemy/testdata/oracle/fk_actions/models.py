from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Team(Base):
    __tablename__ = "teams"
    id = Column(Integer, primary_key=True)


class Player(Base):
    __tablename__ = "players"
    id = Column(Integer, primary_key=True)
    team_id = Column(Integer, ForeignKey("teams.id", ondelete="SET NULL", onupdate="CASCADE"))
    captain_of = Column(Integer, ForeignKey("teams.id", name="fk_players_captain", ondelete="RESTRICT"))
    mentor_id = Column(Integer)
    __table_args__ = (ForeignKeyConstraint(["mentor_id"], ["players.id"], name="fk_players_mentor", ondelete="CASCADE"),)
