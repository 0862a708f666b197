package knex

import (
	"regexp"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// pgTypes and mysqlTypes are the canonical type spellings that a Knex
// column builder writes exactly (knex lib/dialects/*/schema/*-columncompiler.js);
// every other type is written with table.specificType.
var (
	pgTypes = map[string]string{
		"integer": "integer", "bigint": "bigInteger", "smallint": "smallint", "text": "text",
		"boolean": "boolean", "uuid": "uuid", "jsonb": "jsonb", "json": "json", "date": "date",
		"bytea": "binary", "double precision": "double", "real": "float",
	}
	mysqlTypes = map[string]string{
		"int": "integer", "bigint": "bigInteger", "smallint": "smallint", "text": "text",
		"tinyint(1)": "boolean", "date": "date", "datetime": "datetime", "timestamp": "timestamp",
		"double": "double",
	}
	plainName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
	sizedType = regexp.MustCompile(`^(character varying|varchar|numeric|decimal)\((\d+)(?:,(\d+))?\)$`)
)

// columnType writes the type builder call of a column.
func (e exprs) columnType(c *schema.Column) string {
	n := jsString(c.Name)
	norm := c.Type.Norm
	switch e.d.Name {
	case "postgres":
		if m, ok := pgTypes[norm]; ok {
			return m + "(" + n + ")"
		}
		switch norm {
		case "timestamp without time zone":
			return "timestamp(" + n + ", { useTz: false })"
		case "timestamp with time zone":
			return "timestamp(" + n + ", { useTz: true })"
		}
	case "mysql", "mariadb":
		if m, ok := mysqlTypes[norm]; ok {
			return m + "(" + n + ")"
		}
		if base, ok := strings.CutSuffix(norm, " unsigned"); ok {
			if m, ok := mysqlTypes[base]; ok && base != "tinyint(1)" {
				return m + "(" + n + ").unsigned()"
			}
		}
	}
	if m := sizedType.FindStringSubmatch(norm); m != nil && e.d.Name != "sqlite" {
		switch m[1] {
		case "character varying", "varchar":
			return "string(" + n + ", " + m[2] + ")"
		default:
			if m[3] != "" {
				return "decimal(" + n + ", " + m[2] + ", " + m[3] + ")"
			}
		}
	}
	return "specificType(" + n + ", " + jsString(norm) + ")"
}

// autoIncrement returns the increments builder of a serial (PostgreSQL)
// or AUTO_INCREMENT (MySQL) column, "" when the column is not one Knex's
// increments or bigIncrements writes exactly.
func (e exprs) autoIncrement(t *schema.Table, c *schema.Column) string {
	if c.Default == nil || c.Default.Kind != schema.DefaultSequence || c.Identity != nil {
		return ""
	}
	switch e.d.Name {
	case "postgres":
		if c.Default.Sequence == nil || c.Default.Sequence.Name != t.Name.Name+"_"+c.Name+"_seq" || len(c.Default.Sequence.Name) > 63 {
			return ""
		}
		switch c.Type.Norm {
		case "integer":
			return "increments"
		case "bigint":
			return "bigIncrements"
		}
	case "mysql", "mariadb":
		switch c.Type.Norm {
		case "int unsigned":
			return "increments"
		case "bigint unsigned":
			return "bigIncrements"
		}
	}
	return ""
}

// createTable writes knex.schema.createTable for a table the statement
// creates with its columns, primary key, UNIQUE and CHECK constraints and
// nothing else (PostgreSQL and MySQL; on SQLite the planner folds the
// foreign keys into CREATE TABLE, which Knex's builder writes otherwise).
func (e exprs) createTable(t *schema.Table, stmt string) []string {
	d := e.d
	if d.Name == "sqlite" || !e.local(t.Name) || len(t.Options) > 0 || len(t.ForeignKeys) > 0 ||
		!strings.HasPrefix(stmt, "CREATE TABLE "+d.QuoteName(t.Name)+" (") || strings.Contains(stmt, " REFERENCES ") {
		return nil
	}
	var lines []string
	pkInline := ""
	for _, c := range t.Columns {
		if inc := e.autoIncrement(t, c); inc != "" {
			pk := t.PrimaryKey
			whole := pk != nil && slices.Equal(pk.Columns, []string{c.Name})
			switch {
			case whole && (d.MySQL != nil || pk.Name == t.Name.Name+"_pkey"):
				lines = append(lines, "table."+inc+"("+jsString(c.Name)+");")
				pkInline = c.Name
			case d.MySQL == nil:
				lines = append(lines, "table."+inc+"("+jsString(c.Name)+", { primaryKey: false });")
			default:
				return nil // MySQL needs its AUTO_INCREMENT column to be the key
			}
			if c.Comment != "" {
				return nil
			}
			continue
		}
		if !simpleColumn(c) {
			return nil
		}
		lines = append(lines, e.column(c)+";")
	}
	if pk := t.PrimaryKey; pk != nil && pkInline == "" {
		if d.MySQL != nil {
			lines = append(lines, "table.primary("+jsStrings(pk.Columns)+");")
		} else {
			lines = append(lines, "table.primary("+jsStrings(pk.Columns)+", { constraintName: "+jsString(pk.Name)+" });")
		}
	}
	for _, u := range t.Uniques {
		if u.Deferrable || u.NullsNotDistinct {
			return nil
		}
		lines = append(lines, "table.unique("+jsStrings(u.Columns)+", { indexName: "+jsString(u.Name)+" });")
	}
	for _, ck := range t.Checks {
		// Knex writes a check's name into the SQL without quoting it.
		if ck.NoInherit || strings.Contains(ck.Expr, "?") || !plainName.MatchString(ck.Name) {
			return nil
		}
		lines = append(lines, "table.check("+sqlLiteral(ck.Expr, d)+", [], "+jsString(ck.Name)+");")
	}
	if t.Comment != "" {
		lines = append(lines, "table.comment("+jsString(t.Comment)+");")
	}
	out := []string{"await " + e.k + ".schema.createTable(" + jsString(t.Name.Name) + ", (table) => {"}
	for _, l := range lines {
		out = append(out, "  "+l)
	}
	return append(out, "});")
}

// plainIndex reports whether an index is columns only, in ascending
// order, with the default method: what table.index and table.unique write.
func plainIndex(ix *schema.Index) ([]string, bool) {
	if ix.Where != "" || len(ix.Include) > 0 || ix.NullsNotDistinct || ix.Method != "" && ix.Method != "btree" && ix.Method != "BTREE" {
		return nil, false
	}
	var cols []string
	for _, p := range ix.Parts {
		if p.Column == "" || p.Desc || p.NullsFirst || p.NullsLast || p.OpClass != "" || p.Collation != "" || p.Length != 0 {
			return nil, false
		}
		cols = append(cols, p.Column)
	}
	return cols, true
}

func (e exprs) quoteAll(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = e.d.Quote(n)
	}
	return strings.Join(out, ", ")
}

func (e exprs) addIndex(t schema.QName, ix *schema.Index, stmt string) []string {
	cols, ok := plainIndex(ix)
	if !ok || !e.local(t) {
		return nil
	}
	d := e.d
	unique := ""
	if ix.Unique {
		unique = "UNIQUE "
	}
	form := "CREATE " + unique + "INDEX " + d.Quote(ix.Name) + " ON " + d.QuoteName(t) + " (" + e.quoteAll(cols) + ")"
	if d.MySQL != nil {
		form = "ALTER TABLE " + d.QuoteName(t) + " ADD " + unique + "INDEX " + d.Quote(ix.Name) + " (" + e.quoteAll(cols) + ")"
	}
	if stmt != form {
		return nil
	}
	if !ix.Unique {
		return e.alter(t, "table.index("+jsStrings(cols)+", "+jsString(ix.Name)+");")
	}
	if d.Name == "postgres" {
		// useConstraint: false makes Knex create a unique index rather
		// than a UNIQUE constraint, as the plan does.
		return e.alter(t, "table.unique("+jsStrings(cols)+", { indexName: "+jsString(ix.Name)+", useConstraint: false });")
	}
	return e.alter(t, "table.unique("+jsStrings(cols)+", { indexName: "+jsString(ix.Name)+" });")
}

func (e exprs) dropIndex(t schema.QName, ix *schema.Index, stmt string) []string {
	if !e.local(t) {
		return nil
	}
	d := e.d
	var forms []string
	if d.MySQL != nil {
		forms = []string{"ALTER TABLE " + d.QuoteName(t) + " DROP INDEX " + d.Quote(ix.Name), "ALTER TABLE " + d.QuoteName(t) + " DROP INDEX IF EXISTS " + d.Quote(ix.Name)}
	} else {
		name := d.QuoteName(schema.QName{Schema: t.Schema, Name: ix.Name})
		forms = []string{"DROP INDEX " + name, "DROP INDEX IF EXISTS " + name}
	}
	if !slices.Contains(forms, stmt) {
		return nil
	}
	return e.alter(t, "table.dropIndex([], "+jsString(ix.Name)+");")
}

func (e exprs) addForeignKey(t schema.QName, fk *schema.ForeignKey, stmt string) []string {
	d := e.d
	if d.Name == "sqlite" || !e.local(t) || !e.local(fk.RefTable) || fk.Deferrable {
		return nil
	}
	form := "ALTER TABLE " + d.QuoteName(t) + " ADD CONSTRAINT " + d.Quote(fk.Name) + " FOREIGN KEY (" + e.quoteAll(fk.Columns) +
		") REFERENCES " + d.QuoteName(fk.RefTable) + " (" + e.quoteAll(fk.RefColumns) + ")"
	call := "table.foreign(" + jsStrings(fk.Columns) + ", " + jsString(fk.Name) + ").references(" + jsStrings(fk.RefColumns) + ").inTable(" + jsString(fk.RefTable.Name) + ")"
	if fk.OnDelete != "" && fk.OnDelete != schema.NoAction {
		form += " ON DELETE " + fk.OnDelete
		call += ".onDelete(" + jsString(fk.OnDelete) + ")"
	}
	if fk.OnUpdate != "" && fk.OnUpdate != schema.NoAction {
		form += " ON UPDATE " + fk.OnUpdate
		call += ".onUpdate(" + jsString(fk.OnUpdate) + ")"
	}
	if stmt != form {
		return nil
	}
	return e.alter(t, call+";")
}

func (e exprs) dropForeignKey(t schema.QName, fk *schema.ForeignKey, stmt string) []string {
	d := e.d
	if d.Name == "sqlite" || !e.local(t) {
		return nil
	}
	var forms []string
	if d.MySQL != nil {
		forms = []string{"ALTER TABLE " + d.QuoteName(t) + " DROP FOREIGN KEY " + d.Quote(fk.Name), "ALTER TABLE " + d.QuoteName(t) + " DROP FOREIGN KEY IF EXISTS " + d.Quote(fk.Name)}
	} else {
		forms = []string{"ALTER TABLE " + d.QuoteName(t) + " DROP CONSTRAINT " + d.Quote(fk.Name), "ALTER TABLE IF EXISTS " + d.QuoteName(t) + " DROP CONSTRAINT IF EXISTS " + d.Quote(fk.Name)}
	}
	if !slices.Contains(forms, stmt) {
		return nil
	}
	return e.alter(t, "table.dropForeign([], "+jsString(fk.Name)+");")
}
