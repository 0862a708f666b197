package verify

import (
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/migrate-bot/migrate-bot/internal/engine/emit/prismamig"
)

// PrismaHistory returns the scripts of the Prisma migrations directory dir
// of fsys in the order `prisma migrate deploy` applies them (folder name
// order), each folder's migration.sql. A folder without migration.sql is an
// error, as it is for Prisma; down.sql files are not part of the history.
func PrismaHistory(fsys fs.FS, dir string) ([]Script, error) {
	h, err := prismamig.ReadHistory(fsys, dir)
	if err != nil {
		return nil, err
	}
	scripts := make([]Script, 0, len(h.Migrations))
	for _, m := range h.Migrations {
		name := path.Join(h.Dir, m, "migration.sql")
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: a Prisma migration folder must hold migration.sql", path.Join(h.Dir, m))
		}
		if err != nil {
			return nil, err
		}
		scripts = append(scripts, Script{Name: name, SQL: string(data)})
	}
	return scripts, nil
}
