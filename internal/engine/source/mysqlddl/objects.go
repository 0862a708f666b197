package mysqlddl

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	"github.com/migrate-bot/migrate-bot/internal/engine/myexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// viewFlags restore a view's query in the canonical style of myexpr,
// without database qualifiers.
const viewFlags = format.RestoreStringSingleQuotes | format.RestoreKeyWordLowercase |
	format.RestoreNameBackQuotes | format.RestoreStringWithoutCharset |
	format.RestoreSpacesAroundBinaryOperation | format.RestoreWithoutSchemaName

// createView reads CREATE [OR REPLACE] VIEW into a schema.Object whose
// Definition is "CREATE VIEW `name` AS <query>", the query restored
// canonically. Tables the query reads are its DependsOn.
func (r *reader) createView(n *ast.CreateViewStmt) error {
	name := n.ViewName.Name.O
	var b strings.Builder
	b.WriteString("CREATE VIEW " + r.d.Quote(name) + " AS ")
	myexpr.KeepCountStar(n.Select)
	if err := n.Select.Restore(format.NewRestoreCtx(viewFlags, &b)); err != nil {
		return r.errorf(0, "view %s: %v", name, err)
	}
	o := &schema.Object{Kind: schema.ObjectView, Name: schema.QName{Name: name}, Definition: b.String(), Pos: r.at(0)}
	n.Select.Accept(&tableRefs{add: func(t string) {
		q := schema.QName{Name: t}
		for _, d := range o.DependsOn {
			if d == q {
				return
			}
		}
		o.DependsOn = append(o.DependsOn, q)
	}})
	for i, old := range r.s.Objects {
		if old.Kind == schema.ObjectView && strings.EqualFold(old.Name.Name, name) {
			if !n.OrReplace {
				return r.errorf(0, "view %s is created twice (first at %s)", name, old.Pos)
			}
			r.s.Objects[i] = o
			return nil
		}
	}
	r.s.Objects = append(r.s.Objects, o)
	return nil
}

// tableRefs is a visitor that reports every table name a query reads.
type tableRefs struct{ add func(string) }

// Enter implements ast.Visitor.
func (v *tableRefs) Enter(n ast.Node) (ast.Node, bool) {
	if t, ok := n.(*ast.TableName); ok {
		v.add(t.Name.O)
	}
	return n, false
}

// Leave implements ast.Visitor.
func (v *tableRefs) Leave(n ast.Node) (ast.Node, bool) { return n, true }
