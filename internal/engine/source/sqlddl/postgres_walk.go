package sqlddl

import (
	"regexp"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

var nodeName = (&pg.Node{}).ProtoReflect().Descriptor().FullName()

// walkNodes calls f for n and every Node below it, depth first.
func walkNodes(n *pg.Node, f func(*pg.Node)) {
	if n == nil {
		return
	}
	f(n)
	walkMessage(n.ProtoReflect(), f)
}

func walkMessage(m protoreflect.Message, f func(*pg.Node)) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind || fd.IsMap() {
			return true
		}
		visit := func(sub protoreflect.Message) {
			if sub.Descriptor().FullName() == nodeName {
				if n, ok := sub.Interface().(*pg.Node); ok {
					walkNodes(n, f)
				}
				return
			}
			walkMessage(sub, f)
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				visit(l.Get(i).Message())
			}
			return true
		}
		visit(v.Message())
		return true
	})
}

// rangeVars returns the relations a statement refers to (FROM items,
// joined tables), qualified with the default namespace, without
// duplicates and without the names in skip (CTEs, the object itself).
func (r *pgReader) rangeVars(n *pg.Node, skip map[schema.QName]bool) []schema.QName {
	var out []schema.QName
	seen := map[schema.QName]bool{}
	ctes := map[string]bool{}
	walkNodes(n, func(x *pg.Node) {
		if c := x.GetCommonTableExpr(); c != nil {
			ctes[c.Ctename] = true
		}
	})
	walkNodes(n, func(x *pg.Node) {
		rv := x.GetRangeVar()
		if rv == nil || rv.Schemaname == "" && ctes[rv.Relname] {
			return
		}
		q := r.qname(rv)
		if seen[q] || skip[q] {
			return
		}
		seen[q] = true
		out = append(out, q)
	})
	return out
}

// renameHint matches "-- @renamed from=old" (the old name may be quoted).
var renameHint = regexp.MustCompile(`--\s*@renamed\s+from=(?:"((?:[^"]|"")*)"|(\S+))`)

// renameHints maps 1-based line numbers to the old name a rename hint on
// that line gives.
func renameHints(text string, lines []int) map[int]string {
	if !strings.Contains(text, "@renamed") {
		return nil
	}
	hints := map[int]string{}
	for i, start := range lines {
		end := len(text)
		if i+1 < len(lines) {
			end = lines[i+1]
		}
		m := renameHint.FindStringSubmatch(text[start:end])
		if m == nil {
			continue
		}
		name := m[2]
		if m[1] != "" {
			name = strings.ReplaceAll(m[1], `""`, `"`)
		}
		hints[i+1] = name
	}
	return hints
}

// hintFor returns the rename hint for an object starting on line: one on
// that line, or one on the line before unless that line starts another
// object (taken lists the lines where objects start).
func (f *sourceFile) hintFor(line int, taken map[int]bool) string {
	if h, ok := f.hints[line]; ok {
		return h
	}
	if h, ok := f.hints[line-1]; ok && !taken[line-1] {
		return h
	}
	return ""
}

// constInt reads an integer constant node (A_Const, Integer, Float, or a
// negated one), as sequence and identity options hold them.
func constInt(n *pg.Node) (int64, bool) {
	switch x := n.GetNode().(type) {
	case *pg.Node_Integer:
		return int64(x.Integer.Ival), true
	case *pg.Node_Float:
		v, err := strconv.ParseInt(x.Float.Fval, 10, 64)
		return v, err == nil
	case *pg.Node_AConst:
		switch v := x.AConst.Val.(type) {
		case *pg.A_Const_Ival:
			return int64(v.Ival.Ival), true
		case *pg.A_Const_Fval:
			i, err := strconv.ParseInt(v.Fval.Fval, 10, 64)
			return i, err == nil
		}
	}
	return 0, false
}
