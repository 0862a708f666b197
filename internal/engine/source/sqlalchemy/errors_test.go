package sqlalchemy

import (
	"errors"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func mustDialect(t testing.TB, name string) *dialect.Dialect {
	t.Helper()
	d, err := dialect.Lookup(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

const header = "import sqlalchemy as sa\nfrom sqlalchemy import Column, Integer, String, ForeignKey\nfrom sqlalchemy.orm import declarative_base, declared_attr\n\nBase = declarative_base()\n\n\n"

// TestErrors checks that what cannot be read statically is an error at
// the right file and line, with a message that says why.
func TestErrors(t *testing.T) {
	cases := []struct {
		name    string
		dialect string
		src     string
		want    string // "line: message fragment"
	}{
		{"syntax error", "postgres", "class A(:\n", "1: Python syntax error"},
		{"dynamic tablename", "postgres", header + "def name():\n    return 'x'\n\nclass A(Base):\n    __tablename__ = name()\n    id = Column(Integer, primary_key=True)\n",
			"12: __tablename__ of A is not a static string"},
		{"computed column name", "postgres", header + "N = 'c' + str(1)\n\nclass A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    x = Column(N, Integer)\n",
			"13: is not a SQLAlchemy type the reader knows"},
		{"unknown type function", "postgres", header + "from myapp.types import GUID\n\nclass A(Base):\n    __tablename__ = 'a'\n    id = Column(GUID(), primary_key=True)\n",
			"12: type GUID() is not a SQLAlchemy type the reader knows"},
		{"type decorator class", "postgres", header + "class Tz(sa.types.TypeDecorator):\n    impl = sa.DateTime\n\nclass A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    at = Column(Tz)\n",
			"14: type Tz is a class of the scanned code"},
		{"declared_attr with logic", "postgres", header + "class M:\n    @declared_attr\n    def __tablename__(cls):\n        n = cls.__name__\n        return n.lower()\n\nclass A(M, Base):\n    id = Column(Integer, primary_key=True)\n",
			"9: declared_attr __tablename__ is not a single return statement"},
		{"helper function column", "postgres", header + "def pk():\n    return Column(Integer, primary_key=True)\n\nclass A(Base):\n    __tablename__ = 'a'\n    id = pk()\n",
			"13: cannot resolve attribute id of A statically"},
		{"missing fk target", "postgres", header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    b_id = Column(ForeignKey('b.id'))\n",
			"11: foreign key target \"b.id\": no table b"},
		{"enum without name on postgres", "postgres", header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    s = Column(sa.Enum('x', 'y'))\n",
			"11: PostgreSQL ENUM type requires a name"},
		{"varchar without length on mysql", "mariadb", header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    s = Column(String)\n",
			"11: VARCHAR requires a length on dialect mysql"},
		{"jsonb on sqlite", "sqlite", header + "from sqlalchemy.dialects.postgresql import JSONB\n\nclass A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    d = Column(JSONB)\n",
			"13: type JSONB does not exist on sqlite"},
		{"no tablename", "postgres", header + "class A(Base):\n    id = Column(Integer, primary_key=True)\n",
			"8: class A is mapped but has no __tablename__"},
		{"constraint on unknown column", "postgres", header + "class A(Base):\n    __tablename__ = 'a'\n    __table_args__ = (sa.UniqueConstraint('nope'),)\n    id = Column(Integer, primary_key=True)\n",
			"10: table a has no column \"nope\""},
		{"check convention needs a name", "postgres", "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base(metadata=sa.MetaData(naming_convention={'ck': 'ck_%(table_name)s_%(constraint_name)s'}))\nclass A(Base):\n    __tablename__ = 'a'\n    __table_args__ = (sa.CheckConstraint('id > 0'),)\n    id = sa.Column(sa.Integer, primary_key=True)\n",
			"6: requires that the constraint is explicitly named"},
		{"index without ix convention", "postgres", "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base(metadata=sa.MetaData(naming_convention={'uq': 'uq_%(table_name)s_%(column_0_name)s'}))\nclass A(Base):\n    __tablename__ = 'a'\n    id = sa.Column(sa.Integer, primary_key=True)\n    n = sa.Column(sa.Integer, index=True)\n",
			"7: the naming convention has no \"ix\" entry"},
		{"composite autoincrement on sqlite", "sqlite", header + "class A(Base):\n    __tablename__ = 'a'\n    x = Column(Integer, primary_key=True, autoincrement=True)\n    y = Column(Integer, primary_key=True)\n",
			"10: SQLite does not support autoincrement for composite primary keys"},
		{"bad check sql", "postgres", header + "class A(Base):\n    __tablename__ = 'a'\n    __table_args__ = (sa.CheckConstraint('id >>> (', name='c'),)\n    id = Column(Integer, primary_key=True)\n",
			"10: postgres rejects the DDL SQLAlchemy would run"},
		{"no tables", "postgres", "import os\n", "models.py: no SQLAlchemy tables found"},
		{"mapped annotation unknown type", "postgres", "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\nclass Base(DeclarativeBase):\n    pass\nclass A(Base):\n    __tablename__ = 'a'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    d: Mapped[dict] = mapped_column()\n",
			"7: column d: annotation type builtins.dict has no entry in type_annotation_map"},
		{"base from an unscanned module", "postgres", "import sqlalchemy as sa\nfrom myapp import db\n\nclass User(db.Model):\n    id = sa.Column(sa.Integer, primary_key=True)\n",
			"4: class User derives from db.Model, which the reader cannot resolve"},
		{"mapped class without primary key", "postgres", header + "class A(Base):\n    __tablename__ = 'a'\n    x = Column(Integer)\n",
			"8: mapped class A has no primary key column"},
		{"with_variant unknown dialect", "postgres", header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer().with_variant(sa.BigInteger, 'oracle'), primary_key=True)\n",
			"10: with_variant dialect \"oracle\""},
		{"enum create_constraint", "sqlite", header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    e = Column(sa.Enum('a', 'b', create_constraint=True))\n",
			"11: create_constraint=True"},
		{"registry.mapped decorator", "postgres", "import sqlalchemy as sa\nfrom sqlalchemy.orm import registry\nreg = registry()\n\n@reg.mapped\nclass A:\n    __tablename__ = 'a'\n    id = sa.Column(sa.Integer, primary_key=True)\n",
			"5: class A is mapped by the decorator @reg.mapped"},
		{"named column check on mariadb", "mariadb", header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, sa.CheckConstraint('id > 0', name='ck_id'), primary_key=True)\n",
			"10: MariaDB rejects the named column-level CHECK"},
		{"sequence on mariadb", "mariadb", header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, sa.Sequence('a_seq'), primary_key=True)\n",
			"10: Sequence a_seq: SQLAlchemy creates a MariaDB sequence"},
		{"server default from variable", "postgres", header + "import os\nclass A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    s = Column(String(5), server_default=os.environ['X'])\n",
			"12: server_default"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(mustDialect(t, tc.dialect), schema.File{Path: "models.py", Data: []byte(tc.src)})
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			var pe *schema.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is %T, not *schema.PosError", err, err)
			}
			line, frag, _ := strings.Cut(tc.want, ": ")
			if pe.Pos.File != "models.py" {
				t.Errorf("error file %q, want models.py (%v)", pe.Pos.File, err)
			}
			if line != "models.py" && pe.Pos.String() != "models.py:"+line && !strings.HasPrefix(pe.Pos.String(), "models.py:"+line+":") {
				t.Errorf("error at %s, want line %s: %v", pe.Pos, line, err)
			}
			if !strings.Contains(pe.Msg, frag) {
				t.Errorf("error %q does not say %q", pe.Msg, frag)
			}
		})
	}
}
