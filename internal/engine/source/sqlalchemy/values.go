package sqlalchemy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// value is what a Python expression evaluates to, statically: a literal,
// a symbol of a library module (sqlalchemy.Column, typing.Optional), a
// call of such a symbol with its arguments, a class of the scanned
// modules, or unknown (with where and why) when the reader cannot tell.
type value interface{}

type (
	pyStr  struct{ s string }
	pyInt  struct{ i int64 }
	pyFlt  struct{ text string }
	pyBool struct{ b bool }
	pyNone struct{}
	// sym is a name imported from a module outside the scanned files,
	// spelled with its full module path ("sqlalchemy.orm.mapped_column").
	sym struct{ path string }
	// call is a call expression with evaluated arguments.
	call struct {
		fn      value
		args    []value
		kw      map[string]value
		kwOrder []string
		at      *node
	}
	seq struct {
		items []value
		tuple bool
	}
	dict struct {
		keys, vals []value
	}
	// generic is a subscripted type: Mapped[int], Optional[str].
	generic struct {
		base   value
		params []value
	}
	// union is "a | b" in an annotation.
	union struct{ a, b value }
	// classRef is a class defined in the scanned modules.
	classRef struct{ c *class }
	// memberRef is an attribute of a scanned class: User.id, Color.red.
	memberRef struct {
		c    *class
		name string
	}
	modRef  struct{ m *module }
	funcRef struct {
		m  *module
		fn *node
	}
	// clsValue is the cls argument of a declared_attr function, bound to
	// the class being mapped.
	clsValue struct{ c *class }
	// unknown is a value the reader cannot compute statically.
	unknown struct {
		at  *node
		why string
	}
)

// symName is the canonical name of a library symbol: "sa.Integer" for any
// path inside sqlalchemy (sqlalchemy.types.Integer, sqlalchemy.Integer),
// "pg.JSONB", "mysql.JSON", "sqlite.JSON" for dialect types,
// "func.now" for sqlalchemy.func.now, and the path itself for other
// modules ("typing.Optional", "datetime.datetime").
func symName(v value) string {
	s, ok := v.(sym)
	if !ok {
		return ""
	}
	parts := strings.Split(s.path, ".")
	if parts[0] == "typing_extensions" {
		parts[0] = "typing"
	}
	if parts[0] != "sqlalchemy" {
		return strings.Join(parts, ".")
	}
	for i, p := range parts {
		if p == "func" && i+1 < len(parts) {
			return "func." + strings.Join(parts[i+1:], ".")
		}
		if p == "func" {
			return "func"
		}
	}
	for i, p := range parts {
		if p == "dialects" && i+2 < len(parts) {
			switch parts[i+1] {
			case "postgresql":
				return "pg." + parts[len(parts)-1]
			case "mysql", "mariadb":
				return "mysql." + parts[len(parts)-1]
			case "sqlite":
				return "sqlite." + parts[len(parts)-1]
			}
		}
	}
	return "sa." + parts[len(parts)-1]
}

// callName is symName of a call's callee, "" when the callee is not a
// library symbol.
func callName(v value) string {
	c, ok := v.(*call)
	if !ok {
		return ""
	}
	return symName(c.fn)
}

// posOf is where a value came from, for messages.
func posOf(v value, fallback schema.Pos) schema.Pos {
	switch x := v.(type) {
	case *call:
		return x.at.pos
	case unknown:
		if x.at != nil {
			return x.at.pos
		}
	}
	return fallback
}

// describe renders a value for an error message.
func describe(v value) string {
	switch x := v.(type) {
	case pyStr:
		return strconv.Quote(x.s)
	case pyInt:
		return strconv.FormatInt(x.i, 10)
	case pyFlt:
		return x.text
	case pyBool:
		if x.b {
			return "True"
		}
		return "False"
	case pyNone:
		return "None"
	case sym:
		return x.path
	case *call:
		return snippet(x.at.text())
	case classRef:
		return "class " + x.c.name
	case memberRef:
		return x.c.name + "." + x.name
	case unknown:
		if x.at != nil {
			return snippet(x.at.text())
		}
		return "?"
	}
	return fmt.Sprintf("%T", v)
}

// kwarg returns a keyword argument of a call, and whether it was given.
func (c *call) kwarg(name string) (value, bool) {
	v, ok := c.kw[name]
	return v, ok
}

// argPos is the position of a keyword argument's value, or of the call.
func (c *call) argPos(name string) schema.Pos {
	return posOf(c.kw[name], c.at.pos)
}
