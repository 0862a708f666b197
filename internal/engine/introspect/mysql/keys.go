package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// indexes reads the primary key and every index, part by part.
func (in *inspector) indexes(ctx context.Context, _ *schema.Schema) error {
	// EXPRESSION (functional key parts) exists on MySQL 8.0.13+ only.
	expr := "NULL"
	if in.d.Caps.FunctionalIndexes {
		expr = "s.EXPRESSION"
	}
	var cur *schema.Index
	var curTable string
	return in.queryDB(ctx, `SELECT s.TABLE_NAME, s.INDEX_NAME, s.NON_UNIQUE, s.COLUMN_NAME, s.SUB_PART,
			s.INDEX_TYPE, s.COLLATION, `+expr+`
		FROM information_schema.STATISTICS s
		JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.TABLE_SCHEMA AND t.TABLE_NAME = s.TABLE_NAME
		WHERE s.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE'
		ORDER BY s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX`, func(scan scanFunc) error {
		var table, name, indexType string
		var nonUnique int
		var column, collation, expression sql.NullString
		var subPart sql.NullInt64
		if err := scan(&table, &name, &nonUnique, &column, &subPart, &indexType, &collation, &expression); err != nil {
			return err
		}
		ti, err := in.table(table)
		if err != nil {
			return err
		}
		if name == "PRIMARY" {
			if ti.t.PrimaryKey == nil {
				ti.t.PrimaryKey = &schema.PrimaryKey{Name: name}
			}
			ti.t.PrimaryKey.Columns = append(ti.t.PrimaryKey.Columns, column.String)
			return nil
		}
		if cur == nil || curTable != table || cur.Name != name {
			cur = &schema.Index{Name: name, Unique: nonUnique == 0}
			switch strings.ToUpper(indexType) {
			case "FULLTEXT", "SPATIAL":
				cur.Method = strings.ToUpper(indexType)
			}
			curTable = table
			ti.t.Indexes = append(ti.t.Indexes, cur)
		}
		part := schema.IndexPart{Column: column.String, Desc: collation.String == "D"}
		if subPart.Valid {
			part.Length = int(subPart.Int64)
		}
		if !column.Valid && expression.Valid {
			e, err := in.names().Expr(expression.String)
			if err != nil {
				return fmt.Errorf("index %s.%s: %w", table, name, err)
			}
			part.Expr = e
		}
		cur.Parts = append(cur.Parts, part)
		return nil
	})
}

// foreignKeys reads foreign keys with their columns in order.
func (in *inspector) foreignKeys(ctx context.Context, _ *schema.Schema) error {
	var cur *schema.ForeignKey
	var curTable string
	return in.queryDB(ctx, `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,
			k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
		FROM information_schema.KEY_COLUMN_USAGE k
		JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
			AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
		WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
		ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`, func(scan scanFunc) error {
		var table, name, column, refSchema, refTable, refColumn, onUpdate, onDelete string
		if err := scan(&table, &name, &column, &refSchema, &refTable, &refColumn, &onUpdate, &onDelete); err != nil {
			return err
		}
		ti, err := in.table(table)
		if err != nil {
			return err
		}
		if cur == nil || curTable != table || cur.Name != name {
			ref := schema.QName{Name: refTable}
			if refSchema != in.db {
				// A reference into another database keeps its name.
				ref.Schema = refSchema
			}
			cur = &schema.ForeignKey{Name: name, RefTable: ref, OnDelete: action(onDelete), OnUpdate: action(onUpdate)}
			curTable = table
			ti.t.ForeignKeys = append(ti.t.ForeignKeys, cur)
		}
		cur.Columns = append(cur.Columns, column)
		cur.RefColumns = append(cur.RefColumns, refColumn)
		return nil
	})
}

// action spells a referential action canonically: RESTRICT (what the
// server reports when none was written) and NO ACTION are the same in
// InnoDB and are both "".
func action(a string) string {
	a = strings.ToUpper(strings.TrimSpace(a))
	if a == schema.Restrict || a == schema.NoAction {
		return ""
	}
	return a
}

// checks reads CHECK constraints. On MariaDB a json column's own
// json_valid check turns the longtext column back into json.
func (in *inspector) checks(ctx context.Context, _ *schema.Schema) error {
	if !in.d.Caps.CheckConstraints {
		return nil
	}
	// MariaDB names checks per table (CONSTRAINT_1 in several tables), so
	// the join needs the table; MySQL names them per database and its
	// CHECK_CONSTRAINTS has no TABLE_NAME.
	join := "cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
	level := "''"
	if in.d.MySQL.MariaDB {
		join += " AND cc.TABLE_NAME = tc.TABLE_NAME"
		level = "cc.LEVEL"
	}
	return in.queryDB(ctx, `SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE, `+level+`
		FROM information_schema.TABLE_CONSTRAINTS tc
		JOIN information_schema.CHECK_CONSTRAINTS cc ON `+join+`
		WHERE tc.CONSTRAINT_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'
		ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME`, func(scan scanFunc) error {
		var table, name, clause, lvl string
		if err := scan(&table, &name, &clause, &lvl); err != nil {
			return err
		}
		ti, err := in.table(table)
		if err != nil {
			return err
		}
		expr, err := in.names().Expr(clause)
		if err != nil {
			return fmt.Errorf("check %s.%s: %w", table, name, err)
		}
		if in.d.Caps.JSONAsLongtext && lvl == "Column" && isJSONCheck(ti.t, name, expr) {
			return nil
		}
		ti.t.Checks = append(ti.t.Checks, &schema.Check{Name: name, Expr: expr})
		return nil
	})
}

// isJSONCheck reports whether a column-level check is MariaDB's
// CHECK (json_valid(`col`)) on a longtext column named col, and if so
// makes the column json (dropping its utf8mb4_bin collation).
func isJSONCheck(t *schema.Table, name, expr string) bool {
	var col *schema.Column
	for _, c := range t.Columns {
		if c.Name == name {
			col = c
		}
	}
	if col == nil || col.Type.Norm != "longtext" || expr != "json_valid("+quoteIdent(name)+")" {
		return false
	}
	col.Type.Norm = "json"
	col.Collation = ""
	return true
}

// quoteIdent backquotes an identifier as myexpr's canonical text does.
func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }
