package sqlddl

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// createIndex reads CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS].
func (r *pgReader) createIndex(st stmt, s *pg.IndexStmt) error {
	t, err := r.table(st, s.Relation)
	if err != nil {
		return err
	}
	if len(s.ExcludeOpNames) > 0 || s.Primary || s.Isconstraint {
		return st.errorf(s.Relation.GetLocation(), "this form of CREATE INDEX is not supported")
	}
	ns := t.t.Name.Schema
	if s.Idxname != "" && t.t.Index(s.Idxname) != nil {
		if s.IfNotExists {
			return nil
		}
		return st.errorf(s.Relation.GetLocation(), "index %q already exists", s.Idxname)
	}
	cols := t.columnTypes()
	ix := &schema.Index{Name: s.Idxname, Unique: s.Unique, NullsNotDistinct: s.NullsNotDistinct, Pos: st.start()}
	if s.AccessMethod != "" && s.AccessMethod != "btree" {
		ix.Method = s.AccessMethod
	}
	var colNames []string
	for _, p := range s.IndexParams {
		e := p.GetIndexElem()
		if e == nil {
			continue
		}
		part, err := r.indexPart(st, t, e, cols)
		if err != nil {
			return err
		}
		ix.Parts = append(ix.Parts, part)
		colNames = append(colNames, indexColumnName(e))
	}
	for _, p := range s.IndexIncludingParams {
		e := p.GetIndexElem()
		if e == nil || e.Name == "" {
			return st.errorf(s.Relation.GetLocation(), "INCLUDE takes column names only")
		}
		if t.cols[e.Name] == nil {
			return st.errorf(s.Relation.GetLocation(), "column %q does not exist in table %s", e.Name, t.t.Name)
		}
		ix.Include = append(ix.Include, e.Name)
		colNames = append(colNames, e.Name)
	}
	if s.WhereClause != nil {
		where, err := pgexpr.DeparseNode(s.WhereClause, cols)
		if err != nil {
			return st.errorf(s.Relation.GetLocation(), "index predicate: %v", err)
		}
		ix.Where = where
	}
	if len(s.Options) > 0 {
		return st.errorf(s.Relation.GetLocation(), "index storage parameters (WITH ...) are not supported")
	}
	if ix.Name == "" {
		ix.Name = r.names.relation(ns, t.t.Name.Name, r.names.joinAddition(colNames), "idx", false)
	} else {
		r.names.takeRel(ns, ix.Name)
	}
	t.t.Indexes = append(t.t.Indexes, ix)
	return nil
}

// indexPart reads one key of an index.
func (r *pgReader) indexPart(st stmt, t *pgTable, e *pg.IndexElem, cols pgexpr.Columns) (schema.IndexPart, error) {
	var part schema.IndexPart
	if e.Name != "" {
		if t.cols[e.Name] == nil {
			return part, st.errorf(-1, "column %q does not exist in table %s", e.Name, t.t.Name)
		}
		part.Column = e.Name
	} else {
		expr, err := pgexpr.DeparseNode(e.Expr, cols)
		if err != nil {
			return part, st.errorf(-1, "index expression: %v", err)
		}
		part.Expr = expr
	}
	part.Desc = e.Ordering == pg.SortByDir_SORTBY_DESC
	switch e.NullsOrdering {
	case pg.SortByNulls_SORTBY_NULLS_FIRST:
		part.NullsFirst = !part.Desc
	case pg.SortByNulls_SORTBY_NULLS_LAST:
		part.NullsLast = part.Desc
	}
	if len(e.Opclass) > 0 {
		part.OpClass = collation(e.Opclass)
	}
	if len(e.Opclassopts) > 0 {
		return part, st.errorf(-1, "operator class options are not supported")
	}
	if len(e.Collation) > 0 {
		part.Collation = collation(e.Collation)
	}
	return part, nil
}
