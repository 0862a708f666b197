// Package engine_test enforces DESIGN.md's import rules on the engine: the
// engine imports nothing of the bot, no net/http, no GitHub or Slack
// client, and reads no environment; the schema model imports only the
// standard library.
package engine_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/migrate-bot/migrate-bot"

// forbidden are import paths (or prefixes ending in "/") no engine package
// may depend on, directly or through another package.
var forbidden = []string{
	"net/http",
	"github.com/google/go-github/",
	"github.com/google/go-github",
	"github.com/bradleyfalzon/ghinstallation",
	"github.com/slack-go/slack",
	module + "/internal/webhook",
	module + "/internal/notify",
	module + "/internal/cli",
	module + "/internal/config",
	module + "/internal/gitrepo",
	module + "/internal/report",
}

// envReaders are the functions that read the process environment.
var envReaders = map[string]bool{"Getenv": true, "LookupEnv": true, "Environ": true, "ExpandEnv": true}

// listedPackage is the part of `go list -json` output the test reads.
type listedPackage struct {
	ImportPath string
	Dir        string
	Standard   bool
	GoFiles    []string
	CgoFiles   []string
	Imports    []string
	Deps       []string
	DepsErrors []*struct{ Err string }
	Error      *struct{ Err string }
}

// listPackages runs go list on pattern and decodes the JSON stream.
func listPackages(t *testing.T, args ...string) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-e", "-json"}, args...)...)
	cmd.Dir = "."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func isForbidden(path string) bool {
	for _, f := range forbidden {
		// "a/b" matches a/b and a/b/...; "a/b/" matches any path under a/b
		// (every major version of go-github).
		if strings.HasSuffix(f, "/") && strings.HasPrefix(path, f) ||
			path == f || strings.HasPrefix(path, f+"/") {
			return true
		}
	}
	return false
}

// parserModules are third-party SQL parsers the issues name for the job
// (TiDB's MySQL grammar). They are allowed to bring net/http in through
// their own logging and fault-injection dependencies (zap, failpoint); the
// engine code never calls it. Everything else forbidden stays forbidden
// behind them too.
var parserModules = []string{"github.com/pingcap/"}

func behindParser(path string) bool {
	for _, m := range parserModules {
		if strings.HasPrefix(path, m) {
			return true
		}
	}
	return false
}

// TestEngineImportsNoBotOrNetwork fails when an engine package depends,
// directly or transitively, on net/http, a GitHub or Slack client, or a
// bot package. The walk does not look past a vetted parser module for
// net/http, but does for every other forbidden package.
func TestEngineImportsNoBotOrNetwork(t *testing.T) {
	pkgs := listPackages(t, "-deps", module+"/internal/engine/...")
	if len(pkgs) == 0 {
		t.Fatal("go list found no engine packages")
	}
	byPath := make(map[string]listedPackage, len(pkgs))
	for _, p := range pkgs {
		byPath[p.ImportPath] = p
	}
	engine := 0
	for _, p := range pkgs {
		if !strings.HasPrefix(p.ImportPath, module+"/internal/engine") || strings.Contains(p.ImportPath, "/testutil") {
			continue
		}
		engine++
		for _, imp := range p.Imports {
			if isForbidden(imp) {
				t.Errorf("%s imports %s: the engine must not (DESIGN.md, Layout)", p.ImportPath, imp)
			}
		}
		for _, chain := range forbiddenReach(p.ImportPath, byPath) {
			t.Errorf("%s depends on %s: the engine must not (DESIGN.md, Layout)", p.ImportPath, strings.Join(chain, " -> "))
		}
	}
	if engine == 0 {
		t.Fatal("go list found no engine packages")
	}
}

// forbiddenReach walks the import graph from root and returns, for each
// forbidden package reached, the chain of imports that reaches it.
// net/http reached only through a vetted parser module is not reported.
func forbiddenReach(root string, byPath map[string]listedPackage) [][]string {
	type item struct {
		path      string
		viaParser bool
		chain     []string
	}
	seen := map[string]bool{}
	queue := []item{{path: root, chain: []string{root}}}
	var out [][]string
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		key := it.path
		if it.viaParser {
			key += "|parser"
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		for _, imp := range byPath[it.path].Imports {
			via := it.viaParser || behindParser(imp)
			chain := append(append([]string{}, it.chain...), imp)
			if via && (imp == "net/http" || strings.HasPrefix(imp, "net/http/")) {
				continue // allowed behind a vetted parser; not walked further
			}
			if isForbidden(imp) {
				out = append(out, chain)
				continue
			}
			queue = append(queue, item{path: imp, viaParser: via, chain: chain})
		}
	}
	return out
}

// TestForbiddenReachFindsTransitiveImports proves the walk reports a
// forbidden package reached through an intermediate one and lets net/http
// through only behind a parser module.
func TestForbiddenReachFindsTransitiveImports(t *testing.T) {
	g := map[string]listedPackage{
		"e/a":                          {Imports: []string{"x/logger"}},
		"x/logger":                     {Imports: []string{"net/http"}},
		"e/b":                          {Imports: []string{"github.com/pingcap/parser"}},
		"github.com/pingcap/parser":    {Imports: []string{"github.com/pingcap/failpoint"}},
		"github.com/pingcap/failpoint": {Imports: []string{"net/http", "github.com/slack-go/slack"}},
	}
	if got := forbiddenReach("e/a", g); len(got) != 1 || strings.Join(got[0], " ") != "e/a x/logger net/http" {
		t.Errorf("e/a: got %v, want the chain to net/http", got)
	}
	got := forbiddenReach("e/b", g)
	if len(got) != 1 || got[0][len(got[0])-1] != "github.com/slack-go/slack" {
		t.Errorf("e/b: got %v, want only the Slack client reported", got)
	}
}

// TestSchemaImportsOnlyStandardLibrary enforces the inward rule for the
// model: internal/engine/schema depends on the standard library alone.
func TestSchemaImportsOnlyStandardLibrary(t *testing.T) {
	pkgs := listPackages(t, "-deps", module+"/internal/engine/schema")
	for _, p := range pkgs {
		if p.ImportPath == module+"/internal/engine/schema" {
			continue
		}
		if !p.Standard {
			t.Errorf("internal/engine/schema depends on %s, which is not in the standard library", p.ImportPath)
		}
	}
}

// TestEngineReadsNoEnvironment scans every non-test Go file of the engine
// for calls of os.Getenv, os.LookupEnv, os.Environ and os.ExpandEnv (under
// whatever name the file imports os).
func TestEngineReadsNoEnvironment(t *testing.T) {
	pkgs := listPackages(t, "-deps=false", module+"/internal/engine/...")
	fset := token.NewFileSet()
	scanned := 0
	for _, p := range pkgs {
		if strings.Contains(p.ImportPath, "/testutil") {
			continue
		}
		for _, name := range append(append([]string{}, p.GoFiles...), p.CgoFiles...) {
			path := filepath.Join(p.Dir, name)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read %s: %v", path, err)
			}
			f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("parse %s: %v", path, err)
			}
			scanned++
			for _, call := range envCalls(f) {
				t.Errorf("%s: calls os.%s: the engine reads no environment; take the value as a parameter",
					fset.Position(call.Pos()), call.Sel.Name)
			}
		}
	}
	if scanned == 0 {
		t.Fatal("no engine source files scanned")
	}
}

// envCalls finds selector expressions os.<env reader> in f, whatever local
// name the os package is imported under.
func envCalls(f *ast.File) []*ast.SelectorExpr {
	osNames := map[string]bool{}
	for _, imp := range f.Imports {
		if strings.Trim(imp.Path.Value, `"`) != "os" {
			continue
		}
		name := "os"
		if imp.Name != nil {
			name = imp.Name.Name
		}
		osNames[name] = true
	}
	if len(osNames) == 0 {
		return nil
	}
	var out []*ast.SelectorExpr
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && osNames[id.Name] && envReaders[sel.Sel.Name] {
			out = append(out, sel)
		}
		return true
	})
	return out
}

// TestEnvCallsDetector proves the scanner catches what it must, so a
// passing TestEngineReadsNoEnvironment means something.
func TestEnvCallsDetector(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int
	}{
		{"getenv", "package p\nimport \"os\"\nvar _ = os.Getenv(\"X\")\n", 1},
		{"renamed import", "package p\nimport sys \"os\"\nvar _, _ = sys.LookupEnv(\"X\")\n", 1},
		{"function value", "package p\nimport \"os\"\nvar f = os.Environ\n", 1},
		{"other package", "package p\nimport os \"strings\"\nvar _ = os.ToUpper(\"x\")\n", 0},
		{"no os import", "package p\nfunc Getenv() {}\nvar _ = Getenv\n", 0},
		{"other os call", "package p\nimport \"os\"\nvar _ = os.Args\n", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), "x.go", tc.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(envCalls(f)); got != tc.want {
				t.Fatalf("envCalls found %d, want %d", got, tc.want)
			}
		})
	}
}

// TestForbiddenMatcher checks the prefix rules of the forbidden list.
func TestForbiddenMatcher(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"net/http", true},
		{"net/http/httptest", true},
		{"net/httpx", false},
		{"net/url", false},
		{"github.com/google/go-github/v60/github", true},
		{"github.com/google/go-cmp/cmp", false},
		{"github.com/bradleyfalzon/ghinstallation/v2", true},
		{"github.com/slack-go/slack", true},
		{module + "/internal/webhook", true},
		{module + "/internal/engine/schema", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			if got := isForbidden(tc.path); got != tc.want {
				t.Fatalf("isForbidden(%s) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}
