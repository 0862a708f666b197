package sqlalchemy

import (
	"path"
	"sort"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// module is one scanned .py file: its dotted name (from its path), its
// top-level bindings and its classes in source order.
type module struct {
	name    string // "models.user"; "models" for models/__init__.py
	isPkg   bool
	file    string
	root    *node
	globals map[string]*binding
	// stars are the modules of "from X import *", in order.
	stars   []string
	classes []*class
	// tables are module-level Table(...) calls, in source order.
	tables []*node
	// indexes are module-level Index(...) calls.
	indexes []*node
	prog    *program
}

// binding is a top-level name: an import, an assignment, a class or a
// function. Its value is computed on first use.
type binding struct {
	imp      string // "module.path" or "module.path:name" for imports
	expr     *node  // right-hand side of an assignment
	cls      *class
	fn       *node
	val      value
	done     bool
	visiting bool
}

// program is every scanned module.
type program struct {
	modules []*module
	byName  map[string]*module
}

// moduleName turns a file path into a dotted module name, relative to the
// folder all files share.
func moduleNames(paths []string) []string {
	dirs := make([][]string, len(paths))
	common := -1
	for i, p := range paths {
		p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
		parts := strings.Split(strings.TrimSuffix(p, ".py"), "/")
		dirs[i] = parts
		n := len(parts) - 1
		if common < 0 || n < common {
			common = n
		}
		for j := 0; j < common && j < n; j++ {
			if parts[j] != dirs[0][j] {
				common = j
				break
			}
		}
	}
	names := make([]string, len(paths))
	for i, parts := range dirs {
		start := 0
		if common > 0 {
			start = common
		}
		// Keep the last folder so "from .base import" and
		// "from models.base import" both resolve.
		if start > 0 {
			start--
		}
		names[i] = strings.Join(parts[start:], ".")
	}
	return names
}

func newProgram(files []schema.File, roots []*node) *program {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	names := moduleNames(paths)
	p := &program{byName: map[string]*module{}}
	for i, f := range files {
		name := names[i]
		m := &module{name: name, file: f.Path, root: roots[i], globals: map[string]*binding{}, prog: p}
		if strings.HasSuffix(name, ".__init__") || name == "__init__" {
			m.isPkg = true
			m.name = strings.TrimSuffix(strings.TrimSuffix(name, "__init__"), ".")
		}
		p.modules = append(p.modules, m)
		p.byName[m.name] = m
		m.collect(m.root.children)
	}
	return p
}

// collect records the top-level bindings of statements (descending into
// if/try blocks, where imports often hide behind TYPE_CHECKING).
func (m *module) collect(stmts []*node) {
	for _, st := range stmts {
		switch st.kind {
		case "import_statement":
			for _, n := range st.all("name") {
				if n.kind == "aliased_import" {
					m.globals[n.get("alias").text()] = &binding{imp: n.get("name").text()}
					continue
				}
				full := n.text()
				first := strings.SplitN(full, ".", 2)[0]
				m.globals[first] = &binding{imp: first}
			}
		case "import_from_statement":
			mod := m.resolveFrom(st.get("module_name"))
			if st.first("wildcard_import") != nil {
				m.stars = append(m.stars, mod)
			}
			for _, n := range st.all("name") {
				name, alias := n.text(), n.text()
				if n.kind == "aliased_import" {
					name, alias = n.get("name").text(), n.get("alias").text()
				}
				m.globals[alias] = &binding{imp: mod + ":" + name}
			}
		case "expression_statement":
			for _, a := range st.children {
				if a.kind == "call" && isCallOf(a, "Index") {
					m.indexes = append(m.indexes, a)
				}
				if a.kind == "assignment" && a.get("right") != nil && a.get("right").kind == "call" && isCallOf(a.get("right"), "Index") {
					m.indexes = append(m.indexes, a.get("right"))
				}
				if a.kind != "assignment" {
					continue
				}
				left, right := a.get("left"), a.get("right")
				if left != nil && left.kind == "identifier" && right != nil {
					m.globals[left.text()] = &binding{expr: right}
					if right.kind == "call" && isCallOf(right, "Table") {
						m.tables = append(m.tables, right)
					}
				}
			}
		case "class_definition", "decorated_definition":
			def := st
			if st.kind == "decorated_definition" {
				def = st.get("definition")
			}
			if def == nil {
				continue
			}
			name := def.get("name").text()
			if def.kind == "class_definition" {
				c := &class{name: name, mod: m, def: def, decorated: st}
				m.classes = append(m.classes, c)
				m.globals[name] = &binding{cls: c}
			} else {
				m.globals[name] = &binding{fn: def}
			}
		case "function_definition":
			m.globals[st.get("name").text()] = &binding{fn: st}
		case "if_statement", "try_statement", "else_clause", "elif_clause", "except_clause", "finally_clause", "block", "with_statement":
			m.collect(st.children)
		}
	}
}

// isCallOf tells a module-level "x = Table(...)" or "sa.Index(...)" apart
// from other calls, by the callee's spelling; the mapper then checks what
// the callee really is.
func isCallOf(n *node, name string) bool {
	f := n.get("function")
	if f == nil {
		return false
	}
	t := f.text()
	return t == name || strings.HasSuffix(t, "."+name)
}

// resolveFrom turns the module of "from X import" into a dotted path;
// relative imports are made absolute against this module.
func (m *module) resolveFrom(n *node) string {
	if n == nil {
		return ""
	}
	if n.kind != "relative_import" {
		return n.text()
	}
	dots := 0
	rest := ""
	for _, c := range n.children {
		if c.kind == "import_prefix" {
			dots = len(strings.TrimSpace(c.text()))
		} else {
			rest = c.text()
		}
	}
	parts := strings.Split(m.name, ".")
	if !m.isPkg {
		parts = parts[:len(parts)-1]
	}
	up := dots - 1
	if up > len(parts) {
		up = len(parts)
	}
	parts = parts[:len(parts)-up]
	base := strings.Join(parts, ".")
	switch {
	case base == "":
		return rest
	case rest == "":
		return base
	}
	return base + "." + rest
}

// findModule finds a scanned module by dotted path: exactly, or as the
// longest suffix ("app.models.base" finds "models.base").
func (p *program) findModule(path string) *module {
	if m, ok := p.byName[path]; ok {
		return m
	}
	var best *module
	for _, m := range p.modules {
		if m.name != "" && strings.HasSuffix(path, "."+m.name) {
			if best == nil || len(m.name) > len(best.name) {
				best = m
			}
		}
	}
	return best
}

// lookup returns the value of a top-level name of the module.
func (m *module) lookup(name string, at *node) value {
	b, ok := m.globals[name]
	if !ok {
		if v, found := m.starLookup(name, at); found {
			return v
		}
		if builtinNames[name] {
			return sym{path: "builtins." + name}
		}
		return unknown{at: at, why: "name " + name + " is not defined in " + m.file}
	}
	if b.done {
		return b.val
	}
	if b.visiting {
		return unknown{at: at, why: "name " + name + " refers to itself"}
	}
	b.visiting = true
	b.val = m.bindingValue(b, at)
	b.visiting = false
	b.done = true
	return b.val
}

// starLookup resolves a name through "from X import *": a scanned
// module's global, or a name of a sqlalchemy module (whose public names
// the reader knows by symName). The last star import wins, as in Python.
func (m *module) starLookup(name string, at *node) (value, bool) {
	for i := len(m.stars) - 1; i >= 0; i-- {
		mod := m.stars[i]
		if local := m.prog.findModule(mod); local != nil && local != m {
			if _, ok := local.globals[name]; ok && !strings.HasPrefix(name, "_") {
				return local.lookup(name, at), true
			}
			continue
		}
		if strings.HasPrefix(mod, "sqlalchemy") && knownSQLAlchemyName(mod, name) {
			return sym{path: mod + "." + name}, true
		}
	}
	return nil, false
}

// knownSQLAlchemyName reports whether "from sqlalchemy[.x] import *" binds
// name, for the names the reader gives a meaning to.
func knownSQLAlchemyName(mod, name string) bool {
	full := symName(sym{path: mod + "." + name})
	if full == "func" {
		return mod == "sqlalchemy" || mod == "sqlalchemy.sql"
	}
	if _, ok := ddlNames[full]; ok {
		return true
	}
	switch full {
	case "sa.Column", "sa.Table", "sa.MetaData", "sa.ForeignKey", "sa.ForeignKeyConstraint", "sa.UniqueConstraint",
		"sa.PrimaryKeyConstraint", "sa.CheckConstraint", "sa.Index", "sa.Enum", "sa.ARRAY", "sa.text", "sa.func",
		"sa.true", "sa.false", "sa.Sequence", "sa.Identity", "sa.Computed", "sa.DefaultClause", "sa.literal_column",
		"sa.relationship", "sa.backref", "sa.mapped_column", "sa.Mapped", "sa.declarative_base", "sa.declared_attr",
		"sa.DeclarativeBase", "sa.registry", "sa.deferred", "sa.column_property", "sa.synonym", "sa.as_declarative", "pg.ENUM", "pg.ARRAY":
		return true
	}
	return false
}

var builtinNames = map[string]bool{"str": true, "int": true, "float": true, "bool": true,
	"bytes": true, "dict": true, "list": true, "set": true, "tuple": true, "object": true}

func (m *module) bindingValue(b *binding, at *node) value {
	switch {
	case b.cls != nil:
		return classRef{c: b.cls}
	case b.fn != nil:
		return funcRef{m: m, fn: b.fn}
	case b.expr != nil:
		return m.eval(b.expr, nil)
	}
	mod, name, isFrom := strings.Cut(b.imp, ":")
	if isFrom {
		if local := m.prog.findModule(mod); local != nil && local != m {
			if _, ok := local.globals[name]; ok {
				return local.lookup(name, at)
			}
		}
		if local := m.prog.findModule(mod + "." + name); local != nil {
			return modRef{m: local}
		}
		if local := m.prog.findModule(mod); local != nil && local != m {
			return unknown{at: at, why: name + " is not defined in " + local.file}
		}
		return sym{path: mod + "." + name}
	}
	if local := m.prog.findModule(mod); local != nil {
		return modRef{m: local}
	}
	return sym{path: mod}
}

// sortedModules lists modules so that positions and errors come out in a
// stable order whatever order files were given in.
func (p *program) sortedModules() []*module {
	out := append([]*module(nil), p.modules...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}
