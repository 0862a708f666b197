package acceptance

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// applyBatches runs a migration on one connection, as a runner would: a
// transactional batch inside BEGIN ... COMMIT, any other batch statement by
// statement. It returns the statement that failed with the error.
func applyBatches(ctx context.Context, db *sql.DB, batches []sqlfile.Batch) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, b := range batches {
		if b.Transactional {
			if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
				return err
			}
		}
		for _, stmt := range b.SQL {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				if b.Transactional {
					_, _ = conn.ExecContext(ctx, "ROLLBACK")
				}
				return fmt.Errorf("%w\n--- failing statement ---\n%s", err, stmt)
			}
		}
		if b.Transactional {
			if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
				return err
			}
		}
	}
	return nil
}

// planSQL renders the plan's up and down migrations for failure messages.
func planSQL(p *plan.Plan) string {
	if p == nil {
		return "(no plan)"
	}
	up, down := sqlfile.Render(p, sqlfile.Options{Name: "acceptance"})
	return "--- up ---\n" + up + "--- down ---\n" + down
}

// schemaDifferences compares two introspected databases three ways: the
// model comparison, and the differ in both directions (anything it would
// plan is a difference too).
func schemaDifferences(got, want *schema.Schema) []string {
	var out []string
	for _, d := range schema.Differences(want, got) {
		out = append(out, "model: "+d)
	}
	for _, dir := range []struct {
		name     string
		from, to *schema.Schema
	}{{"diff want->got", want, got}, {"diff got->want", got, want}} {
		r, err := diff.Diff(dir.from, dir.to, diff.Options{})
		if err != nil {
			out = append(out, dir.name+": error: "+err.Error())
			continue
		}
		for _, c := range r.Changes {
			out = append(out, fmt.Sprintf("%s: %s %s", dir.name, c.Kind(), plan.ObjectName(c)))
		}
	}
	return out
}

// viewsAsServer returns a copy of parsed whose views and materialized
// views take the Definition of the same view in live, so that the
// reader-vs-database check compares views by kind, name, dependencies and
// comment only.
//
// Why: PostgreSQL stores a view as its parse tree after analysis and
// prints it back rewritten (pg_get_viewdef; MySQL's information_schema
// VIEW_DEFINITION is rewritten the same way): column references qualified
// (SELECT orders.id), implicit casts made explicit ('open'::text,
// 1000::numeric), * expanded, type names resolved. Reproducing that needs
// the catalog (which table a column comes from, the types of columns and
// operators), so a reader cannot, and a textual normalization (say,
// dropping qualifiers) is wrong in general (two joined tables with the
// same column name). Functions and triggers are not relaxed: the server
// keeps their bodies as written, and the readers spell their headers as
// the server does. The round trips (after up, after down) still compare
// introspection with introspection, definitions included.
func viewsAsServer(parsed, live *schema.Schema) *schema.Schema {
	out := parsed.Clone()
	liveDefs := map[string]string{}
	for _, o := range live.Objects {
		liveDefs[o.Key()] = o.Definition
	}
	for _, o := range out.Objects {
		if o.Kind != schema.ObjectView && o.Kind != schema.ObjectMaterializedView {
			continue
		}
		if def, ok := liveDefs[o.Key()]; ok {
			o.Definition = def
		}
	}
	return out
}

// rowSet is every row of every table, as JSON objects keyed by column.
type rowSet map[schema.QName][]map[string]json.RawMessage

func quoteName(q schema.QName) string {
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	if q.Schema == "" {
		return quote(q.Name)
	}
	return quote(q.Schema) + "." + quote(q.Name)
}

// renames maps base table and column names to head names from the plan's
// rename changes.
type renames struct {
	tables  map[schema.QName]schema.QName
	columns map[schema.QName]map[string]string // keyed by the head table name
}

func renamesOf(changes []schema.Change) renames {
	r := renames{tables: map[schema.QName]schema.QName{}, columns: map[schema.QName]map[string]string{}}
	for _, c := range changes {
		switch c := c.(type) {
		case *schema.RenameTable:
			r.tables[c.From] = c.To
		case *schema.RenameColumn:
			if r.columns[c.Table] == nil {
				r.columns[c.Table] = map[string]string{}
			}
			r.columns[c.Table][c.From] = c.To
		}
	}
	return r
}

func (r renames) table(q schema.QName) schema.QName {
	if to, ok := r.tables[q]; ok {
		return to
	}
	return q
}

func (r renames) column(headTable schema.QName, col string) string {
	if to, ok := r.columns[headTable][col]; ok {
		return to
	}
	return col
}

// compareRows checks that every row of before (read from the database
// whose schema is from) is in after (schema to), comparing the columns that
// exist on both sides with the same type. It returns the differences.
func compareRows(before, after rowSet, from, to *schema.Schema, r renames) []string {
	var out []string
	for _, ft := range from.Tables {
		rows := before[ft.Name]
		if len(rows) == 0 {
			continue
		}
		tq := r.table(ft.Name)
		tt := to.Table(tq)
		if tt == nil {
			out = append(out, fmt.Sprintf("table %s (now %s) is gone with its %d rows", ft.Name, tq, len(rows)))
			continue
		}
		type pair struct{ from, to string }
		var cols []pair
		for _, fc := range ft.Columns {
			name := r.column(tq, fc.Name)
			tc := tt.Column(name)
			if tc == nil || tc.Type.Norm != fc.Type.Norm || tc.Generated != nil {
				continue
			}
			cols = append(cols, pair{fc.Name, name})
		}
		key := func(row map[string]json.RawMessage, side func(pair) string) string {
			parts := make([]string, len(cols))
			for i, c := range cols {
				parts[i] = string(canonJSON(row[side(c)]))
			}
			return strings.Join(parts, "\x1f")
		}
		var want, got []string
		for _, row := range rows {
			want = append(want, key(row, func(p pair) string { return p.from }))
		}
		for _, row := range after[tq] {
			got = append(got, key(row, func(p pair) string { return p.to }))
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			names := make([]string, len(cols))
			for i, c := range cols {
				names[i] = c.from + "->" + c.to
			}
			out = append(out, fmt.Sprintf("table %s -> %s, columns %v:\n    before %q\n    after  %q", ft.Name, tq, names, want, got))
		}
	}
	return out
}

// canonJSON re-encodes a JSON value so equal values compare equal
// (jsonb's key order and spacing are already canonical; this guards nulls).
func canonJSON(raw json.RawMessage) []byte {
	if raw == nil {
		return []byte("null")
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return raw
	}
	b, _ := json.Marshal(v)
	return b
}

// planHazards reports whether any step has a hazard of kind k.
func planHazards(p *plan.Plan, k plan.HazardKind) bool {
	for _, s := range p.Steps {
		for _, h := range s.Hazards {
			if h.Kind == k {
				return true
			}
		}
	}
	return false
}

// downLosesData reports whether the plan's rollback cannot restore data.
func downLosesData(p *plan.Plan) bool {
	for _, s := range p.Steps {
		if s.DownLosesData {
			return true
		}
	}
	return false
}
