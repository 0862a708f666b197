package postgres

import (
	"context"
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// indexesQuery reads every index of the selected tables that does not back
// a primary key, unique or exclusion constraint, one row per index column
// (k from 1 to indnatts; columns past indnkeyatts are INCLUDE columns).
//
// Per key column: indkey[k-1] is the table column (0 for an expression,
// whose text is pg_get_indexdef(indexrelid, k, true)); indoption bit 1 is
// DESC and bit 2 NULLS FIRST; indclass is the operator class, reported when
// it is not the default for its type (opcdefault); indcollation is reported
// when it differs from the column's collation, or for an expression from
// its type's default collation (an expression over a column with its own
// collation is therefore reported with that collation).
const indexesQuery = `SELECT x.indrelid::int8, i.relname::text, x.indisunique, am.amname::text, k.n,
	%s, COALESCE(a.attname::text, ''), pg_get_indexdef(x.indexrelid, k.n, true),
	COALESCE(x.indoption[k.n - 1], 0)::int8,
	COALESCE(CASE WHEN NOT opc.opcdefault THEN opc.opcname::text END, ''),
	COALESCE(CASE WHEN x.indcollation[k.n - 1] <> 0
		AND x.indcollation[k.n - 1] <> COALESCE(a.attcollation, it.typcollation) THEN co.collname::text END, ''),
	COALESCE(pg_get_expr(x.indpred, x.indrelid), ''), %s
FROM pg_catalog.pg_index x
JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = i.relam
JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL generate_series(1, x.indnatts::int) k(n)
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.n - 1] AND x.indkey[k.n - 1] <> 0
LEFT JOIN pg_catalog.pg_attribute ia ON ia.attrelid = x.indexrelid AND ia.attnum = k.n
LEFT JOIN pg_catalog.pg_type it ON it.oid = ia.atttypid
LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = x.indclass[k.n - 1]
LEFT JOIN pg_catalog.pg_collation co ON co.oid = x.indcollation[k.n - 1]
WHERE c.relkind IN ('r', 'p') AND %s AND %s
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pc
	WHERE pc.conindid = x.indexrelid AND pc.contype IN ('p', 'u', 'x'))
ORDER BY x.indrelid, i.relname, k.n`

// indoption bits (src/include/catalog/pg_index.h).
const (
	indoptionDesc       = 1
	indoptionNullsFirst = 2
)

// indexes reads the indexes of every selected table in one query.
func (in *inspector) indexes(ctx context.Context, _ *schema.Schema) error {
	isKey := "true" // indnkeyatts (INCLUDE columns) exists from PostgreSQL 11
	if in.atLeast(11) {
		isKey = "k.n <= x.indnkeyatts"
	}
	nnd := "false"
	if in.atLeast(15) {
		nnd = "x.indnullsnotdistinct"
	}
	q := fmt.Sprintf(indexesQuery, isKey, nnd, nsFilter("n"), notExtensionMember("c.oid", "pg_class"))
	var (
		last    *schema.Index
		lastRel int64
	)
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		var (
			rel                  int64
			name, method         string
			unique, key, nnd     bool
			k, option            int64
			column, def          string
			opclass, coll, where string
		)
		if err := scan(&rel, &name, &unique, &method, &k, &key, &column, &def, &option,
			&opclass, &coll, &where, &nnd); err != nil {
			return err
		}
		t := in.tables[rel]
		if t == nil {
			return nil
		}
		if last == nil || lastRel != rel || last.Name != name {
			idx, err := newIndex(name, unique, method, where, nnd, in.exprsFor(rel))
			if err != nil {
				return fmt.Errorf("table %s index %s: %w", t.Name, name, err)
			}
			last, lastRel = idx, rel
			t.Indexes = append(t.Indexes, idx)
		}
		if !key {
			last.Include = append(last.Include, column)
			return nil
		}
		part, err := indexPart(column, def, option, opclass, coll, in.exprsFor(rel))
		if err != nil {
			return fmt.Errorf("table %s index %s: %w", t.Name, name, err)
		}
		last.Parts = append(last.Parts, part)
		return nil
	})
}

// newIndex starts an index from its first row. The default access method,
// btree, is spelled "" as the model asks.
func newIndex(name string, unique bool, method, where string, nnd bool, exprs *tableExprs) (*schema.Index, error) {
	if method == "btree" {
		method = ""
	}
	idx := &schema.Index{Name: name, Unique: unique, Method: method, NullsNotDistinct: nnd}
	if where != "" {
		w, err := exprs.canonExpr(where)
		if err != nil {
			return nil, err
		}
		idx.Where = w
	}
	return idx, nil
}

// indexPart builds one key part. Ordering is recorded only where it is not
// the default: DESC, NULLS FIRST on an ascending key, NULLS LAST on a
// descending one.
func indexPart(column, def string, option int64, opclass, coll string, exprs *tableExprs) (schema.IndexPart, error) {
	p := schema.IndexPart{Column: column, OpClass: opclass, Collation: coll}
	if column == "" {
		e, err := exprs.canonExpr(def)
		if err != nil {
			return p, err
		}
		p.Expr = e
	}
	desc := option&indoptionDesc != 0
	nullsFirst := option&indoptionNullsFirst != 0
	p.Desc = desc
	p.NullsFirst = nullsFirst && !desc
	p.NullsLast = !nullsFirst && desc
	return p, nil
}
