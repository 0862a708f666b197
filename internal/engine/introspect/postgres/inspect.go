package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Querier runs a query. *sql.DB, *sql.Tx and *sql.Conn satisfy it, so the
// caller decides which connection, transaction or snapshot is read.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Options narrow what Inspect reads.
type Options struct {
	// Schemas lists the namespaces to read. Empty means every non-system
	// namespace (all but pg_catalog, information_schema, pg_toast* and
	// pg_temp_*). Extensions are listed whatever this says.
	Schemas []string
}

// ErrUnsupported is wrapped by the error Inspect returns when the database
// holds an object the model cannot represent (a partition, an exclusion
// constraint, a foreign table, an aggregate). Refusing is safer than
// leaving the object out: a plan made from an incomplete schema could drop
// it.
var ErrUnsupported = errors.New("not supported by PostgreSQL introspection")

// Inspect reads the schema of the database q is connected to. The result
// has Dialect "postgres" and is normalized.
func Inspect(ctx context.Context, q Querier, opts Options) (*schema.Schema, error) {
	filter, err := json.Marshal(nonNil(opts.Schemas))
	if err != nil {
		return nil, fmt.Errorf("introspect postgres: encode schema list: %w", err)
	}
	in := &inspector{q: q, filter: string(filter), tables: map[int64]*schema.Table{},
		colTypes: map[int64]map[string]string{}, memo: newCanonMemo()}
	if err := in.readVersion(ctx); err != nil {
		return nil, err
	}
	s := &schema.Schema{Dialect: "postgres"}
	steps := []struct {
		what string
		read func(context.Context, *schema.Schema) error
	}{
		{"namespaces", in.namespaces},
		{"extensions", in.extensions},
		{"enums", in.enums},
		{"sequences", in.sequences},
		{"tables", in.readTables},
		{"columns", in.columns},
		{"constraints", in.constraints},
		{"indexes", in.indexes},
		{"views", in.views},
		{"functions", in.functions},
		{"triggers", in.triggers},
	}
	for _, st := range steps {
		if err := st.read(ctx, s); err != nil {
			return nil, fmt.Errorf("introspect postgres: %s: %w", st.what, err)
		}
	}
	return s.Normalize(), nil
}

// inspector carries what one Inspect call learns along the way: the server
// version (catalog columns differ by version) and the tables by oid, so
// columns, constraints and indexes read in bulk find their table.
type inspector struct {
	q Querier
	// filter is the JSON array of namespaces to read, passed as $1 to every
	// query that filters by namespace ("[]" for all).
	filter string
	// version is server_version_num, e.g. 150004.
	version int
	tables  map[int64]*schema.Table
	// colTypes maps a table's oid to its columns' format_type spellings,
	// which expression canonicalization uses to drop casts on columns.
	colTypes map[int64]map[string]string
	// memo holds canonicalized expressions already computed.
	memo *canonMemo
}

func (in *inspector) readVersion(ctx context.Context) error {
	err := in.query(ctx, `SELECT current_setting('server_version_num')::int8`, nil, func(scan scanFunc) error {
		var v int64
		if err := scan(&v); err != nil {
			return err
		}
		in.version = int(v)
		return nil
	})
	if err != nil {
		return fmt.Errorf("introspect postgres: server version: %w", err)
	}
	if in.version < 100000 {
		return fmt.Errorf("introspect postgres: server version %d: PostgreSQL 10 or later is required: %w", in.version, ErrUnsupported)
	}
	return nil
}

// atLeast reports whether the server is at least the given major version.
func (in *inspector) atLeast(major int) bool { return in.version >= major*10000 }

// scanFunc scans the current row into dest, as sql.Rows.Scan does.
type scanFunc func(dest ...any) error

// query runs a catalog query and calls row for each result row. args nil
// means the query takes no parameters; otherwise they are passed as given.
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

// queryNS runs a query whose namespace filter takes the schema list as $1.
func (in *inspector) queryNS(ctx context.Context, text string, row func(scanFunc) error) error {
	return in.query(ctx, text, []any{in.filter}, row)
}

// nsFilter is the SQL condition that keeps namespace alias n when it is not
// a system namespace and is in the requested list ($1, a JSON array; empty
// means all). LIKE's default escape is the backslash, so "\_" is a literal
// underscore.
func nsFilter(n string) string {
	return strings.ReplaceAll(`({n}.nspname NOT IN ('pg_catalog', 'information_schema')`+
		` AND {n}.nspname NOT LIKE 'pg\_toast%' AND {n}.nspname NOT LIKE 'pg\_temp\_%'`+
		` AND ($1::text = '[]' OR {n}.nspname::text IN (SELECT json_array_elements_text($1::text::json))))`, "{n}", n)
}

// notExtensionMember is the SQL condition that object oid (of catalog
// class, e.g. 'pg_class') is not part of an extension.
func notExtensionMember(oid, class string) string {
	return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '` + class +
		`'::regclass AND e.objid = ` + oid + ` AND e.deptype = 'e')`
}

// jsonStrings decodes a JSON array of strings produced by json_agg; SQL
// NULL arrives as "" and decodes to nil.
func jsonStrings(s string) ([]string, error) {
	if s == "" || s == "null" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("decode %q: %w", s, err)
	}
	return out, nil
}

// jsonNames decodes a JSON array of [schema, name] pairs into QNames.
func jsonNames(s string) ([]schema.QName, error) {
	if s == "" || s == "null" {
		return nil, nil
	}
	var pairs [][2]string
	if err := json.Unmarshal([]byte(s), &pairs); err != nil {
		return nil, fmt.Errorf("decode %q: %w", s, err)
	}
	out := make([]schema.QName, len(pairs))
	for i, p := range pairs {
		out[i] = schema.QName{Schema: p[0], Name: p[1]}
	}
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
