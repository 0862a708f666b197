package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/migrate-bot/migrate-bot/internal/engine/introspect/sqlite/sqltext"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Querier runs a query. *sql.DB, *sql.Tx and *sql.Conn satisfy it, so the
// caller decides which connection or transaction is read.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Options narrow what Inspect reads.
type Options struct {
	// Schema is the attached database to read: "main" (the default when
	// empty), "temp", or the name given to ATTACH.
	Schema string
}

// ErrUnsupported is wrapped by the error Inspect returns when the
// database holds an object the model cannot represent (a virtual table).
// Refusing is safer than leaving the object out: a plan made from an
// incomplete schema could drop it.
var ErrUnsupported = errors.New("not supported by SQLite introspection")

// Inspect reads the schema of the database q is connected to. The result
// has Dialect "sqlite" and is normalized.
func Inspect(ctx context.Context, q Querier, opts Options) (*schema.Schema, error) {
	return InspectSplit(ctx, []Querier{q}, opts)
}

// InspectSplit reads one schema whose objects are spread over several
// databases, as Inspect would read a database holding them all: a
// foreign key in one database names its parent in another. The databases
// must not have two objects of the same name; they are read in parallel,
// so each Querier must be usable on its own goroutine.
func InspectSplit(ctx context.Context, qs []Querier, opts Options) (*schema.Schema, error) {
	parts := make([]*Part, len(qs))
	errs := make([]error, len(qs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(qs)) {
		wg.Go(func() {
			for i := range next {
				var got []*Part
				got, errs[i] = ReadParts(ctx, qs[i], opts, 1, func(string, string) int { return 0 })
				if errs[i] == nil {
					parts[i] = got[0]
				}
			}
		})
	}
	for i := range qs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return assemble(parts, false), nil
}

// readDatabase reads one database's catalog, columns, indexes and the
// rows of its foreign keys.
func readDatabase(ctx context.Context, q Querier, db string) (*inspector, *schema.Schema, error) {
	in := &inspector{q: q, db: db, tables: map[string]*table{}}
	s := &schema.Schema{Dialect: "sqlite"}
	steps := []struct {
		what string
		read func(context.Context, *schema.Schema) error
	}{
		{"catalog", in.catalog},
		{"columns", in.columns},
		{"indexes", in.indexes},
		{"foreign keys", in.foreignKeys},
	}
	for _, st := range steps {
		if err := st.read(ctx, s); err != nil {
			return nil, nil, fmt.Errorf("introspect sqlite: %s: %w", st.what, err)
		}
	}
	return in, s, nil
}

// inspector carries what one Inspect call learns along the way.
type inspector struct {
	q Querier
	// db is the schema name (main, temp, an attached name).
	db string
	// tables are the tables read, by lower-cased name (SQLite compares
	// names case-insensitively), and in catalog order.
	tables map[string]*table
	order  []*table
	// indexSQL maps a lower-cased index name to its CREATE INDEX text.
	indexSQL map[string]string
	// fkRows are the rows of pragma_foreign_key_list, by table and id.
	fkRows []fkRow
}

// table is a table being read: the model, its parsed CREATE TABLE, and
// its primary key columns by position (pragma_table_xinfo.pk).
type table struct {
	t    *schema.Table
	def  *sqltext.Table
	pkAt map[int]string
}

// pkColumns returns the primary key columns in key order.
func (t *table) pkColumns() []string {
	cols := make([]string, 0, len(t.pkAt))
	for _, i := range slices.Sorted(maps.Keys(t.pkAt)) {
		cols = append(cols, t.pkAt[i])
	}
	return cols
}

// lookup returns the table named name, or nil.
func (in *inspector) lookup(name string) *table { return in.tables[strings.ToLower(name)] }

// catalogFilter keeps the user's tables of sqlite_schema: not the
// internal sqlite_% tables (sqlite_sequence, sqlite_stat1 ...).
const catalogFilter = `m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'`

// schemaTable is the quoted sqlite_schema of the inspected database.
func (in *inspector) schemaTable() string {
	return `"` + strings.ReplaceAll(in.db, `"`, `""`) + `".sqlite_schema`
}

// catalog reads sqlite_schema: tables (with their CREATE text), index
// texts, views and triggers.
func (in *inspector) catalog(ctx context.Context, s *schema.Schema) error {
	in.indexSQL = map[string]string{}
	q := `SELECT m.type, m.name, m.tbl_name, coalesce(m.sql, '') FROM ` + in.schemaTable() + ` m
		WHERE m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.type, m.name`
	return in.query(ctx, q, nil, func(scan scanFunc) error {
		var typ, name, tbl, text string
		if err := scan(&typ, &name, &tbl, &text); err != nil {
			return err
		}
		switch typ {
		case "table":
			def := sqltext.ParseCreateTable(text)
			if def == nil || def.Virtual {
				return fmt.Errorf("table %s is a virtual table: %w", name, ErrUnsupported)
			}
			t := &table{t: &schema.Table{Name: schema.QName{Name: name}}, def: def}
			if def.WithoutRowid || def.Strict {
				t.t.Options = map[string]string{}
				if def.WithoutRowid {
					t.t.Options[OptionWithoutRowid] = "true"
				}
				if def.Strict {
					t.t.Options[OptionStrict] = "true"
				}
			}
			in.tables[strings.ToLower(name)] = t
			in.order = append(in.order, t)
			s.Tables = append(s.Tables, t.t)
		case "index":
			in.indexSQL[strings.ToLower(name)] = text
		case "view":
			s.Objects = append(s.Objects, &schema.Object{Kind: schema.ObjectView,
				Name: schema.QName{Name: name}, Definition: strings.TrimSpace(text)})
		case "trigger":
			s.Objects = append(s.Objects, &schema.Object{Kind: schema.ObjectTrigger,
				Name: schema.QName{Name: name}, Table: &schema.QName{Name: tbl},
				Definition: strings.TrimSpace(text), DependsOn: []schema.QName{{Name: tbl}}})
		}
		return nil
	})
}

// Table options the introspection reports in schema.Table.Options.
const (
	// OptionWithoutRowid is set to "true" for a WITHOUT ROWID table.
	OptionWithoutRowid = "without_rowid"
	// OptionStrict is set to "true" for a STRICT table.
	OptionStrict = "strict"
)

// scanFunc scans the current row into dest, as sql.Rows.Scan does.
type scanFunc func(dest ...any) error

// query runs a query and calls row for each result row.
func (in *inspector) query(ctx context.Context, text string, args []any, row func(scanFunc) error) error {
	rows, err := in.q.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

// tableScan scans a row of a per-table query and returns the table the
// row belongs to.
type tableScan func(dest ...any) (*table, error)

// perTable runs a query joining every user table of sqlite_schema (alias
// m) with table-valued pragmas, whose schema argument is ?1, and calls row
// for each result row.
func (in *inspector) perTable(ctx context.Context, cols, from, where, order string, row func(tableScan) error) error {
	if where != "" {
		where = " AND " + where
	}
	q := `SELECT m.name, ` + cols + ` FROM ` + in.schemaTable() + ` m, ` + from +
		` WHERE ` + catalogFilter + where + ` ORDER BY m.name, ` + order
	// Rows come table by table: the last table found is kept, and the
	// scan's destinations reuse one slice.
	var name, lastName string
	var last *table
	var args []any
	return in.query(ctx, q, []any{in.db}, func(scan scanFunc) error {
		return row(func(dest ...any) (*table, error) {
			args = append(append(args[:0], &name), dest...)
			if err := scan(args...); err != nil {
				return nil, err
			}
			if last != nil && name == lastName {
				return last, nil
			}
			t := in.lookup(name)
			if t == nil {
				return nil, fmt.Errorf("table %s is not in the catalog", name)
			}
			last, lastName = t, name
			return t, nil
		})
	})
}
