package report

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Describe names a schema change by kind and object ("AddColumn",
// "public.users.email") with a short qualifier where the kind alone does not
// say enough. It handles every type in schema.AllChangeKinds (a test
// enforces it), including zero values with nil fields.
func Describe(c schema.Change) Change {
	out, _ := describe(c)
	return out
}

// describe reports false for a change type it has no case for.
func describe(c schema.Change) (Change, bool) {
	if c == nil {
		return Change{Kind: "Unknown"}, false
	}
	out := Change{Kind: c.Kind()}
	switch c := c.(type) {
	case *schema.AddNamespace:
		out.Object = namespaceName(c.Namespace)
	case *schema.DropNamespace:
		out.Object = namespaceName(c.Namespace)
	case *schema.AddExtension:
		out.Object = extensionName(c.Extension)
	case *schema.DropExtension:
		out.Object = extensionName(c.Extension)
	case *schema.AddEnum:
		out.Object = enumName(c.Enum)
		if c.Enum != nil {
			out.Detail = "values " + strings.Join(c.Enum.Values, ", ")
		}
	case *schema.DropEnum:
		out.Object = enumName(c.Enum)
	case *schema.RenameEnum:
		out.Object, out.Detail = c.From.String(), "to "+c.To.String()
	case *schema.AddEnumValue:
		out.Object, out.Detail = c.Enum.String(), "value "+quote(c.Value)
	case *schema.DropEnumValue:
		out.Object = enumName(c.From)
		if len(c.Values) > 0 {
			out.Detail = "values " + strings.Join(quoteAll(c.Values), ", ")
		}
	case *schema.ReorderEnum:
		out.Object = enumName(c.From)
		if c.To != nil {
			out.Detail = "order " + strings.Join(c.To.Values, ", ")
		}
	case *schema.AddSequence:
		out.Object = sequenceName(c.Sequence)
	case *schema.DropSequence:
		out.Object = sequenceName(c.Sequence)
	case *schema.AlterSequence:
		out.Object = sequenceName(c.To)
	case *schema.RenameSequence:
		out.Object, out.Detail = c.From.String(), "to "+c.To.String()
	case *schema.AddTable:
		out.Object = tableName(c.Table)
	case *schema.DropTable:
		out.Object = tableName(c.Table)
	case *schema.RenameTable:
		out.Object, out.Detail = c.From.String(), "to "+c.To.String()
	case *schema.SetTableComment:
		out.Object = c.Table.String()
	case *schema.SetTableOptions:
		out.Object = c.Table.String()
	case *schema.AddColumn:
		out.Object = member(c.Table, columnName(c.Column))
	case *schema.DropColumn:
		out.Object = member(c.Table, columnName(c.Column))
	case *schema.RenameColumn:
		out.Object, out.Detail = member(c.Table, c.From), "to "+c.To
	case *schema.AlterColumn:
		out.Object, out.Detail = member(c.Table, columnName(c.To)), c.What.String()
	case *schema.AddPrimaryKey:
		out.Object = member(c.Table, pkName(c.PrimaryKey))
	case *schema.DropPrimaryKey:
		out.Object = member(c.Table, pkName(c.PrimaryKey))
	case *schema.AddUnique:
		out.Object = member(c.Table, uniqueName(c.Unique))
	case *schema.DropUnique:
		out.Object = member(c.Table, uniqueName(c.Unique))
	case *schema.AddIndex:
		out.Object = member(c.Table, indexName(c.Index))
	case *schema.DropIndex:
		out.Object = member(c.Table, indexName(c.Index))
	case *schema.RenameIndex:
		out.Object, out.Detail = member(c.Table, c.From), "to "+c.To
	case *schema.AddForeignKey:
		out.Object = member(c.Table, fkName(c.ForeignKey))
	case *schema.DropForeignKey:
		out.Object = member(c.Table, fkName(c.ForeignKey))
	case *schema.AddCheck:
		out.Object = member(c.Table, checkName(c.Check))
	case *schema.DropCheck:
		out.Object = member(c.Table, checkName(c.Check))
	case *schema.RenameConstraint:
		out.Object, out.Detail = member(c.Table, c.From), "to "+c.To
	case *schema.AddObject:
		out.Object = objectName(c.Object)
	case *schema.DropObject:
		out.Object = objectName(c.Object)
	case *schema.ReplaceObject:
		out.Object = objectName(c.To)
	default:
		// A change type added to schema without a case here: name it by
		// its Go value rather than hide it. TestDescribeEveryChangeKind
		// fails first.
		out.Object = fmt.Sprintf("%v", c)
		return out, false
	}
	return out, true
}

func member(t schema.QName, name string) string {
	if name == "" {
		return t.String()
	}
	if t.Name == "" {
		return name
	}
	return t.String() + "." + name
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func quoteAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = quote(v)
	}
	return out
}

func namespaceName(n *schema.Namespace) string {
	if n == nil {
		return ""
	}
	return n.Name
}

func extensionName(e *schema.Extension) string {
	if e == nil {
		return ""
	}
	return e.Name
}

func enumName(e *schema.Enum) string {
	if e == nil {
		return ""
	}
	return e.Name.String()
}

func sequenceName(s *schema.Sequence) string {
	if s == nil {
		return ""
	}
	return s.Name.String()
}

func tableName(t *schema.Table) string {
	if t == nil {
		return ""
	}
	return t.Name.String()
}

func columnName(c *schema.Column) string {
	if c == nil {
		return ""
	}
	return c.Name
}

func pkName(p *schema.PrimaryKey) string {
	if p == nil {
		return ""
	}
	return p.Name
}

func uniqueName(u *schema.Unique) string {
	if u == nil {
		return ""
	}
	return u.Name
}

func indexName(i *schema.Index) string {
	if i == nil {
		return ""
	}
	return i.Name
}

func fkName(f *schema.ForeignKey) string {
	if f == nil {
		return ""
	}
	return f.Name
}

func checkName(c *schema.Check) string {
	if c == nil {
		return ""
	}
	return c.Name
}

func objectName(o *schema.Object) string {
	if o == nil {
		return ""
	}
	name := string(o.Kind) + " " + o.Name.String() + o.Signature
	if o.Table != nil {
		name += " on " + o.Table.String()
	}
	return name
}
