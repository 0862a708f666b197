package prisma

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Parse reads a Prisma schema: one file, or the files of a multi-file schema
// folder (prismaSchemaFolder), whose models may refer to each other across
// files. Exactly one datasource block must be present among the files. The
// result is normalized (schema.Normalize). Errors in the input are
// *schema.PosError.
func Parse(files ...schema.File) (*schema.Schema, error) {
	if len(files) == 0 {
		return nil, errors.New("prisma: no schema files given")
	}
	var blocks []*block
	for _, f := range files {
		bs, err := parseFile(f)
		if err != nil {
			return nil, err
		}
		blocks = append(blocks, bs...)
	}
	b, err := newBuilder(blocks)
	if err != nil {
		return nil, err
	}
	return b.build()
}

// ParseDir reads the schema at path: a single .prisma file, or a folder
// whose .prisma files (found recursively, in sorted order) form one schema.
// File paths in positions are the paths as found under path.
func ParseDir(path string) (*schema.Schema, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var paths []string
	if !info.IsDir() {
		paths = []string{path}
	} else {
		err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".prisma") {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(paths)
		if len(paths) == 0 {
			return nil, errors.New("prisma: no .prisma files in " + path)
		}
	}
	files := make([]schema.File, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, schema.File{Path: p, Data: data})
	}
	return Parse(files...)
}
