package sqlddl

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Parse reads SQL DDL files, in order, into one schema for dialect d. The
// files are read as if run one after the other, so a later ALTER TABLE may
// change a table an earlier file created. Errors are *schema.PosError.
func Parse(d *dialect.Dialect, files ...schema.File) (*schema.Schema, error) {
	if d == nil {
		return nil, schema.Errorf(schema.Pos{}, "sqlddl: no dialect given")
	}
	switch d.Name {
	case "postgres":
		return parsePostgres(d, files)
	}
	pos := schema.Pos{}
	if len(files) > 0 {
		pos.File = files[0].Path
	}
	return nil, schema.Errorf(pos, "sqlddl: the %s dialect has no SQL reader yet; supported: postgres", d.Name)
}
