package lint

import (
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Rows is the table's row count when Facts know it.
func (c *Context) Rows(t schema.QName) (int64, bool) {
	if c.Facts == nil {
		return 0, false
	}
	return c.Facts.RowCount(t)
}

// Empty reports whether Facts say the table has no rows.
func (c *Context) Empty(t schema.QName) bool {
	n, ok := c.Rows(t)
	return ok && n == 0
}

// Duration is the estimated time to scan or rewrite the table when Facts
// know it.
func (c *Context) Duration(t schema.QName) (time.Duration, bool) {
	if c.Facts == nil {
		return 0, false
	}
	return c.Facts.RewriteDuration(t)
}

// Evidence collects what Facts know about a table: rows, size and the
// time a scan or rewrite takes.
func (c *Context) Evidence(t schema.QName) Evidence {
	var e Evidence
	if c.Facts == nil {
		return e
	}
	if n, ok := c.Facts.RowCount(t); ok {
		e.Rows = Count(n)
	}
	if n, ok := c.Facts.TableBytes(t); ok {
		e.Bytes = Count(n)
	}
	if d, ok := c.Facts.RewriteDuration(t); ok {
		e.Duration = d
	}
	return e
}

// FromTable is the source schema's table, or nil.
func (c *Context) FromTable(t schema.QName) *schema.Table {
	if c.From == nil {
		return nil
	}
	return c.From.Table(t)
}

// ToTable is the target schema's table, or nil.
func (c *Context) ToTable(t schema.QName) *schema.Table {
	if c.To == nil {
		return nil
	}
	return c.To.Table(t)
}
