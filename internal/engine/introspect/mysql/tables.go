package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/myexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// readTables reads base tables with their options and comments.
func (in *inspector) readTables(ctx context.Context, _ *schema.Schema) error {
	return in.queryDB(ctx, `SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, TABLE_COMMENT, CREATE_OPTIONS
		FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`, func(scan scanFunc) error {
		var name, typ string
		var engine, collation, comment, options sql.NullString
		if err := scan(&name, &typ, &engine, &collation, &comment, &options); err != nil {
			return err
		}
		switch typ {
		case "VIEW", "SYSTEM VIEW":
			return nil
		case "BASE TABLE":
		default:
			// MariaDB: SEQUENCE, SYSTEM VERSIONED; anything else is new.
			return fmt.Errorf("%s is a %s: %w", name, strings.ToLower(typ), ErrUnsupported)
		}
		if strings.Contains(strings.ToLower(options.String), "partitioned") {
			return fmt.Errorf("table %s is partitioned: %w", name, ErrUnsupported)
		}
		t := &schema.Table{Name: schema.QName{Name: name}, Comment: comment.String}
		if e := dialect.CanonicalEngine(engine.String); e != "" && e != in.defaultEngine {
			setOption(t, "engine", e)
		}
		coll := dialect.CanonicalCollation(collation.String)
		if coll == "" {
			coll = in.defaultCollation
		}
		if coll != in.defaultCollation {
			setOption(t, "charset", dialect.CharsetOfCollation(coll))
			setOption(t, "collate", coll)
		}
		ti := &tableInfo{t: t, collation: coll}
		in.tables[name] = ti
		in.order = append(in.order, ti)
		return nil
	})
}

func setOption(t *schema.Table, k, v string) {
	if t.Options == nil {
		t.Options = map[string]string{}
	}
	t.Options[k] = v
}

// columns reads every column of every table, in ordinal order.
func (in *inspector) columns(ctx context.Context, _ *schema.Schema) error {
	return in.queryDB(ctx, `SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT,
			c.EXTRA, c.COLLATION_NAME, c.COLUMN_COMMENT, c.GENERATION_EXPRESSION
		FROM information_schema.COLUMNS c
		JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
		WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE'
		ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`, func(scan scanFunc) error {
		var table, name, colType, nullable string
		var def, extra, collation, comment, generated sql.NullString
		if err := scan(&table, &name, &colType, &nullable, &def, &extra, &collation, &comment, &generated); err != nil {
			return err
		}
		ti, err := in.table(table)
		if err != nil {
			return err
		}
		c, err := in.column(ti, name, colType, nullable, def, extra.String, collation.String, comment.String, generated.String)
		if err != nil {
			return fmt.Errorf("table %s column %s: %w", table, name, err)
		}
		ti.t.Columns = append(ti.t.Columns, c)
		return nil
	})
}

// column builds one column from its COLUMNS row.
func (in *inspector) column(ti *tableInfo, name, colType, nullable string, def sql.NullString,
	extra, collation, comment, generated string) (*schema.Column, error) {
	norm, err := in.d.NormalizeMySQLType(colType)
	if err != nil {
		return nil, err
	}
	c := &schema.Column{Name: name, Type: schema.Type{Raw: colType, Norm: norm}, NotNull: nullable == "NO", Comment: comment}
	lowerExtra := strings.ToLower(extra)
	switch {
	case strings.Contains(lowerExtra, "auto_increment"):
		c.Default = &schema.Default{Kind: schema.DefaultSequence, Expr: myexpr.AutoIncrement}
	case strings.Contains(lowerExtra, "generated") && !strings.Contains(lowerExtra, "default_generated"):
		e, err := in.names().Expr(generated)
		if err != nil {
			return nil, fmt.Errorf("generated expression: %w", err)
		}
		c.Generated = &schema.Generated{Expr: e, Stored: strings.Contains(lowerExtra, "stored")}
	default:
		if c.Default, err = in.defaultOf(def, lowerExtra, norm); err != nil {
			return nil, fmt.Errorf("default: %w", err)
		}
	}
	if i := strings.Index(lowerExtra, "on update "); i >= 0 {
		e, err := in.names().Expr(strings.TrimSpace(extra[i+len("on update "):]))
		if err != nil {
			return nil, fmt.Errorf("on update: %w", err)
		}
		c.OnUpdate = e
	}
	if coll := dialect.CanonicalCollation(collation); coll != "" && coll != ti.collation && !strings.HasPrefix(coll, "binary") {
		c.Collation = coll
	}
	return c, nil
}

// defaultOf turns COLUMN_DEFAULT into a canonical default. MariaDB 10.2.7+
// reports SQL text ('x', 1, current_timestamp(), and NULL for an explicit
// DEFAULT NULL). MySQL reports the bare value (abc, 1, and SQL NULL for
// none), or the expression text with DEFAULT_GENERATED in EXTRA.
func (in *inspector) defaultOf(def sql.NullString, lowerExtra, colType string) (*schema.Default, error) {
	if !def.Valid {
		return nil, nil
	}
	text := def.String
	if !in.d.MySQL.MariaDB && !strings.Contains(lowerExtra, "default_generated") {
		if !(strings.HasPrefix(colType, "bit(") && strings.HasPrefix(text, "b'")) {
			text = in.d.QuoteString(text)
		}
	}
	return in.names().DefaultText(text, colType)
}
