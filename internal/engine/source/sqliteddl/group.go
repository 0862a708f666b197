package sqliteddl

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
)

// Why groups: SQLite re-reads its catalog after each CREATE statement
// (the OP_ParseSchema step of build.c scans the whole sqlite_schema for
// the new object's rows), so executing n statements in one database costs
// O(n²); 2,000 tables take seconds. A file made only of CREATE statements
// with distinct names can instead be executed in several small databases:
// a table with the indexes, triggers and views that name it in one, every
// group on its own. SQLite checks nothing across tables at CREATE TABLE
// (foreign keys name their parent without checking it, foreignkeys.html
// 3), so each statement runs as it would in one database, and
// InspectSplit reads the databases back as one schema.

// statement is one statement to execute, with the file it comes from.
type statement struct {
	src *source
	st  sqltext.Statement
}

// object is what a CREATE statement makes: its kind, its name folded as
// SQLite folds names, and the statement's other names (the table an index
// or trigger is on, what a view reads...).
type object struct {
	kind string
	key  string
	refs []string
}

// plan is a file split into groups: statements that must run in the same
// database, and statements (transaction control, a few PRAGMAs) that every
// database runs. Indexes are into the statement list.
type plan struct {
	groups [][]int
	global []int
	// objs are what each statement creates (nil for global ones).
	objs []*object
}

// groupable reports whether a statement may run in a group and what it
// creates; nil with ok true is a statement every group runs.
func groupable(toks []sqltext.Token) (obj *object, ok bool) {
	switch {
	case toks[0].Is("BEGIN") || toks[0].Is("COMMIT") || toks[0].Is("END") ||
		toks[0].Is("ROLLBACK") || toks[0].Is("SAVEPOINT") || toks[0].Is("RELEASE"):
		// Transaction state is the same in every database: each runs
		// every transaction statement, and none of its CREATE fails.
		return nil, true
	case toks[0].Is("PRAGMA"):
		// foreign_keys and defer_foreign_keys change no CREATE statement.
		if len(toks) > 1 && (toks[1].Is("foreign_keys") || toks[1].Is("defer_foreign_keys")) {
			return nil, true
		}
		return nil, false
	case !toks[0].Is("CREATE"):
		return nil, false
	}
	i := 1
	if i < len(toks) && toks[i].Is("UNIQUE") {
		i++
	}
	if i >= len(toks) {
		return nil, false
	}
	kind := strings.ToUpper(toks[i].Text)
	if toks[i].Kind != sqltext.Word || kind != "TABLE" && kind != "INDEX" && kind != "VIEW" && kind != "TRIGGER" {
		return nil, false // TEMP objects, anything else: one database
	}
	i++
	if i+2 < len(toks) && toks[i].Is("IF") && toks[i+1].Is("NOT") && toks[i+2].Is("EXISTS") {
		i += 3
	}
	if i+1 >= len(toks) || toks[i+1].IsPunct(".") {
		return nil, false // schema-qualified names: one database
	}
	name, next := toks[i], toks[i+1]
	switch kind {
	case "TABLE":
		if !next.IsPunct("(") {
			return nil, false // CREATE TABLE ... AS SELECT reads other tables
		}
	case "INDEX":
		if !next.Is("ON") {
			return nil, false
		}
	case "VIEW":
		if !next.Is("AS") && !next.IsPunct("(") {
			return nil, false
		}
	}
	obj = &object{kind: kind, key: foldName(name.Name())}
	if kind != "TABLE" {
		// Every name the statement mentions: the table an index or
		// trigger is on, what a view or trigger body reads. Too many is
		// harmless (a larger group).
		for _, t := range toks[i+1:] {
			if t.Kind == sqltext.Word || t.Kind == sqltext.Ident || t.Kind == sqltext.String {
				obj.refs = append(obj.refs, foldName(t.Name()))
			}
		}
	}
	return obj, true
}

// foldName folds a name as SQLite compares names: ASCII letters only
// (sqlite3StrICmp).
func foldName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// planGroups splits the statements into groups, or reports false when
// they must run in one database: a statement that is not a plain CREATE
// (ALTER, DROP, TEMP objects ...), or two objects of the same name.
func planGroups(stmts []statement) (plan, bool) {
	var p plan
	objs := make([]*object, len(stmts))
	// Tables, indexes and views share one namespace, triggers another.
	owner := map[string]int{}
	triggers := map[string]bool{}
	for i, s := range stmts {
		obj, ok := groupable(s.st.Tokens)
		if !ok {
			return plan{}, false
		}
		if obj == nil {
			p.global = append(p.global, i)
			continue
		}
		objs[i] = obj
		if obj.kind == "TRIGGER" {
			if triggers[obj.key] {
				return plan{}, false
			}
			triggers[obj.key] = true
			continue
		}
		if _, dup := owner[obj.key]; dup {
			return plan{}, false
		}
		owner[obj.key] = i
	}
	parent := make([]int, len(stmts))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, obj := range objs {
		if obj == nil {
			continue
		}
		for _, r := range obj.refs {
			if j, ok := owner[r]; ok {
				parent[find(i)] = find(j)
			}
		}
	}
	at := map[int]int{}
	for i, obj := range objs {
		if obj == nil {
			continue
		}
		root := find(i)
		g, ok := at[root]
		if !ok {
			g = len(p.groups)
			at[root] = g
			p.groups = append(p.groups, nil)
		}
		p.groups[g] = append(p.groups[g], i)
	}
	p.objs = objs
	return p, true
}
