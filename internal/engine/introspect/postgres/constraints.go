package postgres

import (
	"context"
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// constraintsQuery reads primary key, unique, foreign key, check and
// exclusion constraints of every selected table. Key columns come as JSON
// arrays in conkey / confkey order. NOT NULL constraints (contype 'n' from
// PostgreSQL 18) are columns' NotNull and are not read here; rows with a
// conparentid are the per-partition copies of a foreign key that
// references a partitioned table.
const constraintsQuery = `SELECT c.conrelid::int8, c.conname::text, c.contype::text,
	COALESCE((SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n)::text, ''),
	COALESCE((SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)::text, ''),
	COALESCE(rn.nspname::text, ''), COALESCE(rc.relname::text, ''),
	c.confdeltype::text, c.confupdtype::text, c.condeferrable, c.condeferred, c.connoinherit,
	COALESCE(pg_get_expr(c.conbin, c.conrelid), ''), %s,
	c.confmatchtype::text, %s
FROM pg_catalog.pg_constraint c
JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = c.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = c.conindid
WHERE c.contype IN ('p', 'u', 'f', 'c', 'x') AND t.relkind IN ('r', 'p') AND %s
AND %s AND %s
ORDER BY c.conrelid, c.conname`

// constraint is one row of constraintsQuery.
type constraint struct {
	name, kind           string
	columns, refColumns  []string
	ref                  schema.QName
	onDelete, onUpdate   string
	deferrable, deferred bool
	noInherit            bool
	expr                 string
	nullsNotDistinct     bool
	// match is confmatchtype: 's' (simple), 'f' (full), 'p' (partial).
	match string
	// setColumns counts the columns of ON DELETE SET NULL / SET DEFAULT
	// (column list), PostgreSQL 15.
	setColumns int64
}

// constraints reads the constraints of every selected table in one query.
func (in *inspector) constraints(ctx context.Context, _ *schema.Schema) error {
	nnd := "false" // indnullsnotdistinct exists from PostgreSQL 15
	if in.atLeast(15) {
		nnd = "COALESCE(ix.indnullsnotdistinct, false)"
	}
	noParent := "true" // conparentid exists from PostgreSQL 11
	if in.atLeast(11) {
		noParent = "c.conparentid = 0"
	}
	setCols := "0" // confdelsetcols exists from PostgreSQL 15
	if in.atLeast(15) {
		setCols = "COALESCE(cardinality(c.confdelsetcols), 0)::int8"
	}
	q := fmt.Sprintf(constraintsQuery, nnd, setCols, noParent, nsFilter("n"), notExtensionMember("t.oid", "pg_class"))
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		var (
			rel           int64
			c             constraint
			cols, refCols string
		)
		if err := scan(&rel, &c.name, &c.kind, &cols, &refCols, &c.ref.Schema, &c.ref.Name,
			&c.onDelete, &c.onUpdate, &c.deferrable, &c.deferred, &c.noInherit, &c.expr, &c.nullsNotDistinct,
			&c.match, &c.setColumns); err != nil {
			return err
		}
		t := in.tables[rel]
		if t == nil {
			return nil
		}
		var err error
		if c.columns, err = jsonStrings(cols); err != nil {
			return err
		}
		if c.refColumns, err = jsonStrings(refCols); err != nil {
			return err
		}
		if err := addConstraint(t, c, in.exprsFor(rel)); err != nil {
			return fmt.Errorf("table %s constraint %s: %w", t.Name, c.name, err)
		}
		return nil
	})
}

// addConstraint files one constraint row on its table.
func addConstraint(t *schema.Table, c constraint, exprs *tableExprs) error {
	switch c.kind {
	case "p":
		t.PrimaryKey = &schema.PrimaryKey{Name: c.name, Columns: c.columns}
	case "u":
		t.Uniques = append(t.Uniques, &schema.Unique{
			Name: c.name, Columns: c.columns, NullsNotDistinct: c.nullsNotDistinct,
			Deferrable: c.deferrable, Deferred: c.deferred,
		})
	case "f":
		if c.match == "f" || c.match == "p" {
			return fmt.Errorf("MATCH FULL or PARTIAL foreign key: %w", ErrUnsupported)
		}
		if c.setColumns > 0 {
			return fmt.Errorf("ON DELETE SET NULL/DEFAULT with a column list: %w", ErrUnsupported)
		}
		del, err := refAction(c.onDelete)
		if err != nil {
			return err
		}
		upd, err := refAction(c.onUpdate)
		if err != nil {
			return err
		}
		t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{
			Name: c.name, Columns: c.columns, RefTable: c.ref, RefColumns: c.refColumns,
			OnDelete: del, OnUpdate: upd, Deferrable: c.deferrable, Deferred: c.deferred,
		})
	case "c":
		e, err := exprs.canonExpr(c.expr)
		if err != nil {
			return err
		}
		t.Checks = append(t.Checks, &schema.Check{Name: c.name, Expr: e, NoInherit: c.noInherit})
	case "x":
		return fmt.Errorf("exclusion constraint: %w", ErrUnsupported)
	default:
		return fmt.Errorf("unknown constraint type %q: %w", c.kind, ErrUnsupported)
	}
	return nil
}

// refAction maps pg_constraint.confdeltype / confupdtype to the model's
// canonical spelling; NO ACTION is "".
func refAction(letter string) (string, error) {
	switch letter {
	case "a":
		return "", nil
	case "r":
		return schema.Restrict, nil
	case "c":
		return schema.Cascade, nil
	case "n":
		return schema.SetNull, nil
	case "d":
		return schema.SetDefault, nil
	}
	return "", fmt.Errorf("unknown referential action %q: %w", letter, ErrUnsupported)
}
