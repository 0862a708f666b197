package pgexpr

import (
	"strconv"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// A schema of thousands of tables repeats a few default texts (0, '',
// false, now(), CURRENT_TIMESTAMP, 'x'::text) on a few column types, and
// each canonicalization clones, rewrites and deparses through cgo. The
// results of the simple shapes below are kept process-wide, keyed by the
// node's content (never its location) and the column type. The cache is
// bounded and safe for concurrent readers.

const defaultMemoMax = 4096

var defaultMemo struct {
	sync.Mutex
	m map[string]defaultMemoResult
}

type defaultMemoResult struct {
	d   schema.Default
	err error
}

// memoDefaultNode is DefaultNode with the cache.
func memoDefaultNode(n *pg.Node, colType string) (schema.Default, error) {
	var b strings.Builder
	if !simpleKey(&b, n) {
		return defaultOf(clone(n), colType)
	}
	b.WriteString("\x00")
	b.WriteString(colType)
	k := b.String()
	defaultMemo.Lock()
	r, ok := defaultMemo.m[k]
	defaultMemo.Unlock()
	if ok {
		return r.d, r.err
	}
	r.d, r.err = defaultOf(clone(n), colType)
	defaultMemo.Lock()
	if defaultMemo.m == nil || len(defaultMemo.m) >= defaultMemoMax {
		defaultMemo.m = make(map[string]defaultMemoResult)
	}
	defaultMemo.m[k] = r
	defaultMemo.Unlock()
	return r.d, r.err
}

// simpleKey writes a key that identifies n's content when n is a
// constant, a cast of a constant, a call without arguments or options, or
// a SQL value function (CURRENT_TIMESTAMP); it reports false otherwise.
func simpleKey(b *strings.Builder, n *pg.Node) bool {
	switch x := n.GetNode().(type) {
	case *pg.Node_AConst:
		return constKey(b, x.AConst)
	case *pg.Node_TypeCast:
		k := x.TypeCast.Arg.GetAConst()
		tn := x.TypeCast.TypeName
		if k == nil || tn == nil || tn.Setof || tn.PctType || len(tn.Typmods) > 0 {
			return false
		}
		b.WriteString("cast:")
		for _, name := range tn.Names {
			s := name.GetString_()
			if s == nil {
				return false
			}
			b.WriteString(strconv.Quote(s.Sval))
			b.WriteString(".")
		}
		for _, ab := range tn.ArrayBounds {
			if ab.GetInteger() == nil || ab.GetInteger().Ival != -1 {
				return false
			}
		}
		b.WriteString(strconv.Itoa(len(tn.ArrayBounds)))
		b.WriteString(":")
		return constKey(b, k)
	case *pg.Node_FuncCall:
		f := x.FuncCall
		if len(f.Args) > 0 || len(f.AggOrder) > 0 || f.AggFilter != nil || f.Over != nil ||
			f.AggStar || f.AggDistinct || f.FuncVariadic || f.AggWithinGroup {
			return false
		}
		b.WriteString("call:")
		for _, name := range f.Funcname {
			s := name.GetString_()
			if s == nil {
				return false
			}
			b.WriteString(strconv.Quote(s.Sval))
			b.WriteString(".")
		}
		b.WriteString(strconv.Itoa(int(f.Funcformat)))
		return true
	case *pg.Node_SqlvalueFunction:
		b.WriteString("svf:")
		b.WriteString(strconv.Itoa(int(x.SqlvalueFunction.Op)))
		b.WriteString(":")
		b.WriteString(strconv.Itoa(int(x.SqlvalueFunction.Typmod)))
		return true
	}
	return false
}

func constKey(b *strings.Builder, k *pg.A_Const) bool {
	switch {
	case k.Isnull:
		b.WriteString("null")
	case k.GetIval() != nil:
		b.WriteString("i:" + strconv.Itoa(int(k.GetIval().Ival)))
	case k.GetFval() != nil:
		b.WriteString("f:" + k.GetFval().Fval)
	case k.GetSval() != nil:
		b.WriteString("s:" + k.GetSval().Sval)
	case k.GetBoolval() != nil:
		b.WriteString("b:" + strconv.FormatBool(k.GetBoolval().Boolval))
	case k.GetBsval() != nil:
		b.WriteString("x:" + k.GetBsval().Bsval)
	default:
		return false
	}
	return true
}
