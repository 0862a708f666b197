package sqlddl

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Parse reads SQL DDL files, in order, into one schema for dialect d. The
// files are read as if run one after the other, so a later ALTER TABLE may
// change a table an earlier file created. Errors are *schema.PosError.
//
// To read two versions of a schema (a base and a head), use one Parser:
// statements both share are parsed once.
func Parse(d *dialect.Dialect, files ...schema.File) (*schema.Schema, error) {
	return NewParser(d).Parse(files...)
}
