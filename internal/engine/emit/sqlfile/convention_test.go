package sqlfile

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
	"time"
)

func TestDetectConvention(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  Convention
	}{
		{"empty", nil, DefaultConvention},
		{"only a readme", []string{"README.md", ".keep"}, DefaultConvention},
		{"golang-migrate sequence", []string{"000001_init.up.sql", "000001_init.down.sql", "000012_x.up.sql", "000012_x.down.sql"},
			Convention{Tool: GolangMigrate, Versioning: Sequence, Width: 6}},
		{"golang-migrate unpadded", []string{"1_init.up.sql", "1_init.down.sql", "2_x.up.sql", "2_x.down.sql"},
			Convention{Tool: GolangMigrate, Versioning: Sequence}},
		{"golang-migrate timestamps", []string{"20240101000000_a.up.sql", "20240101000000_a.down.sql"},
			Convention{Tool: GolangMigrate, Versioning: Timestamp}},
		{"golang-migrate unix", []string{"1481574547_a.up.sql", "1481574547_a.down.sql"},
			Convention{Tool: GolangMigrate, Versioning: UnixTimestamp}},
		{"goose sequence", []string{"00001_init.sql", "00002_more.sql"}, Convention{Tool: Goose, Versioning: Sequence, Width: 5}},
		{"goose with go migrations", []string{"20240101000000_a.sql", "20240102000000_b.go"}, Convention{Tool: Goose, Versioning: Timestamp}},
		{"goose hybrid", []string{"00001_a.sql", "00002_b.sql", "20240101000000_c.sql"}, Convention{Tool: Dbmate, Versioning: Timestamp}},
		{"dbmate", []string{"20240101000000_a.sql", "20240301000000_b.sql", "schema.sql"}, Convention{Tool: Dbmate, Versioning: Timestamp}},
		{"paths", []string{"db/migrations/3_a.up.sql"}, Convention{Tool: GolangMigrate, Versioning: Sequence}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectConvention(tt.files); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDetectConventionFS(t *testing.T) {
	fsys := fstest.MapFS{
		"goose/20240101000000_a.sql":  {Data: []byte("-- +goose Up\nSELECT 1;\n-- +goose Down\n")},
		"dbmate/20240101000000_a.sql": {Data: []byte("-- migrate:up\nSELECT 1;\n-- migrate:down\n")},
		"pairs/1_a.up.sql":            {Data: []byte("SELECT 1;")},
	}
	for dir, want := range map[string]Tool{"goose": Goose, "dbmate": Dbmate, "pairs": GolangMigrate} {
		c, names, err := DetectConventionFS(fsys, dir)
		if err != nil || c.Tool != want || len(names) != 1 {
			t.Errorf("%s: %+v %v %v", dir, c, names, err)
		}
	}
}

func TestNextVersion(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"same width", []string{"000011_a.up.sql", "000012_b.up.sql"}, "000013"},
		{"width kept across a carry", []string{"0099_a.sql"}, "0100"},
		{"outgrows its width", []string{"99_a.sql", "09_b.sql"}, "100"},
		{"gaps", []string{"1_a.up.sql", "3_b.up.sql", "7_c.up.sql"}, "8"},
		{"unordered listing", []string{"10_a.sql", "9_b.sql", "2_c.sql"}, "11"},
		{"timestamp now", []string{"20240101000000_a.sql"}, "20240501120000"},
		{"timestamp after a future one", []string{"20240501120000_a.sql"}, "20240501120001"},
		{"unix", []string{"1481574547_a.up.sql"}, "1714564800"},
		{"unix in the future", []string{"1914564800_a.up.sql"}, "1914564801"},
		{"empty", nil, "20240501120000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DetectConvention(tt.files)
			if got := NextVersion(c, tt.files, now); got != tt.want {
				t.Fatalf("%+v: got %s, want %s", c, got, tt.want)
			}
		})
	}
}

func TestFilesForNames(t *testing.T) {
	p := buildPlan(t, goldenPlans()["add_index_concurrently"])
	tx := buildPlan(t, goldenPlans()["drop_table"])
	existing := []string{"000012_a.up.sql", "000012_a.down.sql"}
	paths := func(c Convention, pl string) []string {
		var out []string
		pln := p
		if pl == "tx" {
			pln = tx
		}
		for _, f := range FilesFor(pln, c, existing, Options{Name: "idx"}) {
			out = append(out, f.Path)
		}
		return out
	}
	seq := Convention{Tool: GolangMigrate, Versioning: Sequence, Width: 6}
	if g := paths(seq, ""); !slices.Equal(g, []string{"000013_idx.up.sql", "000013_idx.down.sql"}) {
		t.Errorf("golang-migrate: %v", g)
	}
	seq.Tool = Goose
	if g := paths(seq, ""); !slices.Equal(g, []string{"000013_idx.sql"}) {
		t.Errorf("goose: %v", g)
	}
	seq.Tool = Dbmate
	if g := paths(seq, "tx"); len(g) != 1 {
		t.Errorf("dbmate transactional: %v", g)
	}
}

// TestConventionGolden writes every golden plan as goose and dbmate files
// under testdata/<tool>/ (go test -update rewrites them).
func TestConventionGolden(t *testing.T) {
	for _, tool := range []Tool{Goose, Dbmate} {
		for name, changes := range goldenPlans() {
			t.Run(string(tool)+"/"+name, func(t *testing.T) {
				p := buildPlan(t, changes)
				for _, f := range FilesFor(p, Convention{Tool: tool, Versioning: Timestamp}, nil, Options{Version: "20240102150405", Name: name}) {
					path := filepath.Join("testdata", string(tool), f.Path)
					if *update {
						if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(path, f.Data, 0o644); err != nil {
							t.Fatal(err)
						}
						continue
					}
					want, err := os.ReadFile(path)
					if err != nil {
						t.Fatalf("%v (run go test -update to create it)", err)
					}
					if string(want) != string(f.Data) {
						t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s", path, f.Data)
					}
				}
			})
		}
	}
}
