package sqlddl

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// statement dispatches one statement.
func (r *pgReader) statement(st stmt) error {
	switch st.node.GetNode().(type) {
	case *pg.Node_ViewStmt, *pg.Node_CreateTableAsStmt, *pg.Node_CreateFunctionStmt, *pg.Node_CreateTrigStmt:
		// These readers qualify names and clear OR REPLACE in the tree
		// before deparsing it: they get a copy, since the tree is shared
		// (Parser) and may be read by another reader at the same time.
		st.node = proto.Clone(st.node).(*pg.Node)
	}
	switch x := st.node.GetNode().(type) {
	case *pg.Node_CreateStmt:
		return r.createTable(st, x.CreateStmt)
	case *pg.Node_IndexStmt:
		return r.createIndex(st, x.IndexStmt)
	case *pg.Node_AlterTableStmt:
		return r.alterTable(st, x.AlterTableStmt)
	case *pg.Node_CreateEnumStmt:
		return r.createEnum(st, x.CreateEnumStmt)
	case *pg.Node_AlterEnumStmt:
		return r.alterEnum(st, x.AlterEnumStmt)
	case *pg.Node_CreateSchemaStmt:
		return r.createSchema(st, x.CreateSchemaStmt)
	case *pg.Node_CreateSeqStmt:
		return r.createSequence(st, x.CreateSeqStmt)
	case *pg.Node_AlterSeqStmt:
		return r.alterSequence(st, x.AlterSeqStmt)
	case *pg.Node_CommentStmt:
		return r.comment(st, x.CommentStmt)
	case *pg.Node_CreateExtensionStmt:
		return r.createExtension(st, x.CreateExtensionStmt)
	case *pg.Node_ViewStmt:
		return r.createView(st, x.ViewStmt)
	case *pg.Node_CreateTableAsStmt:
		return r.createTableAs(st, x.CreateTableAsStmt)
	case *pg.Node_CreateFunctionStmt:
		return r.createFunction(st, x.CreateFunctionStmt)
	case *pg.Node_CreateTrigStmt:
		return r.createTrigger(st, x.CreateTrigStmt)
	case *pg.Node_SelectStmt:
		if onlySessionCalls(x.SelectStmt) {
			return nil
		}
		return st.errorf(-1, "SELECT statements do not define schema; only pg_dump's set_config and setval calls are accepted")
	case *pg.Node_VariableSetStmt, *pg.Node_TransactionStmt, *pg.Node_GrantStmt, *pg.Node_GrantRoleStmt,
		*pg.Node_AlterOwnerStmt, *pg.Node_AlterDefaultPrivilegesStmt:
		// Session settings, transaction control and privileges are not the
		// schema's shape.
		return nil
	}
	return st.errorf(-1, "%s is not supported by the SQL reader", statementName(st.node))
}

// onlySessionCalls reports whether a SELECT only calls set_config or
// setval with constant arguments, as pg_dump writes.
func onlySessionCalls(s *pg.SelectStmt) bool {
	if len(s.FromClause) > 0 || s.WhereClause != nil || len(s.TargetList) == 0 {
		return false
	}
	for _, t := range s.TargetList {
		f := t.GetResTarget().GetVal().GetFuncCall()
		if f == nil {
			return false
		}
		names := strs(f.Funcname)
		if len(names) == 0 {
			return false
		}
		switch names[len(names)-1] {
		case "set_config", "setval":
		default:
			return false
		}
	}
	return true
}

// statementNames spells statement node types for messages.
var statementNames = map[string]string{
	"CreateDomainStmt":        "CREATE DOMAIN",
	"CreatePolicyStmt":        "CREATE POLICY",
	"RuleStmt":                "CREATE RULE",
	"CompositeTypeStmt":       "CREATE TYPE ... AS (composite)",
	"CreateRangeStmt":         "CREATE TYPE ... AS RANGE",
	"DefineStmt":              "CREATE AGGREGATE/OPERATOR/TYPE",
	"DropStmt":                "DROP",
	"RenameStmt":              "ALTER ... RENAME",
	"InsertStmt":              "INSERT (data is not schema)",
	"UpdateStmt":              "UPDATE (data is not schema)",
	"DeleteStmt":              "DELETE (data is not schema)",
	"CopyStmt":                "COPY (data is not schema)",
	"DoStmt":                  "DO",
	"CreateForeignTableStmt":  "CREATE FOREIGN TABLE",
	"CreateEventTrigStmt":     "CREATE EVENT TRIGGER",
	"CreatePublicationStmt":   "CREATE PUBLICATION",
	"CreateStatsStmt":         "CREATE STATISTICS",
	"AlterFunctionStmt":       "ALTER FUNCTION",
	"AlterObjectSchemaStmt":   "ALTER ... SET SCHEMA",
	"CreateCastStmt":          "CREATE CAST",
	"CreateOpClassStmt":       "CREATE OPERATOR CLASS",
	"CreateRoleStmt":          "CREATE ROLE",
	"AlterDomainStmt":         "ALTER DOMAIN",
	"AlterTypeStmt":           "ALTER TYPE",
	"CreatePLangStmt":         "CREATE LANGUAGE",
	"AlterExtensionStmt":      "ALTER EXTENSION",
	"TruncateStmt":            "TRUNCATE",
	"SecLabelStmt":            "SECURITY LABEL",
	"CreateConversionStmt":    "CREATE CONVERSION",
	"CreateTableSpaceStmt":    "CREATE TABLESPACE",
	"CreateFdwStmt":           "CREATE FOREIGN DATA WRAPPER",
	"CreateForeignServerStmt": "CREATE SERVER",
	"CreateUserMappingStmt":   "CREATE USER MAPPING",
	"CreateTransformStmt":     "CREATE TRANSFORM",
	"CreateAmStmt":            "CREATE ACCESS METHOD",
	"CreateSubscriptionStmt":  "CREATE SUBSCRIPTION",
	"ExplainStmt":             "EXPLAIN",
	"CallStmt":                "CALL",
	"VacuumStmt":              "VACUUM/ANALYZE",
	"ReindexStmt":             "REINDEX",
	"ClusterStmt":             "CLUSTER",
	"RefreshMatViewStmt":      "REFRESH MATERIALIZED VIEW",
	"LockStmt":                "LOCK",
	"NotifyStmt":              "NOTIFY",
}

// statementName names a statement for an error message.
func statementName(n *pg.Node) string {
	m := n.ProtoReflect()
	od := m.Descriptor().Oneofs().Get(0)
	fd := m.WhichOneof(od)
	if fd == nil {
		return "this statement"
	}
	typ := string(fd.Message().Name())
	if s, ok := statementNames[typ]; ok {
		return s
	}
	return strings.TrimSuffix(typ, "Stmt") + " statement"
}
