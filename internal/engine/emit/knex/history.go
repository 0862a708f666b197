package knex

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/emit/timestamp"
)

// TimestampLayout is the UTC timestamp that starts a migration's file
// name, as `knex migrate:make` writes it (yyyyMMddHHmmss).
const TimestampLayout = timestamp.Layout

// loadExtensions are the file extensions Knex loads as migrations by
// default (knex lib/migrations/migrate/configuration-merger.js,
// DEFAULT_LOAD_EXTENSIONS); other files in the directory are not
// migrations.
var loadExtensions = []string{".co", ".coffee", ".eg", ".iced", ".js", ".cjs", ".litcoffee", ".ls", ".ts"}

// Style is the module style of the migration files.
type Style int

// The module styles.
const (
	// CommonJS: exports.up = async function (knex) { ... } (.js).
	CommonJS Style = iota
	// ESModule: export async function up(knex) { ... } (.js in a package
	// of "type": "module"; Knex does not load .mjs files by default).
	ESModule
	// TypeScript: import { Knex } from "knex"; export async function
	// up(knex: Knex): Promise<void> { ... } (.ts).
	TypeScript
)

// History is an existing Knex migrations directory.
type History struct {
	// Dir is the directory, a slash path inside its file system.
	Dir string
	// Migrations are the names of its migration files, sorted as Knex
	// sorts them (by name).
	Migrations []string
	// Style is the style of the newest migration (CommonJS for an empty
	// history), which the new one follows.
	Style Style
	// Ext is the extension of the newest migration (".js" for an empty
	// history).
	Ext string
}

// esmExport finds an ES module export at the start of a line.
var esmExport = regexp.MustCompile(`(?m)^export\s+(async\s+)?(function|const|default)\b`)

// ReadHistory reads the migrations directory dir of fsys. A missing
// directory is an empty history.
func ReadHistory(fsys fs.FS, dir string) (*History, error) {
	dir = path.Clean(dir)
	h := &History{Dir: dir, Ext: ".js"}
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read knex migrations %s: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".d.ts") || !slices.Contains(loadExtensions, path.Ext(e.Name())) {
			continue
		}
		h.Migrations = append(h.Migrations, e.Name())
	}
	slices.Sort(h.Migrations)
	if len(h.Migrations) == 0 {
		return h, nil
	}
	newest := h.Migrations[len(h.Migrations)-1]
	h.Ext = path.Ext(newest)
	switch h.Ext {
	case ".ts":
		h.Style = TypeScript
	case ".js":
		data, err := fs.ReadFile(fsys, path.Join(dir, newest))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path.Join(dir, newest), err)
		}
		if esmExport.Match(data) {
			h.Style = ESModule
		}
	default:
		return nil, fmt.Errorf("%s: the newest migration is %s, a %s file; migrate-bot writes JavaScript or TypeScript migrations only", dir, newest, h.Ext)
	}
	return h, nil
}

// NextTimestamp returns the timestamp of the next migration: now (UTC,
// whole seconds), or one second after the newest timestamp in existing.
func NextTimestamp(existing []string, now time.Time) time.Time {
	return timestamp.Next(existing, now)
}

// Slug returns a migration name as a file name part: lower case, every
// run of characters other than letters and digits one "_" ("Add user
// email!" -> "add_user_email").
func Slug(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	s := b.String()
	if len(s) > 200 {
		s = strings.TrimRight(s[:200], "_")
	}
	return s
}
