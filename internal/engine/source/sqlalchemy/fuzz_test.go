package sqlalchemy

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// FuzzParse feeds arbitrary Python to the reader: it must never panic,
// and every error about the input must be a *schema.PosError.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/oracle/*/*.py")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(string(data))
		}
	}
	f.Add(header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n")
	f.Add("class A(:\n")
	f.Add("x = 'unterminated\n")
	f.Add("import sqlalchemy as sa\nclass A(sa.orm.declarative_base()):\n    __tablename__ = 'a'\n    id = sa.Column(sa.Integer, primary_key=True)\n")
	f.Add("from .x import *\nclass B(A):\n    __abstract__ = 1\n")
	f.Add(header + "class A(A):\n    pass\n")
	f.Add(header + "X = X\nclass A(Base):\n    __tablename__ = X\n")
	f.Add(header + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    b = Column(ForeignKey('a.b'))\n")
	dialects := []string{"postgres", "mariadb", "sqlite"}
	f.Fuzz(func(t *testing.T, src string) {
		for _, name := range dialects {
			_, err := Parse(mustDialect(t, name), schema.File{Path: "models.py", Data: []byte(src)})
			if err == nil {
				continue
			}
			var pe *schema.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("%s: error %v is %T, not *schema.PosError", name, err, err)
			}
		}
	})
}
