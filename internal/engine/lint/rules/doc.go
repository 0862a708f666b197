// Package rules holds migrate-bot's safety rules, one file per rule
// (mb<code>_<slug>.go), each listed once in All. A rule's documentation is
// the doc comment of its type: why the change is dangerous on a live
// database and the safe alternative. Doc returns that comment, read from
// the embedded sources, so the documentation shown in reports is the one
// in the code.
//
// Codes are stable and grouped by hundreds-and-tens:
//
//	MB10x  data loss
//	MB11x  policy notices (types and shapes peers advise against)
//	MB2xx  backwards compatibility with code running against the old schema
//	MB3xx  operations that fail on existing data (data-aware with Facts)
//	MB4xx  locks and rewrites, per dialect and version (through Caps)
//	MB5xx  rollback: irreversible steps
//	MB6xx  schema design checks peers do not make (keys, indexes, names)
//
// Every rule has test cases in testdata/<CODE>/*.txtar; the test of this
// package fails when a rule in All has none, has no documentation, or
// shares its code.
package rules

import (
	"embed"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"sync"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
)

//go:embed mb*.go
var sources embed.FS

var (
	docsOnce sync.Once
	docs     map[string]string
)

// docOf returns the doc comment of the named type in the rule sources,
// without the leading type name: "DropTable flags ..." gives "Flags ...".
func docOf(typeName string) string {
	docsOnce.Do(func() { docs = readDocs(sources) })
	return docs[typeName]
}

// readDocs parses every embedded rule file and maps each type name to its
// doc comment.
func readDocs(fsys fs.FS) map[string]string {
	out := map[string]string{}
	names, _ := fs.Glob(fsys, "*.go")
	fset := token.NewFileSet()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(fset, name, data, parser.ParseComments)
		if err != nil {
			continue
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				doc := ts.Doc
				if doc == nil {
					doc = gd.Doc
				}
				if doc == nil {
					continue
				}
				text := strings.TrimSpace(doc.Text())
				if rest, ok := strings.CutPrefix(text, ts.Name.Name+" "); ok {
					text = strings.ToUpper(rest[:1]) + rest[1:]
				}
				out[ts.Name.Name] = text
			}
		}
	}
	return out
}

// Run applies every rule in All to ctx under cfg.
func Run(ctx *lint.Context, cfg lint.Config) []lint.Finding {
	return lint.Run(ctx, cfg, All)
}
