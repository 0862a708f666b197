package sqlddl

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// alterTable reads ALTER TABLE; ownership changes on any relation kind
// are ignored.
func (r *pgReader) alterTable(st stmt, a *pg.AlterTableStmt) error {
	onlyOwner := true
	for _, c := range a.Cmds {
		if c.GetAlterTableCmd().GetSubtype() != pg.AlterTableType_AT_ChangeOwner {
			onlyOwner = false
		}
	}
	if onlyOwner {
		return nil
	}
	if a.Objtype != pg.ObjectType_OBJECT_TABLE {
		return st.errorf(a.Relation.GetLocation(), "ALTER %s is not supported", objectTypeName(a.Objtype))
	}
	t := r.tables[r.qname(a.Relation)]
	if t == nil {
		if a.MissingOk {
			return nil
		}
		return st.errorf(a.Relation.GetLocation(), "table %s is not defined before this statement", r.qname(a.Relation))
	}
	var cons tableConstraints
	for _, cn := range a.Cmds {
		c := cn.GetAlterTableCmd()
		if c == nil {
			continue
		}
		if err := r.alterTableCmd(st, t, a, c, &cons); err != nil {
			return err
		}
	}
	return r.addConstraints(st, t, &cons, false)
}

func (r *pgReader) alterTableCmd(st stmt, t *pgTable, a *pg.AlterTableStmt, c *pg.AlterTableCmd, cons *tableConstraints) error {
	loc := a.Relation.GetLocation()
	col := func() (*schema.Column, error) {
		cc := t.cols[c.Name]
		if cc == nil {
			return nil, st.errorf(loc, "column %q of table %s does not exist", c.Name, t.t.Name)
		}
		return cc, nil
	}
	switch c.Subtype {
	case pg.AlterTableType_AT_ChangeOwner:
		return nil
	case pg.AlterTableType_AT_AddColumn:
		cd := c.GetDef().GetColumnDef()
		if cd == nil {
			return st.errorf(loc, "ADD COLUMN without a column definition")
		}
		if t.cols[cd.Colname] != nil && c.MissingOk {
			return nil
		}
		defaults, err := r.column(st, t, cd, cons, map[int]bool{})
		if err != nil {
			return err
		}
		for _, d := range defaults {
			if err := r.applyDefault(st, t, d); err != nil {
				return err
			}
		}
		return nil
	case pg.AlterTableType_AT_AddConstraint:
		con := c.GetDef().GetConstraint()
		if con == nil {
			return st.errorf(loc, "ADD CONSTRAINT without a constraint")
		}
		return cons.add(st, con, "")
	case pg.AlterTableType_AT_ColumnDefault:
		cc, err := col()
		if err != nil {
			return err
		}
		if c.Def == nil {
			cc.Default = nil
			return nil
		}
		return r.applyDefault(st, t, columnDefault{col: cc, raw: c.Def, loc: loc})
	case pg.AlterTableType_AT_SetNotNull, pg.AlterTableType_AT_DropNotNull:
		cc, err := col()
		if err != nil {
			return err
		}
		cc.NotNull = c.Subtype == pg.AlterTableType_AT_SetNotNull
		return nil
	case pg.AlterTableType_AT_AddIdentity:
		cc, err := col()
		if err != nil {
			return err
		}
		con := c.GetDef().GetConstraint()
		if con == nil {
			return st.errorf(loc, "ADD GENERATED AS IDENTITY without options")
		}
		return r.identity(st, t, cc, con)
	}
	return st.errorf(loc, "ALTER TABLE %s is not supported", alterName(c.Subtype))
}

// alterNames spells the common ALTER TABLE subcommands for messages.
var alterNames = map[pg.AlterTableType]string{
	pg.AlterTableType_AT_AlterColumnType:    "ALTER COLUMN TYPE",
	pg.AlterTableType_AT_DropColumn:         "DROP COLUMN",
	pg.AlterTableType_AT_DropConstraint:     "DROP CONSTRAINT",
	pg.AlterTableType_AT_EnableRowSecurity:  "ENABLE ROW LEVEL SECURITY",
	pg.AlterTableType_AT_ForceRowSecurity:   "FORCE ROW LEVEL SECURITY",
	pg.AlterTableType_AT_ClusterOn:          "CLUSTER ON",
	pg.AlterTableType_AT_AttachPartition:    "ATTACH PARTITION",
	pg.AlterTableType_AT_DetachPartition:    "DETACH PARTITION",
	pg.AlterTableType_AT_ReplicaIdentity:    "REPLICA IDENTITY",
	pg.AlterTableType_AT_SetStatistics:      "ALTER COLUMN SET STATISTICS",
	pg.AlterTableType_AT_DropIdentity:       "ALTER COLUMN DROP IDENTITY",
	pg.AlterTableType_AT_ValidateConstraint: "VALIDATE CONSTRAINT",
	pg.AlterTableType_AT_AddInherit:         "INHERIT",
}

// alterName spells an ALTER TABLE subcommand for messages.
func alterName(t pg.AlterTableType) string {
	if s, ok := alterNames[t]; ok {
		return s
	}
	return strings.TrimPrefix(t.String(), "AT_")
}

// objectTypeName spells an object type for messages ("TABLE", "VIEW").
func objectTypeName(t pg.ObjectType) string {
	return strings.ReplaceAll(strings.TrimPrefix(t.String(), "OBJECT_"), "_", " ")
}
