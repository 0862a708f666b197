from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class TimestampedModel(db.Model):
    __abstract__ = True
    created = db.Column(db.DateTime, server_default=db.text("CURRENT_TIMESTAMP"))


class Person(TimestampedModel):
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20))
    name = db.Column(db.String(50))
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "person"}


class Teacher(Person):
    subject = db.Column(db.String(40))
    __mapper_args__ = {"polymorphic_identity": "teacher"}


class Student(Person):
    id = db.Column(db.Integer, db.ForeignKey("person.id"), primary_key=True)
    grade = db.Column(db.Integer)
    __mapper_args__ = {"polymorphic_identity": "student"}


class GradStudent(Student):
    thesis = db.Column(db.String(100))
    __mapper_args__ = {"polymorphic_identity": "grad"}
