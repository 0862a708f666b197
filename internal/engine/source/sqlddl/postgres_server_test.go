package sqlddl

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// TestMatchesServer runs each testdata schema on a real PostgreSQL and
// checks what the reader made of it against the catalog: column types,
// NOT NULL, defaults, identity and generated columns, the names of every
// constraint and index (PostgreSQL's own choice for unnamed ones), CHECK
// expressions, index predicates and the standalone sequences.
func TestMatchesServer(t *testing.T) {
	for _, name := range []string{"app.sql", "naming.sql", "pg_dump.sql"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			d, err := dialect.Postgres("15")
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(d, schema.File{Path: name, Data: data})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			db := pgtest.New(t)
			parts, err := pg.SplitWithParser(blankRestrict(string(data)), true)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range parts {
				db.Exec(t, p)
			}
			got := catalogFacts(t, db)
			want := modelFacts(s)
			if len(want) < 20 {
				t.Fatalf("only %d facts read; the comparison would prove little", len(want))
			}
			t.Logf("%d facts agree", len(want))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("reader (-) and server (+) disagree:\n%s", diff)
			}
		})
	}
}

// facts are comparable one-line statements about a schema.
type facts []string

func modelFacts(s *schema.Schema) facts {
	var out facts
	add := func(parts ...string) { out = append(out, strings.Join(parts, " | ")) }
	for _, t := range s.Tables {
		tn := t.Name.String()
		for _, c := range t.Columns {
			typ := c.Type.Norm
			if c.Type.Ref != nil {
				typ = "user:" + c.Type.Ref.Name + strings.Repeat("[]", strings.Count(c.Type.Norm, "[]"))
			}
			add(tn, c.Name, typ, notNull(c.NotNull))
			if c.Default != nil {
				seq := ""
				if c.Default.Sequence != nil {
					seq = c.Default.Sequence.String()
				}
				add(tn, c.Name, "default", c.Default.Kind.String(), c.Default.Expr, seq)
			}
			if c.Identity != nil {
				add(tn, c.Name, "identity", boolText(c.Identity.Always, "always", "by default"))
			}
			if c.Generated != nil {
				add(tn, c.Name, "generated", c.Generated.Expr)
			}
		}
		if pk := t.PrimaryKey; pk != nil {
			add(tn, "constraint", pk.Name, "p", strings.Join(pk.Columns, ","))
		}
		for _, u := range t.Uniques {
			add(tn, "constraint", u.Name, "u", strings.Join(u.Columns, ","))
		}
		for _, f := range t.ForeignKeys {
			add(tn, "constraint", f.Name, "f", strings.Join(f.Columns, ","))
			add(tn, "fk", f.Name, f.RefTable.String(), strings.Join(f.RefColumns, ","), f.OnDelete, f.OnUpdate)
		}
		for _, c := range t.Checks {
			add(tn, "constraint", c.Name, "c", "")
			add(tn, "check", c.Name, c.Expr)
		}
		for _, ix := range t.Indexes {
			add(tn, "index", ix.Name, boolText(ix.Unique, "unique", ""), ix.Where)
		}
	}
	for _, q := range s.Sequences {
		add("sequence", q.Name.String(), q.Type)
	}
	sort.Strings(out)
	return out
}

func catalogFacts(t *testing.T, db *pgtest.DB) facts {
	t.Helper()
	var out facts
	add := func(parts ...string) { out = append(out, strings.Join(parts, " | ")) }
	query := func(q string, scan func(vals []string)) {
		rows, err := db.DB.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]string, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			scan(vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	const tables = `c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`
	colTypes := map[string]pgexpr.Columns{}
	query(`SELECT n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
			CASE WHEN t.typtype IN ('e', 'd') OR et.typtype IN ('e', 'd') THEN 'user' ELSE '' END,
			COALESCE(et.typname, t.typname), a.attnotnull::text, a.attidentity::text, a.attgenerated::text,
			COALESCE(pg_get_expr(d.adbin, d.adrelid), '')
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attnum > 0 AND NOT a.attisdropped AND `+tables+` ORDER BY 1, a.attnum`, func(v []string) {
		if colTypes[v[0]] == nil {
			colTypes[v[0]] = pgexpr.Columns{}
		}
		colTypes[v[0]][v[1]] = v[2]
	})
	query(`SELECT n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
			CASE WHEN t.typtype IN ('e', 'd') OR et.typtype IN ('e', 'd') THEN 'user' ELSE '' END,
			COALESCE(et.typname, t.typname), a.attnotnull::text, a.attidentity::text, a.attgenerated::text,
			COALESCE(pg_get_expr(d.adbin, d.adrelid), ''),
			COALESCE((SELECT sn.nspname || '.' || s.relname FROM pg_depend dp
				JOIN pg_class s ON s.oid = dp.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
				WHERE dp.classid = 'pg_class'::regclass AND dp.refclassid = 'pg_class'::regclass
				AND dp.refobjid = a.attrelid AND dp.refobjsubid = a.attnum AND dp.deptype = 'a' LIMIT 1), '')
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attnum > 0 AND NOT a.attisdropped AND `+tables+` ORDER BY 1, a.attnum`, func(v []string) {
		typ := v[2]
		if v[3] == "user" {
			typ = "user:" + v[4] + strings.Repeat("[]", strings.Count(v[2], "[]"))
		}
		add(v[0], v[1], typ, notNull(v[5] == "true"))
		switch {
		case v[7] == "s":
			expr, err := pgexpr.ExprIn(v[8], colTypes[v[0]])
			if err != nil {
				t.Fatal(err)
			}
			add(v[0], v[1], "generated", expr)
		case v[8] != "":
			def, err := pgexpr.Default(v[8], v[2])
			if err != nil {
				t.Fatal(err)
			}
			// A sequence owned by the column (pg_depend 'a') that its
			// default draws from is a serial; any other nextval() is a
			// function.
			seq := ""
			if q, ok := pgexpr.NextvalSequence(def.Expr); ok && q.String() == v[9] {
				def.Kind, seq = schema.DefaultSequence, v[9]
			}
			add(v[0], v[1], "default", def.Kind.String(), def.Expr, seq)
		}
		if v[6] != "" {
			add(v[0], v[1], "identity", boolText(v[6] == "a", "always", "by default"))
		}
	})
	query(`SELECT n.nspname || '.' || c.relname, con.conname, con.contype::text,
			COALESCE((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n), ''),
			pg_get_constraintdef(con.oid),
			COALESCE(fn.nspname || '.' || fc.relname, ''),
			COALESCE((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n), ''),
			con.confdeltype::text, con.confupdtype::text
		FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
		WHERE `+tables, func(v []string) {
		cols := v[3]
		if v[2] == "c" {
			cols = ""
			expr, _, err := pgexpr.CheckDef(v[4], colTypes[v[0]])
			if err != nil {
				t.Fatal(err)
			}
			add(v[0], "check", v[1], expr)
		}
		add(v[0], "constraint", v[1], v[2], cols)
		if v[2] == "f" {
			actions := map[string]string{"a": "", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
			add(v[0], "fk", v[1], v[5], v[6], actions[v[7]], actions[v[8]])
		}
	})
	query(`SELECT n.nspname || '.' || c.relname, ic.relname, CASE WHEN i.indisunique THEN 'unique' ELSE '' END,
			COALESCE(pg_get_expr(i.indpred, i.indrelid), '')
		FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_class ic ON ic.oid = i.indexrelid
		WHERE `+tables+` AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u'))`,
		func(v []string) {
			where := v[3]
			if where != "" {
				var err error
				if where, err = pgexpr.ExprIn(where, colTypes[v[0]]); err != nil {
					t.Fatal(err)
				}
			}
			add(v[0], "index", v[1], v[2], where)
		})
	query(`SELECT n.nspname || '.' || c.relname, format_type(s.seqtypid, NULL)
		FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0)`,
		func(v []string) { add("sequence", v[0], v[1]) })
	sort.Strings(out)
	return out
}

func notNull(b bool) string { return boolText(b, "not null", "null") }

func boolText(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}
