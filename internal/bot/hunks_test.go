package bot

import (
	"slices"
	"testing"
)

func TestParseDiffLines(t *testing.T) {
	tests := []struct {
		name  string
		patch string
		want  []int
	}{
		{name: "new file", patch: "@@ -0,0 +1,3 @@\n+a\n+b\n+c", want: []int{1, 2, 3}},
		{name: "modification with context",
			patch: "@@ -10,4 +10,5 @@ model User {\n   id Int\n-  phone String\n+  mobile String\n+  email String\n   name String",
			want:  []int{10, 11, 12, 13}},
		{name: "two hunks",
			patch: "@@ -1,2 +1,2 @@\n a\n-b\n+B\n@@ -40,1 +40,2 @@\n x\n+y",
			want:  []int{1, 2, 40, 41}},
		{name: "single-line hunk header without counts", patch: "@@ -3 +3 @@\n-old\n+new", want: []int{3}},
		{name: "no newline marker", patch: "@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file", want: []int{1}},
		{name: "deleted file shows no head line", patch: "@@ -1,2 +0,0 @@\n-a\n-b", want: nil},
		{name: "missing patch", patch: "", want: nil},
		{name: "garbage header", patch: "@@ nonsense @@\n+a", want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseDiffLines(tc.patch)
			var lines []int
			for l := range got {
				lines = append(lines, l)
			}
			slices.Sort(lines)
			if !slices.Equal(lines, tc.want) {
				t.Errorf("lines = %v, want %v", lines, tc.want)
			}
			for _, l := range tc.want {
				if !got.Contains(l) {
					t.Errorf("Contains(%d) = false", l)
				}
			}
			if got.Contains(0) || got.Contains(1000) {
				t.Errorf("Contains reports a line outside the diff")
			}
			if want := 0; len(tc.want) > 0 {
				want = tc.want[len(tc.want)-1]
				if got.Last() != want {
					t.Errorf("Last = %d, want %d", got.Last(), want)
				}
			}
		})
	}
}

func FuzzParseDiffLines(f *testing.F) {
	f.Add("@@ -1,2 +1,3 @@\n a\n+b\n c")
	f.Add("@@ -0,0 +1 @@\n+x")
	f.Add("@@ -5 +-3 @@\n+x")
	f.Fuzz(func(t *testing.T, patch string) {
		for l := range ParseDiffLines(patch) {
			if l < 0 {
				t.Fatalf("negative line %d", l)
			}
		}
	})
}
