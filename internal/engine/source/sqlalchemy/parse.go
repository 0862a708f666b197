package sqlalchemy

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
)

// Parse reads SQLAlchemy models from Python files (the modules of one
// models package, importing each other) and returns the schema that
// SQLAlchemy's metadata.create_all builds on dialect d. The Python is
// parsed, never run. The result is normalized. Errors in the input are
// *schema.PosError with the .py file and line.
func Parse(d *dialect.Dialect, files ...schema.File) (*schema.Schema, error) {
	if d == nil {
		return nil, errors.New("sqlalchemy: no dialect given")
	}
	if len(files) == 0 {
		return nil, errors.New("sqlalchemy: no Python files given")
	}
	files = append([]schema.File(nil), files...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	roots := make([]*node, len(files))
	for i, f := range files {
		n, err := parsePython(f)
		if err != nil {
			return nil, err
		}
		roots[i] = n
	}
	mp := newMapper(newProgram(files, roots))
	if err := mp.run(); err != nil {
		return nil, err
	}
	for _, m := range mp.prog.sortedModules() {
		for _, n := range m.indexes {
			if err := mp.moduleIndex(m, n); err != nil {
				return nil, err
			}
		}
	}
	if len(mp.tables) == 0 {
		return nil, schema.Errorf(schema.Pos{File: files[0].Path}, "no SQLAlchemy tables found (no mapped class with __tablename__ and no Table(...))")
	}
	if err := mp.finalize(); err != nil {
		return nil, err
	}
	g, err := mp.generate(d)
	if err != nil {
		return nil, err
	}
	return g.read(mp)
}

// ParseDir reads the models at path: one .py file, or every .py file under
// a folder (recursively, sorted; hidden folders and folders named
// __pycache__, venv, migrations, alembic, node_modules and site-packages
// are skipped).
func ParseDir(d *dialect.Dialect, path string) (*schema.Schema, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var paths []string
	if !info.IsDir() {
		paths = []string{path}
	} else {
		err := filepath.WalkDir(path, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() && p != path && SkipFolder(e.Name()) {
				return filepath.SkipDir
			}
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".py") {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			return nil, errors.New("sqlalchemy: no .py files in " + path)
		}
	}
	files := make([]schema.File, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, schema.File{Path: p, Data: data})
	}
	return Parse(d, files...)
}

// SkipFolder reports whether a folder under a models folder is left out
// when looking for models: hidden folders, caches, virtual environments,
// installed packages, and migration folders (Alembic revisions are not
// models).
func SkipFolder(name string) bool {
	switch name {
	case "__pycache__", "venv", "migrations", "alembic", "node_modules", "site-packages":
		return true
	}
	return strings.HasPrefix(name, ".")
}

// generatedFile names the DDL handed to the dialect's SQL reader; it shows
// in no result: positions are mapped back to the Python source.
const generatedFile = "sqlalchemy-create-all.sql"

// read parses the generated DDL with the dialect's own SQL reader, so
// types, defaults and database-named constraints come out exactly as the
// other readers and the introspectors spell them, then maps positions back
// to the Python source.
func (g *ddl) read(mp *mapper) (*schema.Schema, error) {
	f := schema.File{Path: generatedFile, Data: []byte(g.b.String())}
	var s *schema.Schema
	var err error
	switch g.f {
	case famMySQL:
		s, err = mysqlddl.Parse(g.d, f)
	case famSQLite:
		s, err = sqliteddl.Parse(g.d, f)
	default:
		s, err = sqlddl.Parse(g.d, f)
	}
	if err != nil {
		var pe *schema.PosError
		if errors.As(err, &pe) {
			return nil, &schema.PosError{Pos: g.pos(pe.Pos.Line), Msg: fmt.Sprintf("%s rejects the DDL SQLAlchemy would run: %s", g.d.Name, pe.Msg)}
		}
		return nil, schema.Errorf(g.pos(1), "%s rejects the DDL SQLAlchemy would run: %v", g.d.Name, err)
	}
	for _, t := range s.Tables {
		def := mp.tablePos(t.Name)
		t.Pos = g.mapPos(t.Pos, def)
		for _, c := range t.Columns {
			c.Pos = g.mapPos(c.Pos, def)
			if c.Default != nil {
				c.Default.Pos = g.mapPos(c.Default.Pos, c.Pos)
			}
		}
		n := t.Name.Name
		if t.PrimaryKey != nil {
			t.PrimaryKey.Pos = g.colsPos(g.mapPos(t.PrimaryKey.Pos, def), def, n, "pk", t.PrimaryKey.Columns)
		}
		for _, x := range t.Uniques {
			x.Pos = g.colsPos(g.mapPos(x.Pos, def), def, n, "uq", x.Columns)
		}
		for _, x := range t.Indexes {
			var cols []string
			for _, p := range x.Parts {
				cols = append(cols, p.Column)
			}
			p := g.colsPos(g.mapPos(x.Pos, def), def, n, "ix", cols)
			x.Pos = g.colsPos(p, def, n, "uq", cols)
		}
		for _, x := range t.ForeignKeys {
			x.Pos = g.colsPos(g.mapPos(x.Pos, def), def, n, "fk", x.Columns)
		}
		for _, x := range t.Checks {
			x.Pos = g.mapPos(x.Pos, def)
		}
	}
	for _, e := range s.Enums {
		e.Pos = g.mapPos(e.Pos, schema.Pos{File: mp.prog.modules[0].file})
	}
	for _, q := range s.Sequences {
		q.Pos = g.mapPos(q.Pos, schema.Pos{File: mp.prog.modules[0].file})
	}
	for _, n := range s.Namespaces {
		n.Pos = g.mapPos(n.Pos, schema.Pos{File: mp.prog.modules[0].file})
	}
	return s.Normalize(), nil
}

// colsPos replaces a table-level position of a constraint or index by the
// position of the Python object that made it, found by its columns.
func (g *ddl) colsPos(p, table schema.Pos, tableName, kind string, cols []string) schema.Pos {
	if p != table {
		return p
	}
	if q, ok := g.byCols[colsKey(tableName, kind, cols)]; ok {
		return q
	}
	return p
}

// pos is the Python position of a generated line.
func (g *ddl) pos(line int) schema.Pos {
	if line >= 1 && line <= len(g.lines) {
		return g.lines[line-1]
	}
	if len(g.lines) > 0 {
		return g.lines[0]
	}
	return schema.Pos{}
}

func (g *ddl) mapPos(p schema.Pos, def schema.Pos) schema.Pos {
	if p.File == generatedFile && p.Line >= 1 && p.Line <= len(g.lines) {
		return g.lines[p.Line-1]
	}
	return def
}

// tablePos finds the Python position of a table by name.
func (mp *mapper) tablePos(q schema.QName) schema.Pos {
	for _, t := range mp.tables {
		if t.name == q.Name && (t.schema == q.Schema || t.schema == "" && (q.Schema == "public" || q.Schema == "")) {
			return t.pos
		}
	}
	return schema.Pos{}
}
