package sqlalchemy

import (
	"strconv"
	"strings"
)

// scope is what names mean while evaluating: a class body's attributes
// defined so far, then the module's globals.
type scope struct {
	local map[string]value
	cls   *class // the class a declared_attr function is called for
}

// eval computes the static value of an expression. It never runs code:
// what it cannot compute is an unknown value carrying where and why.
func (m *module) eval(n *node, sc *scope) value {
	if n == nil {
		return unknown{why: "missing expression"}
	}
	switch n.kind {
	case "identifier":
		name := n.text()
		if sc != nil {
			if v, ok := sc.local[name]; ok {
				return v
			}
			if name == "cls" && sc.cls != nil {
				return clsValue{c: sc.cls}
			}
		}
		return m.lookup(name, n)
	case "attribute":
		return m.attr(m.eval(n.get("object"), sc), n.get("attribute").text(), n)
	case "call":
		return m.evalCall(n, sc)
	case "string", "concatenated_string":
		s, ok := pyString(n)
		if !ok {
			return unknown{at: n, why: "f-strings and byte strings are not static text"}
		}
		return pyStr{s: s}
	case "integer":
		i, err := strconv.ParseInt(strings.ReplaceAll(n.text(), "_", ""), 0, 64)
		if err != nil {
			return unknown{at: n, why: "integer out of range"}
		}
		return pyInt{i: i}
	case "float":
		return pyFlt{text: n.text()}
	case "true":
		return pyBool{b: true}
	case "false":
		return pyBool{b: false}
	case "none":
		return pyNone{}
	case "parenthesized_expression":
		if len(n.children) == 1 {
			return m.eval(n.children[0], sc)
		}
	case "tuple", "list", "expression_list":
		s := seq{tuple: n.kind != "list"}
		for _, c := range n.children {
			s.items = append(s.items, m.eval(c, sc))
		}
		return s
	case "dictionary":
		d := dict{}
		for _, p := range n.children {
			if p.kind != "pair" {
				return unknown{at: p, why: "dictionary unpacking is not static"}
			}
			d.keys = append(d.keys, m.eval(p.get("key"), sc))
			d.vals = append(d.vals, m.eval(p.get("value"), sc))
		}
		return d
	case "unary_operator":
		v := m.eval(n.get("argument"), sc)
		if i, ok := v.(pyInt); ok && strings.HasPrefix(n.text(), "-") {
			return pyInt{i: -i.i}
		}
		if f, ok := v.(pyFlt); ok && strings.HasPrefix(n.text(), "-") {
			return pyFlt{text: "-" + f.text}
		}
	case "binary_operator":
		ln, rn := n.get("left"), n.get("right")
		if ln == nil || rn == nil {
			break
		}
		l, r := m.eval(ln, sc), m.eval(rn, sc)
		op := strings.TrimSpace(string(n.src[ln.end:rn.start]))
		op = strings.Trim(op, "()\\ \t\n")
		switch op {
		case "|":
			return union{a: l, b: r}
		case "+":
			ls, lok := l.(pyStr)
			rs, rok := r.(pyStr)
			if lok && rok {
				return pyStr{s: ls.s + rs.s}
			}
			li, lok := l.(pyInt)
			ri, rok := r.(pyInt)
			if lok && rok {
				return pyInt{i: li.i + ri.i}
			}
		}
	case "subscript":
		g := generic{base: m.eval(n.get("value"), sc)}
		for _, s := range n.all("subscript") {
			g.params = append(g.params, m.eval(s, sc))
		}
		return g
	case "generic_type":
		g := generic{base: m.eval(n.children[0], sc)}
		if tp := n.first("type_parameter"); tp != nil {
			for _, t := range tp.children {
				g.params = append(g.params, m.eval(t, sc))
			}
		}
		return g
	case "type":
		if len(n.children) == 1 {
			return m.eval(n.children[0], sc)
		}
	}
	return unknown{at: n, why: "expression is not static"}
}

// attr evaluates obj.name.
func (m *module) attr(obj value, name string, at *node) value {
	switch o := obj.(type) {
	case sym:
		return sym{path: o.path + "." + name}
	case modRef:
		if _, ok := o.m.globals[name]; ok {
			return o.m.lookup(name, at)
		}
		if sub := o.m.prog.findModule(o.m.name + "." + name); sub != nil {
			return modRef{m: sub}
		}
		return unknown{at: at, why: name + " is not defined in " + o.m.file}
	case classRef:
		return memberRef{c: o.c, name: name}
	case clsValue:
		if name == "__name__" {
			return pyStr{s: o.c.name}
		}
		if name == "__tablename__" {
			if t := o.c.tableName(); t != "" {
				return pyStr{s: t}
			}
		}
	case pyStr:
		return strMethod{s: o.s, name: name}
	case *call:
		if isFlaskDB(o) {
			return flaskAttr(o, name)
		}
		return boundAttr{recv: o, name: name}
	case boundAttr:
		return boundAttr{recv: o, name: name}
	case flaskModel:
		if name == "metadata" {
			return flaskMeta(o)
		}
	case unknown:
		return o
	}
	return unknown{at: at, why: "attribute " + name + " of " + describe(obj) + " is not static"}
}

// strMethod is a bound method of a string (cls.__name__.lower).
type strMethod struct{ s, name string }

func (m *module) evalCall(n *node, sc *scope) value {
	fn := m.eval(n.get("function"), sc)
	c := &call{fn: fn, kw: map[string]value{}, at: n}
	if args := n.get("arguments"); args != nil {
		for _, a := range args.children {
			switch a.kind {
			case "keyword_argument":
				k := a.get("name").text()
				c.kw[k] = m.eval(a.get("value"), sc)
				c.kwOrder = append(c.kwOrder, k)
			case "list_splat", "dictionary_splat":
				c.args = append(c.args, unknown{at: a, why: "argument unpacking is not static"})
			default:
				c.args = append(c.args, m.eval(a, sc))
			}
		}
	}
	if sm, ok := fn.(strMethod); ok && len(c.args) == 0 {
		switch sm.name {
		case "lower":
			return pyStr{s: strings.ToLower(sm.s)}
		case "upper":
			return pyStr{s: strings.ToUpper(sm.s)}
		}
	}
	return c
}

// pyString decodes a string literal or an implicit concatenation of them.
// f-strings with replacement fields and byte strings are not static.
func pyString(n *node) (string, bool) {
	if n.kind == "concatenated_string" {
		var b strings.Builder
		for _, c := range n.children {
			s, ok := pyString(c)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	}
	if n.first("interpolation") != nil {
		return "", false
	}
	t := n.text()
	i := strings.IndexAny(t, `'"`)
	if i < 0 {
		return "", false
	}
	prefix := strings.ToLower(t[:i])
	if strings.Contains(prefix, "b") {
		return "", false
	}
	body := t[i:]
	q := body[:1]
	if strings.HasPrefix(body, q+q+q) && len(body) >= 6 {
		body = body[3 : len(body)-3]
	} else if len(body) >= 2 {
		body = body[1 : len(body)-1]
	}
	if strings.Contains(prefix, "r") {
		return body, true
	}
	return unescape(body), true
}

// unescape decodes Python's backslash escapes.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case '\\', '\'', '"':
			b.WriteByte(e)
		case '\n':
		case 'x', 'u', 'U':
			w := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if i+1+w <= len(s) {
				if r, err := strconv.ParseUint(s[i+1:i+1+w], 16, 32); err == nil {
					b.WriteRune(rune(r))
					i += w
					continue
				}
			}
			b.WriteByte('\\')
			b.WriteByte(e)
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}
