package knex

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTypeScriptTypeChecks compiles every TypeScript migration of the
// golden files with tsc --strict against Knex's own type declarations: the
// .ts files the emitter writes are valid TypeScript, not only runnable
// once ts-node strips their types.
func TestTypeScriptTypeChecks(t *testing.T) {
	requireKnex(t)
	goldens, err := filepath.Glob(filepath.Join("testdata", "golden", "*", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		names, sections := readTxtar(string(data))
		for _, n := range names {
			if !strings.HasSuffix(n, ".ts") {
				continue
			}
			// One folder per golden file: the migrations of two files may
			// share a name.
			path := filepath.Join(dir, strings.TrimSuffix(filepath.Base(g), ".txtar")+"_"+filepath.Base(filepath.Dir(g)), filepath.Base(n))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(sections[n]), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
	}
	if len(files) == 0 {
		t.Fatal("no TypeScript migration among the golden files")
	}
	modules := filepath.Join(toolsDir, "node_modules")
	args := append([]string{filepath.Join(modules, "typescript", "bin", "tsc"), "--noEmit", "--strict", "--module", "commonjs",
		"--moduleResolution", "node", "--target", "es2020", "--skipLibCheck", "--baseUrl", modules, "--typeRoots", filepath.Join(modules, "@types")}, files...)
	out, err := exec.Command("node", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("tsc --strict on %d generated migrations: %v\n%s", len(files), err, out)
	}
}
