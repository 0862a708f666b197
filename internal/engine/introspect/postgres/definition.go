package postgres

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// canonDefinition spells a CREATE statement read from the catalog
// (pg_get_functiondef, pg_get_triggerdef, or a view's CREATE VIEW ... AS
// pg_get_viewdef) the way the SQL reader spells the definitions it reads:
// PostgreSQL's own parser (pg_query) parses it and its deparser prints it,
// with OR REPLACE cleared, since it is how a statement was run, not what
// the object is. Layout, dollar-quote tags and OR REPLACE then no longer
// differ; what the server rewrote (column references qualified in a view,
// a cast added to a literal default) still does.
//
// Text pg_query cannot parse or print is kept as the server gave it: the
// definition is still a faithful CREATE statement, and comparing it with a
// reader's differs at worst, which plans a replacement rather than losing
// the object.
func canonDefinition(def string) string {
	res, err := pg.Parse(def)
	if err != nil || len(res.Stmts) != 1 {
		return def
	}
	switch n := res.Stmts[0].GetStmt().GetNode().(type) {
	case *pg.Node_CreateFunctionStmt:
		n.CreateFunctionStmt.Replace = false
	case *pg.Node_ViewStmt:
		n.ViewStmt.Replace = false
	case *pg.Node_CreateTrigStmt:
		n.CreateTrigStmt.Replace = false
	}
	res.Stmts[0].StmtLocation, res.Stmts[0].StmtLen = 0, 0
	out, err := pg.Deparse(res)
	if err != nil {
		return def
	}
	return out
}
