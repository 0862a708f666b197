package sqliteddl

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: SQLite itself reads the DDL

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	sqliteinspect "github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite"
	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// dbSerial makes each Parse's in-memory database name unique.
var dbSerial atomic.Int64

// Parse reads SQLite DDL files, in order, into one schema: each statement
// is executed by SQLite itself in a private in-memory database, which is
// then inspected (package introspect/sqlite). The files are read as if run
// one after the other, so a later ALTER TABLE changes a table an earlier
// file created. d must be the sqlite dialect. Errors are *schema.PosError.
// Parse is NewReader(d).Parse(files...): a plan that reads a base and a
// head should share one Reader.
func Parse(d *dialect.Dialect, files ...schema.File) (*schema.Schema, error) {
	return NewReader(d).Parse(files...)
}

// Reader reads SQLite DDL as Parse does, and remembers what it executed:
// when a large file is read in groups (a table with its indexes, views and
// triggers, see group.go), each group's inspected objects are kept, keyed
// by the group's statement texts, so a later read with the same group
// takes them instead of executing the statements again. The base and the
// head of a plan share most of their tables, so a Reader that read the
// base executes only the head's new or changed groups.
//
// A Reader is not safe for concurrent use and holds what it read until it
// is dropped: use one per plan, never one for the whole process.
type Reader struct {
	d *dialect.Dialect
	// parts maps a group's key (groupKey) to its inspected objects; a
	// part is never modified (sqlite.Assemble copies it).
	parts map[string]*sqliteinspect.Part
	// columns maps a CREATE TABLE text to its columns (tracker.columns).
	columns map[string][]columnAt
}

// NewReader returns a Reader for dialect d, which must be sqlite.
func NewReader(d *dialect.Dialect) *Reader {
	return &Reader{d: d, parts: map[string]*sqliteinspect.Part{}, columns: map[string][]columnAt{}}
}

// Parse reads SQLite DDL files, in order, into one schema, as the package
// function Parse does. Errors are *schema.PosError.
func (r *Reader) Parse(files ...schema.File) (*schema.Schema, error) {
	out, err := r.ParseEach(files)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ParseEach reads several schemas, each from its own files in order (a
// plan's base and head), as Parse reads each, at once: the groups of
// statements they share are executed once, and their databases run in
// one pool. On error, which is the first failing side's error in order,
// the schemas of the sides before it are set and the others are nil.
func (r *Reader) ParseEach(sides ...[]schema.File) ([]*schema.Schema, error) {
	out := make([]*schema.Schema, len(sides))
	d := r.d
	if d == nil || d.Name != "sqlite" {
		name := "none"
		if d != nil {
			name = d.Name
		}
		var files []schema.File
		if len(sides) > 0 {
			files = sides[0]
		}
		return out, schema.Errorf(firstPos(files), "sqliteddl: the dialect must be sqlite, not %s", name)
	}
	read := make([]*side, len(sides))
	for i, files := range sides {
		read[i] = &side{files: files}
	}
	r.parseGrouped(read)
	errs := make([]error, len(sides))
	forEach(len(sides), func(i int) {
		if out[i] = read[i].out; out[i] == nil {
			out[i], errs[i] = parseOne(read[i].files)
		}
	})
	for i, err := range errs {
		if err != nil {
			clear(out[i:])
			return out, err
		}
	}
	return out, nil
}

// parseOne executes every statement, in file order, in one database.
func parseOne(files []schema.File) (*schema.Schema, error) {
	ctx := context.Background()
	db, conn, err := openMemory(ctx)
	if err != nil {
		return nil, schema.Errorf(firstPos(files), "sqliteddl: open in-memory database: %v", cleanMessage(err))
	}
	defer db.Close()
	defer conn.Close()

	tr := newTracker()
	for _, f := range files {
		src := newSource(f)
		if err := src.run(ctx, conn, tr); err != nil {
			return nil, err
		}
	}
	s, err := sqliteinspect.Inspect(ctx, conn, sqliteinspect.Options{})
	if err != nil {
		return nil, schema.Errorf(firstPos(files), "sqliteddl: %v", err)
	}
	tr.apply(s)
	return s, nil
}

// openMemory opens a private in-memory database and its one connection.
func openMemory(ctx context.Context) (*sql.DB, *sql.Conn, error) {
	dsn := fmt.Sprintf("file:migrate-bot-ddl-%d?mode=memory&cache=private", dbSerial.Add(1))
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, conn, nil
}

func firstPos(files []schema.File) schema.Pos {
	if len(files) == 0 {
		return schema.Pos{}
	}
	return schema.Pos{File: files[0].Path}
}

// run executes the statements of one file.
func (f *source) run(ctx context.Context, conn *sql.Conn, tr *tracker) error {
	if i := strings.IndexByte(f.text, 0); i >= 0 {
		return schema.Errorf(f.pos(i), "NUL byte in SQL text")
	}
	for _, st := range sqltext.Split(f.text) {
		execute, err := f.check(st)
		if err != nil {
			return err
		}
		if !execute {
			continue
		}
		if _, err := conn.ExecContext(ctx, st.Text); err != nil {
			return f.sqliteError(st, err)
		}
		tr.record(f, st)
	}
	return nil
}

// Statements by their first word: what SQLite is given, what is skipped
// because it does not change the schema, and what is refused.
var (
	executed = map[string]bool{"CREATE": true, "ALTER": true, "DROP": true, "BEGIN": true,
		"COMMIT": true, "END": true, "ROLLBACK": true, "SAVEPOINT": true, "RELEASE": true}
	skipped = map[string]bool{"ANALYZE": true, "REINDEX": true}
	data    = map[string]bool{"INSERT": true, "UPDATE": true, "DELETE": true, "SELECT": true,
		"WITH": true, "REPLACE": true, "VALUES": true}
	// pragmas are the PRAGMAs a schema file may set: they change how
	// later statements run, never files or the process. Others (for
	// example writable_schema, or pragmas that read files) are refused.
	pragmas = map[string]bool{"FOREIGN_KEYS": true, "DEFER_FOREIGN_KEYS": true, "LEGACY_ALTER_TABLE": true,
		"FOREIGN_KEY_CHECK": true, "USER_VERSION": true, "APPLICATION_ID": true, "JOURNAL_MODE": true,
		"SYNCHRONOUS": true, "BUSY_TIMEOUT": true, "RECURSIVE_TRIGGERS": true, "ENCODING": true,
		"AUTO_VACUUM": true, "PAGE_SIZE": true, "INTEGRITY_CHECK": true, "QUICK_CHECK": true,
		"OPTIMIZE": true, "CASE_SENSITIVE_LIKE": true, "IGNORE_CHECK_CONSTRAINTS": true}
)

// check decides whether a statement is executed, skipped or refused.
// Data statements are refused as the PostgreSQL reader refuses them: a
// schema file describes structure, and running arbitrary queries could
// loop without end. ATTACH, DETACH and VACUUM (which can write files) and
// CREATE VIRTUAL TABLE (which the model cannot carry) are refused too.
func (f *source) check(st sqltext.Statement) (bool, error) {
	toks := st.Tokens
	first := strings.ToUpper(toks[0].Text)
	pos := f.pos(st.Off)
	switch {
	case toks[0].IsPunct(";"):
		return false, nil
	case first == "CREATE":
		for _, t := range toks[1:min(len(toks), 4)] {
			if t.Is("VIRTUAL") {
				return false, schema.Errorf(pos, "CREATE VIRTUAL TABLE is not supported: the schema model cannot represent virtual tables")
			}
		}
		return true, nil
	case executed[first]:
		return true, nil
	case skipped[first]:
		return false, nil
	case data[first]:
		return false, schema.Errorf(pos, "%s is a data statement: schema files are read for their structure only", first)
	case first == "PRAGMA":
		name := ""
		if len(toks) > 1 {
			name = toks[1].Name()
		}
		if len(toks) > 3 && toks[2].IsPunct(".") {
			name = toks[3].Name()
		}
		if !pragmas[strings.ToUpper(name)] {
			return false, schema.Errorf(pos, "PRAGMA %s is not allowed in a schema file", name)
		}
		return true, nil
	case first == "ATTACH" || first == "DETACH" || first == "VACUUM" || first == "EXPLAIN":
		return false, schema.Errorf(pos, "%s is not supported in a schema file", first)
	}
	return true, nil // SQLite answers with a syntax error
}

// nearToken finds the token a "near \"x\": syntax error" message names.
var nearToken = regexp.MustCompile(`near "((?:[^"]|"")*)"`)

// errorCode is the " (1)" result code modernc.org/sqlite appends.
var errorCode = regexp.MustCompile(`\s*\(\d+\)$`)

// sqliteError turns SQLite's error for a statement into a PosError at the
// token the message names when it occurs once in the statement, or at the
// statement's start.
func (f *source) sqliteError(st sqltext.Statement, err error) error {
	msg := cleanMessage(err)
	off := st.Off
	if m := nearToken.FindStringSubmatch(msg); m != nil {
		// The message names the token but not which occurrence; point at
		// it only when the statement has one.
		found := 0
		for _, t := range st.Tokens {
			if t.Text == m[1] {
				found++
				off = t.Off
			}
		}
		if found != 1 {
			off = st.Off
		}
	}
	return schema.Errorf(f.pos(off), "%s", msg)
}

// cleanMessage is SQLite's own message without the driver's decoration:
// "SQL logic error: near \"x\": syntax error (1)" is
// "near \"x\": syntax error".
func cleanMessage(err error) string {
	msg := errorCode.ReplaceAllString(err.Error(), "")
	return strings.TrimPrefix(msg, "SQL logic error: ")
}
