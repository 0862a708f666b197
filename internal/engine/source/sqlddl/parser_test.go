package sqlddl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestSplitStatements(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string // nil with ok false: the text ends inside something
		ok   bool
	}{
		{"two", "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n", []string{"CREATE TABLE a (x int);", "CREATE TABLE b (y int);"}, true},
		{"blanks and comments between", "-- c;\n/* x; /* nested; */ y; */ SELECT 1 ;;\n\n", []string{"SELECT 1 ;"}, true},
		{"no final semicolon", "SELECT 1; SELECT 2 -- end", []string{"SELECT 1;", "SELECT 2 -- end"}, true},
		{"strings", `SELECT 'a;''b'; SELECT E'c\';d'; SELECT date'x;'`, []string{`SELECT 'a;''b';`, `SELECT E'c\';d';`, `SELECT date'x;'`}, true},
		{"backslash in a standard string", `SELECT 'a\'; SELECT 1;`, []string{`SELECT 'a\';`, `SELECT 1;`}, true},
		{"quoted identifiers", `CREATE TABLE "a;""b" (x int); SELECT 1;`, []string{`CREATE TABLE "a;""b" (x int);`, "SELECT 1;"}, true},
		{"dollar quotes", "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $x$ $body$ LANGUAGE sql; SELECT $$;$$;",
			[]string{"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $x$ $body$ LANGUAGE sql;", "SELECT $$;$$;"}, true},
		{"dollar inside a word or a parameter", "SELECT a$b$c, $1; SELECT 2;", []string{"SELECT a$b$c, $1;", "SELECT 2;"}, true},
		{"line comment inside", "SELECT 1 -- ;\n + 1; SELECT 2;", []string{"SELECT 1 -- ;\n + 1;", "SELECT 2;"}, true},
		{"unterminated string", "SELECT 'a;", nil, false},
		{"unterminated comment", "SELECT 1; /* x", nil, false},
		{"unterminated dollar quote", "SELECT $q$ x;", nil, false},
		{"unterminated identifier", `SELECT "a;`, nil, false},
		{"empty", "  \n-- only a comment\n", nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spans, ok := splitStatements(c.text)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			var got []string
			for _, sp := range spans {
				got = append(got, c.text[sp.start:sp.end])
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("statements (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParserReuse: a Parser that has read other files reads each file
// exactly as a fresh Parse does, positions included, though it reuses the
// trees of statements it has seen (at other offsets, in other files).
func TestParserReuse(t *testing.T) {
	d, err := dialect.Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	var files []schema.File
	for _, name := range []string{"app.sql", "naming.sql", "pg_dump.sql"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, schema.File{Path: name, Data: data})
	}
	base := largeSchema(60)
	// The head moves every statement (a new first table), changes one and
	// repeats one, as a pull request would.
	head := "CREATE TABLE zz (a int);\n\n" + strings.Replace(base, "CREATE TABLE t7 (", "CREATE TABLE t7 (\n  extra int,", 1)
	files = append(files,
		schema.File{Path: "base.sql", Data: []byte(base)},
		schema.File{Path: "head.sql", Data: []byte(head)},
		schema.File{Path: "again.sql", Data: []byte(base)})
	// New trees each file adds: the head only its two new statements, the
	// base read again none.
	added := map[string]int{"head.sql": 2, "again.sql": 0}
	p := NewParser(d)
	for _, f := range files {
		before := len(p.trees)
		got, gotErr := p.Parse(f)
		if n, ok := added[f.Path]; ok && len(p.trees)-before != n {
			t.Errorf("%s: %d statements parsed, want %d", f.Path, len(p.trees)-before, n)
		}
		want, wantErr := Parse(d, f)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s: error %v, want %v", f.Path, gotErr, wantErr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: a shared Parser reads differently from a fresh one (-fresh +shared):\n%s", f.Path, diff)
		}
	}
}

// TestParserFallback: statements the cut gets wrong (a BEGIN ATOMIC body)
// and syntax errors are read from the whole file, with true positions.
func TestParserFallback(t *testing.T) {
	d, err := dialect.Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	sql := "CREATE TABLE t (a int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\nEND;\nCREATE TABLE u (b int);\n"
	s, err := NewParser(d).Parse(schema.File{Path: "s.sql", Data: []byte(sql)})
	if err != nil {
		t.Fatal(err)
	}
	if u := s.Table(qn("u")); u == nil || u.Pos.Line != 6 || len(s.Objects) != 1 {
		t.Errorf("table u = %+v, objects %d; want u at line 6 and the function", u, len(s.Objects))
	}
	p := NewParser(d)
	if _, err := p.Parse(schema.File{Path: "a.sql", Data: []byte("CREATE TABLE t (a int);\n")}); err != nil {
		t.Fatal(err)
	}
	_, err = p.Parse(schema.File{Path: "b.sql", Data: []byte("CREATE TABLE t (a int);\nCREATE TABLE u (\n  a int,,\n);\n")})
	if err == nil || err.Error() != "b.sql:3:9: syntax error at or near \",\"" {
		t.Errorf("error %v, want the syntax error at b.sql:3:9", err)
	}
}

// statementsMatchWhole checks that the statements read through the cut
// and the batches are those of one pg_query call on the whole file, with
// the same locations in the file.
func statementsMatchWhole(t *testing.T, p *Parser, text string) {
	t.Helper()
	f := newSourceFile(schema.File{Path: "f.sql", Data: []byte(text)})
	pf := &parsedFile{src: f}
	p.parseFiles([]*parsedFile{pf})
	got, gotErr := pf.stmts, pf.err
	want, wantErr := f.parseWhole()
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("error %v, want %v", gotErr, wantErr)
	}
	if len(got) != len(want) {
		t.Fatalf("%d statements, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].loc != want[i].loc {
			t.Errorf("statement %d starts at %d, want %d", i, got[i].loc, want[i].loc)
		}
		g, w := inFile(got[i]), inFile(want[i])
		if !proto.Equal(g, w) {
			t.Errorf("statement %d differs:\n got %v\nwant %v", i, g, w)
		}
	}
}

// inFile copies a statement's tree with its locations counted from the
// start of the file.
func inFile(st stmt) *pg.Node {
	n := proto.Clone(st.node).(*pg.Node)
	var shift func(m protoreflect.Message)
	shift = func(m protoreflect.Message) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case strings.HasSuffix(string(fd.Name()), "location") && fd.Kind() == protoreflect.Int32Kind && v.Int() >= 0:
				m.Set(fd, protoreflect.ValueOfInt32(int32(v.Int())+int32(st.base)))
			case fd.Kind() == protoreflect.MessageKind && fd.IsList():
				for i := 0; i < v.List().Len(); i++ {
					shift(v.List().Get(i).Message())
				}
			case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
				shift(v.Message())
			}
			return true
		})
	}
	shift(n.ProtoReflect())
	return n
}

func FuzzStatementsMatchWhole(f *testing.F) {
	for _, name := range []string{"app.sql", "naming.sql", "pg_dump.sql"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(largeSchema(4))
	f.Add(`SELECT E'a\';b'; SELECT 'c\'; SELECT $x$;$x$, "q;""r"; /* ; /* ; */ */ SELECT 1 -- ;` + "\n;")
	d, err := dialect.Postgres("15")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if strings.IndexByte(text, 0) >= 0 {
			return
		}
		// A parser that has read the seeds reuses some of their trees.
		p := NewParser(d)
		statementsMatchWhole(t, p, largeSchema(2))
		statementsMatchWhole(t, p, text)
	})
}

// TestParseEach: sides read together are the sides read one by one; an
// error is the first failing side's, with the sides before it read.
func TestParseEach(t *testing.T) {
	d, err := dialect.Postgres("15")
	if err != nil {
		t.Fatal(err)
	}
	base := []schema.File{{Path: "types.sql", Data: []byte("CREATE TYPE status AS ENUM ('new', 'active', 'closed');\n")},
		{Path: "base.sql", Data: []byte(strings.TrimPrefix(largeSchema(30), "CREATE TYPE status AS ENUM ('new', 'active', 'closed');\n"))}}
	head := []schema.File{base[0], {Path: "head.sql", Data: []byte(strings.Replace(string(base[1].Data), "CREATE TABLE t3 (", "CREATE TABLE t3 (\n  extra int,", 1))}}
	got, err := NewParser(d).ParseEach(base, head)
	if err != nil {
		t.Fatal(err)
	}
	for i, side := range [][]schema.File{base, head} {
		want, err := Parse(d, side...)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got[i]); diff != "" {
			t.Errorf("side %d (-alone +together):\n%s", i, diff)
		}
	}
	// Both sides the same files: every tree is read by both readers at
	// once (go test -race proves the readers leave the trees alone).
	for _, name := range []string{"app.sql", "naming.sql", "pg_dump.sql"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		side := []schema.File{{Path: name, Data: data}}
		want, err := Parse(d, side...)
		if err != nil {
			t.Fatal(err)
		}
		got, err := NewParser(d).ParseEach(side, side, side)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if diff := cmp.Diff(want, got[i]); diff != "" {
				t.Errorf("%s, side %d (-alone +together):\n%s", name, i, diff)
			}
		}
	}
	// A syntax error in the head, batched with the base's statements, is
	// the head's error at its true position; the base is read.
	bad := []schema.File{{Path: "bad.sql", Data: []byte("CREATE TABLE x (\n  a int,,\n);\n")}}
	got, err = NewParser(d).ParseEach(base, bad)
	if err == nil || err.Error() != "bad.sql:2:9: syntax error at or near \",\"" {
		t.Errorf("error %v, want the syntax error at bad.sql:2:9", err)
	}
	if got[0] == nil || got[1] != nil {
		t.Errorf("schemas %v, want the base only", got)
	}
	// A reading error in the base comes first.
	dup := []schema.File{{Path: "dup.sql", Data: []byte("CREATE TABLE t (a int);\nCREATE TABLE t (a int);\n")}}
	if _, err := NewParser(d).ParseEach(dup, bad); err == nil || !strings.Contains(err.Error(), "dup.sql:2") {
		t.Errorf("error %v, want the base's error at dup.sql:2", err)
	}
}
