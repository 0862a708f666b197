package myexpr

import (
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/format"
)

// TestKeepCountStar: COUNT(*) restores as count(*), a written COUNT(1)
// stays count(1) (the server stores them differently: count(0), count(1)).
func TestKeepCountStar(t *testing.T) {
	n, err := ParseStatement("SELECT count(*), COUNT(1), count(*) OVER () FROM t")
	if err != nil {
		t.Fatal(err)
	}
	KeepCountStar(n)
	var b strings.Builder
	if err := n.Restore(format.NewRestoreCtx(restoreFlags, &b)); err != nil {
		t.Fatal(err)
	}
	if want := "select count(*),count(1),count(*) over () from `t`"; b.String() != want {
		t.Errorf("restored %q, want %q", b.String(), want)
	}
}
