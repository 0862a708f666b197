package sqlalchemy

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// class is a class statement of a scanned module.
type class struct {
	name      string
	mod       *module
	def       *node // class_definition
	decorated *node // decorated_definition, or def itself

	bases     []value
	basesDone bool
	attrs     []*attr
	attrsDone bool
	byName    map[string]*attr
	// visiting guards against a class that (through imports) is its own
	// base.
	visiting bool
}

// attr is one statement of a class body that binds a name: an
// assignment, an annotation, or a declared_attr function.
type attr struct {
	name     string
	ann      *node // the annotation (type), or nil
	expr     *node // the assigned expression, or nil
	declared *node // a declared_attr function_definition
	at       *node
	owner    *class
	val      value
	done     bool
	visiting bool
}

func (c *class) pos() schema.Pos { return c.def.pos }

// baseValues evaluates the class's bases once.
func (c *class) baseValues() []value {
	if c.basesDone {
		return c.bases
	}
	c.basesDone = true
	if sup := c.def.get("superclasses"); sup != nil {
		for _, b := range sup.children {
			if b.kind == "keyword_argument" {
				continue
			}
			c.bases = append(c.bases, c.mod.eval(b, nil))
		}
	}
	return c.bases
}

// body collects the class body's name-binding statements in order.
func (c *class) body() []*attr {
	if c.attrsDone {
		return c.attrs
	}
	c.attrsDone = true
	c.byName = map[string]*attr{}
	blk := c.def.get("body")
	if blk == nil {
		return nil
	}
	for _, st := range blk.children {
		switch st.kind {
		case "expression_statement":
			for _, a := range st.children {
				if a.kind != "assignment" {
					continue
				}
				left := a.get("left")
				if left == nil || left.kind != "identifier" {
					continue
				}
				at := &attr{name: left.text(), ann: a.get("type"), expr: a.get("right"), at: a, owner: c}
				c.add(at)
			}
		case "decorated_definition":
			def := st.get("definition")
			if def == nil || def.kind != "function_definition" {
				continue
			}
			for _, d := range st.children {
				if d.kind != "decorator" {
					continue
				}
				t := strings.TrimSpace(strings.TrimPrefix(d.text(), "@"))
				if t == "declared_attr" || strings.HasSuffix(t, ".declared_attr") ||
					strings.HasPrefix(t, "declared_attr.") || strings.Contains(t, ".declared_attr.") {
					c.add(&attr{name: def.get("name").text(), declared: def, at: st, owner: c})
				}
			}
		}
	}
	return c.attrs
}

func (c *class) add(a *attr) {
	if old, ok := c.byName[a.name]; ok {
		// A later statement rebinds the name: it wins, in place.
		*old = *a
		return
	}
	c.attrs = append(c.attrs, a)
	c.byName[a.name] = a
}

// own returns the attribute the class body itself binds, or nil.
func (c *class) own(name string) *attr {
	c.body()
	return c.byName[name]
}

// value evaluates an attribute in the scope of its class body (earlier
// attributes by name), with cls bound to the class being mapped for a
// declared_attr function.
func (a *attr) value(mapped *class) value {
	if a.declared != nil {
		return a.declaredValue(mapped)
	}
	if a.done {
		return a.val
	}
	if a.visiting {
		return unknown{at: a.at, why: a.name + " refers to itself"}
	}
	a.visiting = true
	sc := a.owner.bodyScope(a)
	if a.expr == nil {
		a.val = nil
	} else {
		a.val = a.owner.mod.eval(a.expr, sc)
	}
	a.visiting = false
	a.done = true
	return a.val
}

// bodyScope is the names a class body statement sees: the attributes
// bound before it.
func (c *class) bodyScope(upto *attr) *scope {
	sc := &scope{local: map[string]value{}}
	for _, b := range c.body() {
		if b == upto {
			break
		}
		if b.declared == nil && b.expr != nil && !b.visiting {
			sc.local[b.name] = lazyAttr{a: b}
		}
	}
	return sc
}

// lazyAttr is a reference to an earlier class body attribute (a column
// named in __table_args__), evaluated when needed.
type lazyAttr struct{ a *attr }

// declaredValue evaluates a declared_attr function whose body is a single
// return statement, with cls bound to the mapped class. Anything else is
// unknown: the reader does not run functions.
func (a *attr) declaredValue(mapped *class) value {
	body := a.declared.get("body")
	var ret *node
	if body != nil {
		stmts := body.children
		if len(stmts) > 0 && stmts[0].kind == "expression_statement" && len(stmts[0].children) == 1 &&
			stmts[0].children[0].kind == "string" {
			stmts = stmts[1:] // docstring
		}
		if len(stmts) == 1 && stmts[0].kind == "return_statement" && len(stmts[0].children) == 1 {
			ret = stmts[0].children[0]
		}
	}
	if ret == nil {
		return unknown{at: a.at, why: "declared_attr " + a.name + " is not a single return statement"}
	}
	sc := &scope{local: map[string]value{}, cls: mapped}
	return a.owner.mod.eval(ret, sc)
}

// resolve follows lazy attribute references.
func resolve(v value) value {
	for {
		l, ok := v.(lazyAttr)
		if !ok {
			return v
		}
		v = l.a.value(l.a.owner)
	}
}

// mro is a simple method resolution order: the class, then its scanned
// bases depth first, left to right, each once.
func (c *class) mro() []*class {
	var out []*class
	seen := map[*class]bool{}
	var walk func(k *class)
	walk = func(k *class) {
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, k)
		for _, b := range k.baseValues() {
			if r, ok := b.(classRef); ok {
				walk(r.c)
			}
		}
	}
	walk(c)
	return out
}

// tableName is the class's own static __tablename__, or "" when it has
// none or it is not static (declared_attr resolution happens in the
// mapper).
func (c *class) tableName() string {
	a := c.own("__tablename__")
	if a == nil || a.declared != nil {
		return ""
	}
	if s, ok := a.value(c).(pyStr); ok {
		return s.s
	}
	return ""
}
