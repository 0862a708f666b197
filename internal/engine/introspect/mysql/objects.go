package mysql

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	"github.com/migrate-bot/migrate-bot/internal/engine/myexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// views reads views as objects: "CREATE VIEW `v` AS <query>".
func (in *inspector) views(ctx context.Context, s *schema.Schema) error {
	return in.queryDB(ctx, `SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS
		WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`, func(scan scanFunc) error {
		var name string
		var def sql.NullString
		if err := scan(&name, &def); err != nil {
			return err
		}
		query, deps := canonicalQuery(def.String)
		s.Objects = append(s.Objects, &schema.Object{Kind: schema.ObjectView, Name: schema.QName{Name: name},
			Definition: "CREATE VIEW " + quoteIdent(name) + " AS " + query, DependsOn: deps})
		return nil
	})
}

// canonicalQuery restores a view query without database qualifiers, in
// myexpr's style, with the tables it reads (as the DDL reader records
// them: in the order they appear, once each). A query the parser rejects
// is kept as the server wrote it, with no dependencies.
func canonicalQuery(q string) (string, []schema.QName) {
	n, err := myexpr.ParseStatement(q)
	if err != nil {
		return strings.TrimSpace(q), nil
	}
	var b strings.Builder
	flags := format.RestoreStringSingleQuotes | format.RestoreKeyWordLowercase | format.RestoreNameBackQuotes |
		format.RestoreStringWithoutCharset | format.RestoreSpacesAroundBinaryOperation | format.RestoreWithoutSchemaName
	if err := n.Restore(format.NewRestoreCtx(flags, &b)); err != nil {
		return strings.TrimSpace(q), nil
	}
	var deps []schema.QName
	n.Accept(&tableRefs{add: func(t string) {
		q := schema.QName{Name: t}
		if !slices.Contains(deps, q) {
			deps = append(deps, q)
		}
	}})
	return b.String(), deps
}

// tableRefs is a visitor that reports every table name a query reads.
type tableRefs struct{ add func(string) }

// Enter implements ast.Visitor.
func (v *tableRefs) Enter(n ast.Node) (ast.Node, bool) {
	if t, ok := n.(*ast.TableName); ok {
		v.add(t.Name.O)
	}
	return n, false
}

// Leave implements ast.Visitor.
func (v *tableRefs) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// triggers reads triggers as objects on their table.
func (in *inspector) triggers(ctx context.Context, s *schema.Schema) error {
	return in.queryDB(ctx, `SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
		FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY TRIGGER_NAME`, func(scan scanFunc) error {
		var name, table, timing, event, body string
		if err := scan(&name, &table, &timing, &event, &body); err != nil {
			return err
		}
		tq := schema.QName{Name: table}
		s.Objects = append(s.Objects, &schema.Object{Kind: schema.ObjectTrigger, Name: schema.QName{Name: name}, Table: &tq,
			Definition: "CREATE TRIGGER " + quoteIdent(name) + " " + timing + " " + event + " ON " + quoteIdent(table) +
				" FOR EACH ROW " + strings.TrimSpace(body),
			DependsOn: []schema.QName{tq}})
		return nil
	})
}

// routines reads functions and procedures as objects. The definition is
// the server's text of the body; parameters and characteristics are not
// read (ROUTINES has no parameter list).
func (in *inspector) routines(ctx context.Context, s *schema.Schema) error {
	return in.queryDB(ctx, `SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION
		FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME`, func(scan scanFunc) error {
		var name, typ string
		var body sql.NullString
		if err := scan(&name, &typ, &body); err != nil {
			return err
		}
		kind := schema.ObjectProcedure
		if strings.EqualFold(typ, "FUNCTION") {
			kind = schema.ObjectFunction
		}
		s.Objects = append(s.Objects, &schema.Object{Kind: kind, Name: schema.QName{Name: name},
			Definition: "CREATE " + strings.ToUpper(typ) + " " + quoteIdent(name) + " " + strings.TrimSpace(body.String)})
		return nil
	})
}
