package diff

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// RenameKind says what a Rename renames.
type RenameKind int

// The kinds of renames.
const (
	RenameTable RenameKind = iota + 1
	RenameColumn
	RenameEnum
)

// String names the kind as the --rename prefix spells it.
func (k RenameKind) String() string {
	switch k {
	case RenameTable:
		return "table"
	case RenameColumn:
		return "column"
	case RenameEnum:
		return "enum"
	}
	return fmt.Sprintf("RenameKind(%d)", int(k))
}

// Rename tells the differ that an object was renamed, so it emits a rename
// that keeps the data instead of a drop and an add.
type Rename struct {
	Kind RenameKind
	// Table is the target name of the object concerned: for a column, its
	// table (after any table rename); for a table or an enum, its namespace
	// and new name.
	Table schema.QName
	// From and To are the old and new unqualified names.
	From, To string
}

// String renders the rename for messages ("column public.users.phone=phone_number").
func (r Rename) String() string {
	switch r.Kind {
	case RenameColumn:
		return fmt.Sprintf("column %s.%s=%s", r.Table, r.From, r.To)
	default:
		return fmt.Sprintf("%s %s=%s", r.Kind, schema.QName{Schema: r.Table.Schema, Name: r.From}, r.To)
	}
}

// ParseRename reads one --rename flag value, OLD=NEW:
//
//	users=members                                 table in the default namespace
//	public.users=public.members                   table (the first part is the default namespace)
//	users.phone=users.phone_number                column of users in the default namespace
//	billing.invoices.total=billing.invoices.amount column, schema-qualified
//	table:billing.invoices=billing.bills          table in another namespace
//	column:public.a=public.b                      column a of a table named public
//	enum:status=state, enum:billing.status=billing.state
//
// A "table:", "column:" or "enum:" prefix says the kind where the number of
// parts would not. Names are taken literally (case kept); double quotes
// group a name containing dots or '=' ("my.table".a="my.table".b), with ""
// for a quote inside. Both sides name the same namespace, and for a column
// the same table: a rename does not move an object.
func ParseRename(flag string, defaultNamespace string) (Rename, error) {
	bad := func(format string, args ...any) (Rename, error) {
		return Rename{}, fmt.Errorf("rename %q: %s (want OLD=NEW, e.g. users=members or users.phone=users.phone_number)",
			flag, fmt.Sprintf(format, args...))
	}
	body := strings.TrimSpace(flag)
	var kind RenameKind
	for _, k := range []RenameKind{RenameTable, RenameColumn, RenameEnum} {
		if p := k.String() + ":"; strings.HasPrefix(body, p) {
			kind, body = k, body[len(p):]
			break
		}
	}
	sides, err := splitUnquoted(body, '=')
	if err != nil {
		return bad("%v", err)
	}
	if len(sides) != 2 {
		return bad("exactly one '=' expected outside quotes")
	}
	left, err := nameParts(sides[0])
	if err != nil {
		return bad("left side: %v", err)
	}
	right, err := nameParts(sides[1])
	if err != nil {
		return bad("right side: %v", err)
	}
	if len(left) != len(right) {
		return bad("both sides need the same number of parts (%d != %d)", len(left), len(right))
	}
	if kind == 0 {
		switch {
		case len(left) == 1:
			kind = RenameTable
		case len(left) == 3:
			kind = RenameColumn
		case len(left) == 2 && defaultNamespace != "" && left[0] == defaultNamespace && right[0] == defaultNamespace:
			kind = RenameTable
		default:
			kind = RenameColumn
		}
	}
	switch kind {
	case RenameTable, RenameEnum:
		ns := defaultNamespace
		switch len(left) {
		case 1:
		case 2:
			if left[0] != right[0] {
				return bad("namespaces differ (%s != %s): moving a %s is not a rename", left[0], right[0], kind)
			}
			ns = left[0]
		default:
			return bad("a %s name has one or two parts, [namespace.]name", kind)
		}
		from, to := left[len(left)-1], right[len(right)-1]
		if from == to {
			return bad("old and new names are the same")
		}
		return Rename{Kind: kind, Table: schema.QName{Schema: ns, Name: to}, From: from, To: to}, nil
	default:
		var table schema.QName
		switch len(left) {
		case 2:
			table = schema.QName{Schema: defaultNamespace, Name: left[0]}
			if left[0] != right[0] {
				return bad("tables differ (%s != %s): a column rename keeps its table", left[0], right[0])
			}
		case 3:
			table = schema.QName{Schema: left[0], Name: left[1]}
			if left[0] != right[0] || left[1] != right[1] {
				return bad("tables differ (%s.%s != %s.%s): a column rename keeps its table", left[0], left[1], right[0], right[1])
			}
		default:
			return bad("a column is table.column or namespace.table.column")
		}
		from, to := left[len(left)-1], right[len(right)-1]
		if from == to {
			return bad("old and new names are the same")
		}
		return Rename{Kind: RenameColumn, Table: table, From: from, To: to}, nil
	}
}

// FormatRename renders r as the --rename flag value that ParseRename reads
// back to r, in the shortest form: the default namespace is left out.
func FormatRename(r Rename, defaultNamespace string) string {
	ns := r.Table.Schema
	short := ns == defaultNamespace
	var prefix string
	var left, right []string
	switch r.Kind {
	case RenameColumn:
		switch {
		case short && (defaultNamespace == "" || r.Table.Name != defaultNamespace):
			left, right = []string{r.Table.Name, r.From}, []string{r.Table.Name, r.To}
		case short:
			// A table named like the default namespace: say it is a column.
			prefix = "column:"
			left, right = []string{r.Table.Name, r.From}, []string{r.Table.Name, r.To}
		default:
			left, right = []string{ns, r.Table.Name, r.From}, []string{ns, r.Table.Name, r.To}
		}
	default:
		if r.Kind == RenameEnum {
			prefix = "enum:"
		}
		left, right = []string{r.From}, []string{r.To}
		if !short {
			if r.Kind == RenameTable {
				prefix = "table:"
			}
			left, right = []string{ns, r.From}, []string{ns, r.To}
		}
	}
	return prefix + joinParts(left) + "=" + joinParts(right)
}

// joinParts writes name parts with dots, quoting those that need it.
func joinParts(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if p == "" || strings.ContainsAny(p, `.=": `+"\t") {
			p = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
		}
		out[i] = p
	}
	return strings.Join(out, ".")
}

// splitUnquoted splits s at sep outside double quotes, keeping quotes.
func splitUnquoted(s string, sep byte) ([]string, error) {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == sep && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated double quote")
	}
	return append(out, s[start:]), nil
}

// nameParts reads a dotted name whose parts may be double-quoted.
func nameParts(s string) ([]string, error) {
	raw, err := splitUnquoted(strings.TrimSpace(s), '.')
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(raw))
	for i, p := range raw {
		p = strings.TrimSpace(p)
		if strings.HasPrefix(p, `"`) {
			if len(p) < 2 || !strings.HasSuffix(p, `"`) {
				return nil, fmt.Errorf("bad quoting in %s", p)
			}
			inner := p[1 : len(p)-1]
			// Inside quotes a quote is written twice; a lone one is an error.
			if strings.Contains(strings.ReplaceAll(inner, `""`, ""), `"`) {
				return nil, fmt.Errorf("bad quoting in %s", p)
			}
			p = strings.ReplaceAll(inner, `""`, `"`)
			if p == "" {
				return nil, fmt.Errorf("empty quoted name")
			}
		} else if strings.Contains(p, `"`) {
			return nil, fmt.Errorf("quote inside unquoted name %s", p)
		}
		if p == "" {
			return nil, fmt.Errorf("empty name part in %q", s)
		}
		parts[i] = p
	}
	return parts, nil
}
