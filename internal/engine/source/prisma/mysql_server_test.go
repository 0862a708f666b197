package prisma

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/mytest"
)

// TestMysqlMatchesServer runs on MariaDB the SQL Prisma's MySQL renderer
// writes for testdata/mysql/blog.prisma (derived by hand from the
// renderer's rules: Prisma's WebAssembly engine has no MySQL connector)
// and requires the reader's schema to equal what the server reports.
//
// The catalog is read here by catalogSchema, a small information_schema
// reader that covers what the Prisma schema uses, until the MySQL
// introspection package exists to take its place.
func TestMysqlMatchesServer(t *testing.T) {
	db := mytest.New(t)
	ddl, err := os.ReadFile("testdata/mysql/blog.sql")
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(t, string(ddl))
	live := catalogSchema(t, db.DB, db.Name)
	got, err := ParseDir("testdata/mysql/blog.prisma")
	if err != nil {
		t.Fatal(err)
	}
	if len(live.Tables) != 6 {
		t.Fatalf("%d tables on the server", len(live.Tables))
	}
	for _, d := range schema.Differences(got, live) {
		t.Errorf("reader vs server: %s", d)
	}
}

// catalogSchema reads tables, columns, keys, indexes and foreign keys of
// one database from information_schema, with the model's canonical MySQL
// spellings: COLUMN_TYPE through dialect.NormalizeMySQLType, COLUMN_DEFAULT
// as MariaDB prints it, AUTO_INCREMENT as a sequence default.
func catalogSchema(t *testing.T, db *sql.DB, name string) *schema.Schema {
	t.Helper()
	ctx := context.Background()
	query := func(q string, scan func(*sql.Rows) error) {
		t.Helper()
		rows, err := db.QueryContext(ctx, q, name)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	s := &schema.Schema{Dialect: "mysql"}
	tables := map[string]*schema.Table{}
	table := func(n string) *schema.Table {
		if tables[n] == nil {
			tables[n] = &schema.Table{Name: schema.QName{Name: n}}
			s.Tables = append(s.Tables, tables[n])
		}
		return tables[n]
	}
	// MariaDB's json is longtext with a json_valid check named after the
	// column; the model calls it json.
	query(`SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.EXTRA,
			EXISTS (SELECT 1 FROM information_schema.CHECK_CONSTRAINTS k WHERE k.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA
				AND k.TABLE_NAME = c.TABLE_NAME AND k.CHECK_CLAUSE = CONCAT('json_valid(', CHAR(96), c.COLUMN_NAME, CHAR(96), ')'))
		FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = ? ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`, func(r *sql.Rows) error {
		var tn, cn, typ, null, extra string
		var def sql.NullString
		var isJSON bool
		if err := r.Scan(&tn, &cn, &typ, &null, &def, &extra, &isJSON); err != nil {
			return err
		}
		if isJSON && typ == "longtext" {
			typ = "json"
		}
		norm, err := myDialect.NormalizeMySQLType(typ)
		if err != nil {
			return err
		}
		c := &schema.Column{Name: cn, Type: schema.Type{Raw: typ, Norm: norm}, NotNull: null == "NO"}
		switch {
		case strings.Contains(extra, "auto_increment"):
			c.Default = &schema.Default{Kind: schema.DefaultSequence, Expr: "auto_increment"}
		case def.Valid && def.String != "NULL":
			c.Default = &schema.Default{Expr: def.String}
			if strings.HasPrefix(def.String, "current_timestamp") {
				c.Default.Kind = schema.DefaultFunction
			}
		}
		table(tn).Columns = append(table(tn).Columns, c)
		return nil
	})
	indexes := map[[2]string]*schema.Index{}
	query(`SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COALESCE(SUB_PART, 0), COALESCE(COLLATION, 'A'), INDEX_TYPE
		FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`, func(r *sql.Rows) error {
		var tn, in, cn, coll, typ string
		var nonUnique, sub int
		if err := r.Scan(&tn, &in, &nonUnique, &cn, &sub, &coll, &typ); err != nil {
			return err
		}
		tb := table(tn)
		if in == "PRIMARY" {
			if tb.PrimaryKey == nil {
				tb.PrimaryKey = &schema.PrimaryKey{Name: in}
			}
			tb.PrimaryKey.Columns = append(tb.PrimaryKey.Columns, cn)
			return nil
		}
		k := [2]string{tn, in}
		if indexes[k] == nil {
			indexes[k] = &schema.Index{Name: in, Unique: nonUnique == 0}
			if typ == "FULLTEXT" {
				indexes[k].Method = typ
			}
			tb.Indexes = append(tb.Indexes, indexes[k])
		}
		indexes[k].Parts = append(indexes[k].Parts, schema.IndexPart{Column: cn, Length: sub, Desc: coll == "D"})
		return nil
	})
	fks := map[[2]string]*schema.ForeignKey{}
	query(`SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, rc.DELETE_RULE, rc.UPDATE_RULE
		FROM information_schema.KEY_COLUMN_USAGE k
		JOIN information_schema.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
		WHERE k.TABLE_SCHEMA = ? ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`, func(r *sql.Rows) error {
		var tn, fn, cn, rt, rcn, del, upd string
		if err := r.Scan(&tn, &fn, &cn, &rt, &rcn, &del, &upd); err != nil {
			return err
		}
		k := [2]string{tn, fn}
		if fks[k] == nil {
			fks[k] = &schema.ForeignKey{Name: fn, RefTable: schema.QName{Name: rt}, OnDelete: del, OnUpdate: upd}
			table(tn).ForeignKeys = append(table(tn).ForeignKeys, fks[k])
		}
		fks[k].Columns = append(fks[k].Columns, cn)
		fks[k].RefColumns = append(fks[k].RefColumns, rcn)
		return nil
	})
	return s.Normalize()
}
