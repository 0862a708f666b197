package postgres

import (
	"context"
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// readTables reads ordinary and partitioned tables with their comments and
// refuses partitions and foreign tables, which the model cannot carry.
func (in *inspector) readTables(ctx context.Context, s *schema.Schema) error {
	q := `SELECT c.oid::int8, n.nspname::text, c.relname::text, c.relkind::text, c.relispartition,
	COALESCE(obj_description(c.oid, 'pg_class'), '')
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f') AND ` + nsFilter("n") + ` AND ` + notExtensionMember("c.oid", "pg_class") + `
ORDER BY 2, 3`
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		var (
			oid       int64
			kind      string
			partition bool
			t         = &schema.Table{}
		)
		if err := scan(&oid, &t.Name.Schema, &t.Name.Name, &kind, &partition, &t.Comment); err != nil {
			return err
		}
		switch {
		case partition:
			return fmt.Errorf("table %s is a partition: %w", t.Name, ErrUnsupported)
		case kind == "f":
			return fmt.Errorf("%s is a foreign table: %w", t.Name, ErrUnsupported)
		}
		in.tables[oid] = t
		s.Tables = append(s.Tables, t)
		return nil
	})
}

// columnsQuery reads the columns of every selected table in attnum order.
// The type's base (the element type of an array) decides the spelling: a
// base outside pg_catalog is a user type, spelled "schema"."name". The
// lateral subqueries find the serial sequence (a sequence the default
// depends on and that is owned by this column) and the identity sequence;
// their conditions on the outer row sit inside them, where the planner
// turns them into one-time filters that skip the index scans.
const columnsQuery = `SELECT a.attrelid::int8, a.attname::text, format_type(a.atttypid, a.atttypmod),
	bn.nspname::text, bt.typname::text, bt.oid <> t.oid,
	a.attnotnull, COALESCE(pg_get_expr(ad.adbin, ad.adrelid), ''), %s,
	a.attidentity::text, COALESCE(ids.seqstart, 0), COALESCE(ids.seqincrement, 0),
	COALESCE(srl.nspname, ''), COALESCE(srl.relname, ''),
	COALESCE(CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname::text END, ''),
	COALESCE(col_description(a.attrelid, a.attnum), '')
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem ELSE t.oid END
JOIN pg_catalog.pg_namespace bn ON bn.oid = bt.typnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN LATERAL (
	SELECT sq.seqstart, sq.seqincrement
	FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = d.objid
	WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
	AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i' AND a.attidentity <> ''
	LIMIT 1) ids ON true
LEFT JOIN LATERAL (
	SELECT sn.nspname::text, sc.relname::text
	FROM pg_catalog.pg_depend dd
	JOIN pg_catalog.pg_class sc ON sc.oid = dd.refobjid AND sc.relkind = 'S'
	JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
	JOIN pg_catalog.pg_depend od ON od.classid = 'pg_class'::regclass AND od.objid = sc.oid
		AND od.refclassid = 'pg_class'::regclass AND od.deptype = 'a'
		AND od.refobjid = a.attrelid AND od.refobjsubid = a.attnum
	WHERE dd.classid = 'pg_attrdef'::regclass AND dd.objid = ad.oid AND dd.refclassid = 'pg_class'::regclass
	AND ad.oid IS NOT NULL
	LIMIT 1) srl ON true
WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
AND %s AND %s
ORDER BY a.attrelid, a.attnum`

// columns reads the columns of every selected table in one query.
func (in *inspector) columns(ctx context.Context, _ *schema.Schema) error {
	generated := "''::text" // attgenerated exists from PostgreSQL 12
	if in.atLeast(12) {
		generated = "a.attgenerated::text"
	}
	q := fmt.Sprintf(columnsQuery, generated, nsFilter("n"), notExtensionMember("c.oid", "pg_class"))
	// Generation expressions may name any column of the table, so they are
	// canonicalized once all columns (and their types) are known.
	generatedExprs := map[*schema.Column]int64{}
	err := in.queryNS(ctx, q, func(scan scanFunc) error {
		var (
			rel                      int64
			col                      = &schema.Column{}
			format, typNS, typName   string
			isArray                  bool
			def, gen, identity       string
			idStart, idIncrement     int64
			serialSchema, serialName string
		)
		if err := scan(&rel, &col.Name, &format, &typNS, &typName, &isArray, &col.NotNull, &def, &gen,
			&identity, &idStart, &idIncrement, &serialSchema, &serialName, &col.Collation, &col.Comment); err != nil {
			return err
		}
		t := in.tables[rel]
		if t == nil {
			return nil // a table that appeared between the two queries
		}
		col.Type = columnType(format, typNS, typName, isArray)
		if in.colTypes[rel] == nil {
			in.colTypes[rel] = map[string]string{}
		}
		in.colTypes[rel][col.Name] = format
		if gen == "s" {
			col.Generated = &schema.Generated{Expr: def, Stored: true}
			generatedExprs[col] = rel
		} else if err := setDefault(col, def, serialSchema, serialName, in.memo); err != nil {
			return fmt.Errorf("table %s column %s: %w", t.Name, col.Name, err)
		}
		if identity != "" {
			col.Identity = &schema.Identity{Always: identity == "a", Start: idStart, Increment: idIncrement}
		}
		t.Columns = append(t.Columns, col)
		return nil
	})
	if err != nil {
		return err
	}
	for col, rel := range generatedExprs {
		e, err := in.exprsFor(rel).canonExpr(col.Generated.Expr)
		if err != nil {
			return fmt.Errorf("table %s column %s: generated expression: %w", in.tables[rel].Name, col.Name, err)
		}
		col.Generated.Expr = e
	}
	return nil
}

// columnType spells a column type: format_type for built-in types, and
// "schema"."name" (plus "[]" for arrays) with Ref for any type whose base
// lives outside pg_catalog, whatever the search_path.
func columnType(format, typNS, typName string, isArray bool) schema.Type {
	if typNS == "pg_catalog" {
		return schema.Type{Norm: format}
	}
	norm := quoteIdent(typNS) + "." + quoteIdent(typName)
	if isArray {
		norm += "[]"
	}
	return schema.Type{Norm: norm, Ref: &schema.QName{Schema: typNS, Name: typName}}
}

// setDefault fills the column's default from the pg_attrdef text. A
// default that calls a sequence owned by the column is a DefaultSequence
// naming that sequence, whatever the canonicalization says.
func setDefault(col *schema.Column, def, serialSchema, serialName string, memo *canonMemo) error {
	if def == "" {
		return nil
	}
	d, err := memo.canonDefault(def, col.Type.Norm)
	if err != nil {
		return err
	}
	if serialName != "" {
		d.Kind = schema.DefaultSequence
		d.Sequence = &schema.QName{Schema: serialSchema, Name: serialName}
	}
	col.Default = &d
	return nil
}

// quoting is the PostgreSQL dialect's quoting rule ("a""b"); Postgres
// with the newest version never fails.
var quoting, _ = dialect.Postgres("")

// quoteIdent quotes an identifier always, doubling embedded quotes, as the
// readers' canonical type spelling does.
func quoteIdent(s string) string { return quoting.Quote(s) }
