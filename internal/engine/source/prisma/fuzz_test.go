package prisma

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// FuzzParse checks that no input panics and that every error on input is
// a *schema.PosError.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.prisma")
	more, _ := filepath.Glob("testdata/*/*.prisma")
	for _, p := range append(paths, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(pgHeader + "model A {\n  id Int @id\n  b B[]\n}\nmodel B {\n  id Int @id\n  a A[]\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse(schema.File{Path: "fuzz.prisma", Data: data})
		var pe *schema.PosError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error %v (%T) is not a *schema.PosError", err, err)
		}
	})
}
