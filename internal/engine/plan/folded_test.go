package plan_test

import (
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/mysqlddl"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqliteddl"
)

// TestFoldedChanges: a step whose statements carry out several changes
// (a merged MySQL ALTER TABLE, a SQLite table rebuild, a new SQLite table
// with its foreign keys inline) lists them in Folded, in plan order; each
// folded change keeps an empty step pointing at its carrier and is folded
// into one step only; every change of the diff is carried out by a step
// with statements (a change can also have several steps of its own, such
// as the foreign-key pragmas around a SQLite rebuild).
func TestFoldedChanges(t *testing.T) {
	maria, err := dialect.Mariadb("10.11")
	if err != nil {
		t.Fatal(err)
	}
	lite, err := dialect.Sqlite("3.45")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		d          *dialect.Dialect
		base, head string
		// carried is the number of changes the step with the most
		// changes carries out.
		carried int
	}{
		{"mariadb merged instant clauses", maria,
			"CREATE TABLE t (id int PRIMARY KEY, a int);",
			"CREATE TABLE t (id int PRIMARY KEY, a int, b int, c varchar(10), d int DEFAULT 1);", 3},
		{"mariadb alone", maria,
			"CREATE TABLE t (id int PRIMARY KEY);",
			"CREATE TABLE t (id int PRIMARY KEY, b int);", 1},
		{"sqlite rebuild", lite,
			"CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b TEXT);",
			"CREATE TABLE t (id INTEGER PRIMARY KEY, a BIGINT NOT NULL DEFAULT 0, b TEXT CHECK (b <> ''), UNIQUE (a));", 3},
		{"sqlite new table with foreign keys", lite,
			"CREATE TABLE p (id INTEGER PRIMARY KEY);",
			"CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY, p1 INT REFERENCES p, p2 INT REFERENCES p (id));", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parse := func(text string) *schema.Schema {
				var s *schema.Schema
				var err error
				f := schema.File{Path: "s.sql", Data: []byte(text)}
				if c.d.Name == "sqlite" {
					s, err = sqliteddl.Parse(c.d, f)
				} else {
					s, err = mysqlddl.Parse(c.d, f)
				}
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			from, to := parse(c.base), parse(c.head)
			res, err := diff.Diff(from, to, diff.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p, err := plan.Build(res.Changes, from, to, c.d)
			if err != nil {
				t.Fatal(err)
			}
			carriedBy := map[schema.Change]*plan.Step{}
			most := 0
			for i, s := range p.Steps {
				if s.FoldedInto != nil {
					if len(s.Up)+len(s.Down) != 0 || len(s.Folded) != 0 {
						t.Errorf("step %d is folded into another but has statements or folded changes", i)
					}
					if !contains(s.FoldedInto.Folded, s.Change) {
						t.Errorf("step %d (%s): its carrier does not list its change", i, s.Change.Kind())
					}
					continue
				}
				if len(s.Up) == 0 {
					t.Errorf("step %d (%s) has no statements and no carrier", i, s.Change.Kind())
				}
				for _, ch := range s.Folded {
					if carriedBy[ch] != nil {
						t.Errorf("%s %s is folded into two steps", ch.Kind(), plan.ObjectName(ch))
					}
				}
				for _, ch := range s.Changes() {
					carriedBy[ch] = s
				}
				if s.Changes()[0] != s.Change {
					t.Errorf("step %d: Changes does not start with Change", i)
				}
				most = max(most, len(s.Changes()))
			}
			for _, ch := range res.Changes {
				if carriedBy[ch] == nil {
					t.Errorf("%s %s is carried out by no step", ch.Kind(), plan.ObjectName(ch))
				}
			}
			if most != c.carried {
				t.Errorf("the largest step carries %d changes, want %d", most, c.carried)
			}
		})
	}
}

func contains(list []schema.Change, c schema.Change) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}
