package sqlalchemy

import (
	"sort"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// mapper turns the scanned modules into tables, the way SQLAlchemy's
// declarative mapping and Table() build a MetaData.
type mapper struct {
	prog   *program
	tables []*tableDef
	// byClass is the table of each mapped class (single-table inheritance
	// subclasses share their parent's).
	byClass map[*class]*tableDef
	colsOf  map[*class]map[string]*colDef // attribute name -> column
	metas   map[any]*metaInfo
	// modRank orders modules for column creation order.
	modRank map[*module]int
	// roots memoizes declarativeRoot (diamond hierarchies would otherwise
	// be walked once per path).
	roots map[*class]rootResult
	// flaskNamed marks Flask-SQLAlchemy models whose table name was
	// generated (and kept: not single-table inheritance).
	flaskNamed map[*class]bool
}

type rootResult struct {
	r   *root
	err error
}

func newMapper(p *program) *mapper {
	return &mapper{prog: p, byClass: map[*class]*tableDef{}, colsOf: map[*class]map[string]*colDef{},
		metas: map[any]*metaInfo{}, modRank: map[*module]int{}, roots: map[*class]rootResult{}, flaskNamed: map[*class]bool{}}
}

// run maps every class and Table of every module.
func (mp *mapper) run() error {
	for i, m := range mp.prog.sortedModules() {
		mp.modRank[m] = i
	}
	for _, m := range mp.prog.sortedModules() {
		for _, tn := range m.tables {
			if err := mp.tableCall(m, m.eval(tn, nil).(*call), nil); err != nil {
				return err
			}
		}
		for _, c := range m.classes {
			if err := mp.unresolvedBase(c); err != nil {
				return err
			}
			if err := mp.mapClass(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// unresolvedBase refuses a class that looks like a model (it has
// __tablename__ or Column / mapped_column attributes) but derives from a
// base the reader cannot resolve (Flask-SQLAlchemy's db.Model, a base from
// a module that is not scanned): leaving it out silently would drop a
// table.
func (mp *mapper) unresolvedBase(c *class) error {
	looksMapped := c.own("__tablename__") != nil || c.own("__table__") != nil
	for _, a := range c.body() {
		if a.expr != nil && (strings.Contains(a.expr.text(), "Column(") || strings.Contains(a.expr.text(), "mapped_column(")) {
			looksMapped = true
		}
	}
	if !looksMapped {
		return nil
	}
	if c.decorated != c.def {
		for _, d := range c.decorated.children {
			if d.kind != "decorator" {
				continue
			}
			t := strings.TrimSpace(strings.TrimPrefix(d.text(), "@"))
			if strings.HasSuffix(t, ".mapped") || strings.Contains(t, "mapped_as_dataclass") {
				return schema.Errorf(d.pos, "class %s is mapped by the decorator @%s, which the SQLAlchemy reader does not support (use a declarative base)", c.name, t)
			}
		}
	}
	for i, b := range c.baseValues() {
		switch x := b.(type) {
		case classRef, flaskModel:
			continue
		case sym:
			n := symName(x)
			if strings.HasPrefix(n, "sa.") || strings.HasPrefix(n, "builtins.") || strings.HasPrefix(n, "typing.") ||
				strings.HasPrefix(n, "abc.") || strings.HasPrefix(n, "enum.") {
				continue
			}
		case *call:
			if isDeclarativeBaseCall(x) {
				continue
			}
		}
		at := c.def.get("superclasses")
		pos, text := c.pos(), describe(b)
		var args []*node
		if at != nil {
			for _, a := range at.children {
				if a.kind != "keyword_argument" {
					args = append(args, a)
				}
			}
		}
		if i < len(args) {
			pos, text = args[i].pos, args[i].text()
		}
		return schema.Errorf(pos, "class %s derives from %s, which the reader cannot resolve to a SQLAlchemy declarative base in the scanned files", c.name, text)
	}
	return nil
}

// root describes the declarative base a class descends from.
type root struct {
	md *metaInfo
	// flask marks Flask-SQLAlchemy's db.Model.
	flask bool
	// cls is declarative_base(cls=X)'s X: its attributes are inherited by
	// every mapped class, like a mixin's.
	cls *class
}

// declarativeRoot finds the declarative base of a class: a
// declarative_base() / registry().generate_base() value, or a class whose
// bases include DeclarativeBase. nil when the class is not declarative.
func (mp *mapper) declarativeRoot(c *class) (*root, error) {
	if res, ok := mp.roots[c]; ok {
		return res.r, res.err
	}
	r, err := mp.findRoot(c)
	if !c.visiting {
		mp.roots[c] = rootResult{r: r, err: err}
	}
	return r, err
}

func (mp *mapper) findRoot(c *class) (*root, error) {
	if c.visiting {
		return nil, schema.Errorf(c.pos(), "class %s inherits from itself", c.name)
	}
	c.visiting = true
	defer func() { c.visiting = false }()
	if mp.decoratedAsDeclarative(c) {
		md, err := mp.classMetadata(c)
		return &root{md: md}, err
	}
	for _, b := range c.baseValues() {
		switch x := b.(type) {
		case classRef:
			r, err := mp.declarativeRoot(x.c)
			if r != nil || err != nil {
				return r, err
			}
		case *call:
			if isDeclarativeBaseCall(x) {
				md, err := mp.baseCallMetadata(x)
				if err != nil {
					return nil, err
				}
				r := &root{md: md}
				for _, k := range x.kwOrder {
					switch k {
					case "cls":
						cr, ok := resolve(x.kw[k]).(classRef)
						if !ok {
							return nil, schema.Errorf(x.argPos(k), "declarative_base(cls=%s): not a class of the scanned modules", describe(x.kw[k]))
						}
						r.cls = cr.c
					case "metadata", "name", "constructor", "class_registry", "type_annotation_map", "mapper":
					default:
						return nil, schema.Errorf(x.argPos(k), "declarative_base keyword %s= is not supported by the SQLAlchemy reader", k)
					}
				}
				return r, nil
			}
		case flaskModel:
			md, err := mp.flaskMetadata(x.db)
			return &root{md: md, flask: true}, err
		case sym:
			switch symName(x) {
			case "sa.DeclarativeBase", "sa.DeclarativeBaseNoMeta":
				md, err := mp.classMetadata(c)
				return &root{md: md}, err
			}
		}
	}
	return nil, nil
}

func (mp *mapper) decoratedAsDeclarative(c *class) bool {
	if c.decorated == c.def {
		return false
	}
	for _, d := range c.decorated.children {
		if d.kind == "decorator" && strings.Contains(d.text(), "as_declarative") {
			return true
		}
	}
	return false
}

// isDeclarativeBaseCall recognizes declarative_base(...) and
// registry(...).generate_base(...).
func isDeclarativeBaseCall(c *call) bool {
	if callName(c) == "sa.declarative_base" {
		return true
	}
	if bm, ok := c.fn.(boundAttr); ok && bm.name == "generate_base" {
		return callName(bm.recv) == "sa.registry"
	}
	return false
}

// baseCallMetadata reads metadata= of declarative_base(); for
// registry().generate_base() the registry's metadata=.
func (mp *mapper) baseCallMetadata(c *call) (*metaInfo, error) {
	src := c
	if bm, ok := c.fn.(boundAttr); ok {
		if rc, ok := bm.recv.(*call); ok {
			src = rc
		}
	}
	if v, ok := src.kwarg("metadata"); ok {
		return mp.metadata(v, src.argPos("metadata"))
	}
	return mp.metaFor(src, nil)
}

// classMetadata reads a DeclarativeBase subclass's metadata and
// type_annotation_map class attributes.
func (mp *mapper) classMetadata(c *class) (*metaInfo, error) {
	var md *metaInfo
	var err error
	if a := c.own("metadata"); a != nil {
		md, err = mp.metadata(resolve(a.value(c)), a.at.pos)
	} else {
		md, err = mp.metaFor(c, nil)
	}
	if err != nil {
		return nil, err
	}
	if a := c.own("type_annotation_map"); a != nil && md.annotationMap == nil {
		d, ok := resolve(a.value(c)).(dict)
		if !ok {
			return nil, schema.Errorf(a.at.pos, "type_annotation_map is not a static dictionary")
		}
		md.annotationMap = map[string]*saType{}
		for i, k := range d.keys {
			key := pyTypeName(k)
			if key == "" {
				return nil, schema.Errorf(posOf(d.vals[i], a.at.pos), "type_annotation_map key %s is not a known Python type", describe(k))
			}
			t, err := mp.typeOf(d.vals[i], posOf(d.vals[i], a.at.pos))
			if err != nil {
				return nil, err
			}
			md.annotationMap[key] = t
		}
	}
	return md, nil
}

// metadata resolves a MetaData value: a MetaData(...) call, or Base.metadata.
func (mp *mapper) metadata(v value, pos schema.Pos) (*metaInfo, error) {
	v = resolve(v)
	switch x := v.(type) {
	case *call:
		if callName(x) == "sa.MetaData" {
			return mp.metaFor(x, x)
		}
	case flaskMeta:
		return mp.flaskMetadata(x.db)
	case boundAttr:
		if rc, ok := x.recv.(*call); ok && x.name == "metadata" && isDeclarativeBaseCall(rc) {
			return mp.baseCallMetadata(rc)
		}
	case memberRef:
		if x.name == "metadata" {
			r, err := mp.declarativeRoot(x.c)
			if err != nil {
				return nil, err
			}
			if r != nil {
				return r.md, nil
			}
			if a := x.c.own("metadata"); a != nil {
				return mp.metadata(a.value(x.c), pos)
			}
		}
	}
	return nil, schema.Errorf(posOf(v, pos), "cannot tell which MetaData %s is", describe(v))
}

// metaFor returns the metaInfo of a key (a MetaData call, a base), built
// once from the MetaData call's arguments.
func (mp *mapper) metaFor(key any, c *call) (*metaInfo, error) {
	if md, ok := mp.metas[key]; ok {
		return md, nil
	}
	md := &metaInfo{conv: defaultConvention()}
	mp.metas[key] = md
	if c == nil {
		return md, nil
	}
	if v, ok := c.kwarg("schema"); ok {
		s, ok := v.(pyStr)
		if !ok {
			return nil, schema.Errorf(c.argPos("schema"), "MetaData schema= is not a static string")
		}
		md.schema = s.s
	}
	if v, ok := c.kwarg("naming_convention"); ok {
		d, ok := resolve(v).(dict)
		if !ok {
			return nil, schema.Errorf(c.argPos("naming_convention"), "naming_convention is not a static dictionary")
		}
		if len(d.keys) > 0 {
			md.conv = map[string]string{}
		}
		for i, k := range d.keys {
			key := conventionKey(k)
			s, ok := resolve(d.vals[i]).(pyStr)
			if key == "" || !ok {
				return nil, schema.Errorf(posOf(d.vals[i], c.at.pos), "naming convention entry %s is not a static string for ix, uq, ck, fk or pk", describe(k))
			}
			md.conv[key] = s.s
		}
	}
	return md, nil
}

// conventionKey maps a naming_convention key ("uq", UniqueConstraint) to
// its short form.
func conventionKey(k value) string {
	if s, ok := k.(pyStr); ok {
		switch s.s {
		case "ix", "uq", "ck", "fk", "pk":
			return s.s
		}
		return ""
	}
	switch symName(k) {
	case "sa.Index":
		return "ix"
	case "sa.UniqueConstraint":
		return "uq"
	case "sa.CheckConstraint":
		return "ck"
	case "sa.ForeignKeyConstraint":
		return "fk"
	case "sa.PrimaryKeyConstraint":
		return "pk"
	}
	return ""
}

// boundAttr is an attribute of a call's result: registry().generate_base,
// users.c, String(20).with_variant.
type boundAttr struct {
	recv value
	name string
}

// isMapped reports whether a class maps to a table of its own or to its
// parent's (single-table inheritance), and is not abstract.
func (mp *mapper) isMapped(c *class) bool {
	if a := c.own("__abstract__"); a != nil {
		if b, ok := a.value(c).(pyBool); ok && b.b {
			return false
		}
	}
	r, err := mp.declarativeRoot(c)
	if err != nil || r == nil {
		return false
	}
	for _, b := range c.baseValues() {
		if s := symName(b); s == "sa.DeclarativeBase" || s == "sa.DeclarativeBaseNoMeta" {
			return false
		}
		if cl, ok := b.(*call); ok && isDeclarativeBaseCall(cl) && c.own("__tablename__") == nil && c.own("__table__") == nil {
			// class Base(declarative_base()) used as a base itself.
			if len(c.body()) == 0 {
				return false
			}
		}
	}
	return !mp.decoratedAsDeclarative(c)
}

// sortCols orders columns by creation order.
func sortCols(cols []*colDef) {
	sort.SliceStable(cols, func(i, j int) bool {
		a, b := cols[i].order, cols[j].order
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		return a[1] < b[1]
	})
}
