from datetime import datetime

from .extensions import db

followers = db.Table(
    "followers",
    db.Column("follower_id", db.Integer, db.ForeignKey("user_account.id"), primary_key=True),
    db.Column("followed_id", db.Integer, db.ForeignKey("user_account.id"), primary_key=True),
)


class UserAccount(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), index=True, unique=True)
    email = db.Column(db.String(120), index=True, unique=True)
    about_me = db.Column(db.String(140))
    last_seen = db.Column(db.DateTime, default=datetime.utcnow)
    posts = db.relationship("BlogPost", backref="author", lazy="dynamic")


class BlogPost(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    body = db.Column(db.String(140))
    timestamp = db.Column(db.DateTime, index=True, server_default=db.func.now())
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))
    language = db.Column(db.String(5))


class HTTPLog(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    status = db.Column(db.SmallInteger, nullable=False)


class Tag(db.Model):
    __tablename__ = "tags"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(30), nullable=False, unique=True)
