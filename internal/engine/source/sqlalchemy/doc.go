// Package sqlalchemy reads SQLAlchemy models from Python source, without
// running it, into the schema that SQLAlchemy's metadata.create_all builds
// on a dialect (PostgreSQL, MySQL/MariaDB, SQLite).
//
// The bot never executes repository code: the .py files are parsed with
// tree-sitter-python and every value the mapping needs is computed
// statically (literals, module constants, imports between the scanned
// modules, class attributes). What cannot be computed that way is an
// error with file and line (*schema.PosError), never a guess.
//
// How it works: the reader builds SQLAlchemy's MetaData in Go (tables,
// columns, constraints, indexes, naming conventions), compiles the DDL
// that SQLAlchemy's DDL compiler emits for the dialect (type spellings such
// as SERIAL / AUTO_INCREMENT / INTEGER PRIMARY KEY, BOOL, DATETIME,
// VARCHAR(n) for non-native enums, CREATE TYPE for PostgreSQL enums,
// unnamed constraints left for the database to name), and reads that DDL
// with the dialect's own SQL reader (sqlddl, mysqlddl, sqliteddl), so the
// result is spelled exactly as those readers and the introspectors spell
// it. Positions are mapped back to the Python source.
//
// Supported:
//
//   - Files: one .py file or a folder of them (ParseDir); modules import
//     each other with relative, absolute or star imports ("from .base
//     import Base", "from app.models import base", "from .models import
//     *"), and sqlalchemy is imported in
//     any spelling ("import sqlalchemy as sa", "from sqlalchemy import
//     Column as C", "from sqlalchemy import *", sqlalchemy.types,
//     sqlalchemy.orm, sqlalchemy.dialects.*).
//   - Bases: declarative_base(metadata=..., cls=...) (cls's attributes are
//     inherited like a mixin's), registry(...).generate_base(),
//     @as_declarative(), class Base(DeclarativeBase) with metadata and
//     type_annotation_map class attributes.
//   - MetaData(schema=..., naming_convention={...}) with SQLAlchemy's
//     tokens (table_name, column_0_name/_key/_label and their _N / N
//     forms, referred_table_name, referred_column_0_name,
//     constraint_name), convention keys as strings or constraint classes,
//     conv(), and the truncation of long generated names (first max-8
//     characters, "_", last 4 hex digits of the MD5).
//   - Classes: __tablename__ (a static string, or a declared_attr whose
//     body is a single return of cls.__name__, .lower(), string
//     concatenation), __table_args__ (tuple with an optional trailing
//     dict, or dict; declared_attr allowed) with UniqueConstraint, Index
//     (unique=, postgresql_using=, postgresql_where=text()),
//     CheckConstraint, ForeignKeyConstraint, PrimaryKeyConstraint,
//     {"schema", "comment", "sqlite_autoincrement", "mysql_engine",
//     "mysql_charset", "mysql_collate"}; __table__ = Table(...); mixins and
//     __abstract__ bases contributing columns (also via declared_attr);
//     single-table inheritance (a mapped subclass without __tablename__, or
//     with __tablename__ = None, adds
//     its columns to the parent's table) and joined-table inheritance.
//   - Columns: Column(...) and mapped_column(...), with an optional name,
//     a type (class or instance), ForeignKey("t.c" | "schema.t.c" |
//     Model.attr, ondelete=, onupdate=, name=, deferrable=, initially=),
//     primary_key, nullable, index, unique, autoincrement (True, False,
//     "auto", "ignore_fk"), Sequence("name", start=, increment=, optional=)
//     (a PostgreSQL sequence; ignored on SQLite and MySQL, an error on
//     MariaDB, whose sequences the engine does not model),
//     Identity(always=, start=, increment=), Computed("sql", persisted=),
//     column-level CheckConstraint("sql", name=), server_default (a string, text("..."),
//     func.now() and any func.name(literals...), true()/false()), key,
//     comment; deferred(Column(...)). Column(ForeignKey(...)) on a mixin
//     or abstract base is read as SQLAlchemy 2.0 reads it (copied into each
//     table; 1.4 refuses it). A column without a type takes its
//     foreign key target's type. Python-side options (default, onupdate,
//     doc, init, repr ...) do not reach the DDL and are ignored.
//   - 2.0 annotations: Mapped[int] / Mapped[Optional[str]] / Mapped[str |
//     None] / Mapped[Union[X, None]] give the type (through the base's
//     type_annotation_map, then SQLAlchemy 2.0's defaults: int, str,
//     float, bool, bytes, datetime, date, time, timedelta, Decimal, UUID,
//     and enum.Enum subclasses) and the nullability when nullable= is not
//     given; an annotation without a value is a column too. Relationship
//     annotations and relationship()/column_property()/synonym() values
//     are not columns.
//   - Types: Integer, BigInteger, SmallInteger, String, Unicode, Text,
//     UnicodeText, Boolean, DateTime(timezone=), Date, Time, Interval,
//     Float, Numeric(p, s), LargeBinary, JSON, Uuid, Enum (a Python enum
//     class of the scanned modules, by member names, or values with
//     values_callable=lambda x: [e.value for e in x]; or strings; name=,
//     native_enum=, length=), the upper-case SQL types, PostgreSQL's JSONB,
//     UUID, ARRAY, INET, CIDR, MACADDR, TSVECTOR, DOUBLE_PRECISION, MONEY,
//     TIMESTAMP(timezone, precision), and MySQL's TINYINT(n), MEDIUMINT,
//     TINY/MEDIUM/LONGTEXT, *BLOB, DOUBLE, DATETIME(fsp), TIMESTAMP(fsp).
//   - Flask-SQLAlchemy 3: db = SQLAlchemy(metadata=...) with db.Model
//     (table names generated as Flask-SQLAlchemy does: camel_to_snake_case
//     of the class name unless a __tablename__ applies; a model without a
//     primary key of its own under a mapped parent is single-table
//     inheritance), db.Table("name", db.Column(...)) without a MetaData,
//     db.metadata, and db.<any sqlalchemy name> (db.Column, db.String ...).
//   - Table("name", metadata, Column(...)..., constraints..., schema=...)
//     objects on a MetaData or Base.metadata, and module-level
//     Index("name", table.c.col / Model.attr).
//
// Errors (each at the .py line): Python syntax errors; classes mapped by
// @registry.mapped or mapped_as_dataclass decorators; a __tablename__,
// column name, type, default or constraint argument that is not static
// (computed from function calls, f-strings, environment); a type from an
// unknown module or a TypeDecorator class; a model class whose base
// comes from a module that is not scanned; a mapped class without a
// primary key; a class attribute made by a
// call the reader cannot identify (a helper function may return a
// Column); declared_attr functions with more than a return; a mapped class
// without __tablename__ that is not a subclass of a mapped class; unknown
// foreign key targets or constraint columns; whatever SQLAlchemy itself
// refuses for the dialect (an Enum without a name on PostgreSQL, String
// without a length on MySQL, a PostgreSQL type on another dialect,
// autoincrement in a composite key on SQLite, a naming convention needing
// %(constraint_name)s for an unnamed constraint, index=True without an
// "ix" convention); and DDL the dialect's SQL reader rejects (for example
// the SQL of a CheckConstraint or text()).
//
// Not read:
// functional indexes, Enum(schema=), event listeners and DDL() hooks;
// these are errors or absent, never guessed. Column order within a table
// follows SQLAlchemy 1.4's creation order as far as the source shows it
// (mixin columns from other modules first); the engine's comparisons do not
// depend on it.
//
// Proof: oracle_test.go runs SQLAlchemy 1.4 and 2.0's own create_all (and
// Flask-SQLAlchemy 3.0's model setup) for
// every fixture in testdata/oracle on PostgreSQL, MariaDB and SQLite,
// introspects the databases and requires them to equal Parse's result.
package sqlalchemy
