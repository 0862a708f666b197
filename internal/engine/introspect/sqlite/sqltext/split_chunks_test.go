package sqltext

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestSplitChunks: statements whose tokens span several of Split's shared
// chunks (statements longer than a chunk included) keep exactly their own
// tokens, with no room to grow into the next statement's, and the
// significant tokens of every statement are those SignificantTokens reads.
func TestSplitChunks(t *testing.T) {
	var b strings.Builder
	for i := range 700 {
		fmt.Fprintf(&b, "CREATE TABLE t%d (a INT, -- c\n b TEXT DEFAULT 'x;y', c /* d */ REAL);\n", i)
		if i == 300 {
			b.WriteString("CREATE TABLE big (" + strings.Repeat("x INT, ", 3000) + "y INT);\n")
		}
	}
	script := b.String()
	stmts := Split(script)
	if len(stmts) != 701 {
		t.Fatalf("%d statements", len(stmts))
	}
	var all []Token
	for i, st := range stmts {
		if cap(st.Tokens) != len(st.Tokens) {
			t.Errorf("statement %d: tokens with spare capacity %d", i, cap(st.Tokens)-len(st.Tokens))
		}
		want := SignificantTokens(st.Text)
		for j := range want {
			want[j].Off += st.Off
		}
		if !slices.Equal(want, st.Tokens) {
			t.Fatalf("statement %d: tokens differ from SignificantTokens", i)
		}
		all = append(all, st.Tokens...)
	}
	if !slices.Equal(all, Significant(Tokenize(script))) {
		t.Error("the statements' tokens are not the script's significant tokens")
	}
}
