package facts

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// size is what is known of one table's size.
type size struct {
	rows, bytes     int64
	rowsOK, bytesOK bool
	// estimated: rows come from statistics, not a count.
	estimated bool
}

// big reports whether the table is too big to count exactly (or its size
// is unknown).
func (z size) big(limit int64) bool { return !z.rowsOK || z.rows >= limit }

// size reads a table's row count and size on disk: statistics first, an
// exact count(*) only when statistics say the table is small.
func (c *collector) size(ctx context.Context, t schema.QName) {
	var z size
	var stat sql.NullInt64
	var bytes sql.NullInt64
	var err error
	switch c.d.Name {
	case "postgres":
		// reltuples is -1 before the first ANALYZE (PostgreSQL 14+).
		err = c.s.row(ctx, fmt.Sprintf(`SELECT c.reltuples::bigint, pg_total_relation_size(c.oid)
			FROM pg_class c WHERE c.oid = to_regclass(%s)`, c.d.QuoteString(c.qt(t))), &stat, &bytes)
		if stat.Valid && stat.Int64 < 0 {
			stat.Valid = false
		}
	case "mysql", "mariadb":
		// TABLE_ROWS is InnoDB's estimate from sampled index pages.
		ns := "DATABASE()"
		if t.Schema != "" {
			ns = c.d.QuoteString(t.Schema)
		}
		err = c.s.row(ctx, fmt.Sprintf(`SELECT TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES
			WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s`, ns, c.d.QuoteString(t.Name)), &stat, &bytes)
	case "sqlite":
		bytes, err = c.sqliteBytes(ctx, t)
	}
	if err != nil {
		c.unknown("bytes "+t.String(), err)
	}
	if bytes.Valid {
		z.bytes, z.bytesOK = bytes.Int64, true
	}
	if stat.Valid {
		z.rows, z.rowsOK, z.estimated = stat.Int64, true, true
	}
	if !z.rowsOK || z.rows < c.opts.ExactCountBelow {
		var n int64
		if err := c.s.row(ctx, "SELECT count(*) FROM "+c.qt(t), &n); err != nil {
			c.unknown("rows "+t.String(), err)
		} else {
			z.rows, z.rowsOK, z.estimated = n, true, false
		}
	}
	c.sizes[t] = z
	for _, key := range c.names(t) {
		if z.rowsOK {
			c.m.Rows[key] = z.rows
			if z.estimated {
				c.m.Estimated["rows "+key] = "statistics"
			}
		}
		if z.bytesOK {
			c.m.Bytes[key] = z.bytes
		}
	}
}

// names are the names a rule may use for a source table: its own and the
// one the plan renames it to.
func (c *collector) names(t schema.QName) []string {
	out := []string{t.String()}
	for to, from := range c.tableRenames {
		if from == t {
			out = append(out, to.String())
		}
	}
	return out
}

// sqliteBytes is the table's size with its indexes from the dbstat virtual
// table, or, where SQLite was built without it, the whole database file.
func (c *collector) sqliteBytes(ctx context.Context, t schema.QName) (sql.NullInt64, error) {
	var n sql.NullInt64
	name := c.d.QuoteString(t.Name)
	err := c.s.row(ctx, fmt.Sprintf(`SELECT sum(pgsize) FROM dbstat WHERE name = %s
		OR name IN (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = %s)`, name, name), &n)
	if err == nil {
		if !n.Valid {
			n = sql.NullInt64{Int64: 0, Valid: true}
		}
		return n, nil
	}
	err = c.s.row(ctx, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", &n)
	if err == nil {
		c.m.Estimated["bytes "+t.String()] = "whole database file"
	}
	return n, err
}

// count is the number of rows of source table t for which pred holds:
// exact on small tables (stopping at CountLimit), estimated from a
// TABLESAMPLE on big PostgreSQL tables. A sample that finds none is
// confirmed by a search for one row, so an estimate of zero is never a
// guess. The fact is recorded under key in dst, or left unknown.
func (c *collector) count(ctx context.Context, t schema.QName, pred, kind, key string, dst map[string]int64) {
	fact := kind + " " + key
	n, how, err := c.countWhere(ctx, t, pred)
	if err != nil {
		c.unknown(fact, err)
		return
	}
	dst[key] = n
	if how != "" {
		c.m.Estimated[fact] = how
	}
}

func (c *collector) countWhere(ctx context.Context, t schema.QName, pred string) (int64, string, error) {
	z := c.sizes[t]
	from := c.qt(t)
	if c.d.Name == "postgres" && z.rowsOK && z.big(c.opts.ExactCountBelow) {
		pct := min(100, max(0.01, 100*float64(c.opts.SampleRows)/float64(z.rows)))
		var seen, hits int64
		q := fmt.Sprintf("SELECT count(*), count(*) FILTER (WHERE %s) FROM %s TABLESAMPLE SYSTEM (%g)", pred, from, pct)
		if err := c.s.row(ctx, q, &seen, &hits); err != nil {
			return 0, "", err
		}
		if hits > 0 && seen > 0 {
			return max(1, hits*z.rows/seen), fmt.Sprintf("estimated from a %.2g%% sample", pct), nil
		}
		var found int64
		q = fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s LIMIT 1) x", from, pred)
		if err := c.s.row(ctx, q, &found); err != nil {
			return 0, "", err
		}
		if found > 0 {
			return 1, "at least: none in a sample, one found", nil
		}
		return 0, "", nil
	}
	var n int64
	q := fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s LIMIT %d) x", from, pred, c.opts.CountLimit)
	if err := c.s.row(ctx, q, &n); err != nil {
		return 0, "", err
	}
	if n >= c.opts.CountLimit {
		return n, "at least: counting stopped", nil
	}
	return n, "", nil
}
