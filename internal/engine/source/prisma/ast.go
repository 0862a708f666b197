package prisma

import "github.com/migrate-bot/migrate-bot/internal/engine/schema"

// blockKind is the keyword that opens a top-level block.
type blockKind string

const (
	blockModel      blockKind = "model"
	blockEnum       blockKind = "enum"
	blockView       blockKind = "view"
	blockType       blockKind = "type"
	blockDatasource blockKind = "datasource"
	blockGenerator  blockKind = "generator"
)

// block is one top-level block of a schema file.
type block struct {
	kind    blockKind
	name    string
	pos     schema.Pos // of the keyword
	namePos schema.Pos
	doc     []string // doc comments before the block
	// fields are the fields of a model, view or type, and the values of
	// an enum (with only name, attrs and doc set).
	fields []*field
	// attrs are the block attributes (@@map, @@id ...).
	attrs []*attribute
	// props are the key = value settings of a datasource or generator.
	props []*property
}

// attr returns the first block attribute with the name, or nil.
func (b *block) attr(name string) *attribute {
	for _, a := range b.attrs {
		if a.name == name {
			return a
		}
	}
	return nil
}

// prop returns the setting with the key, or nil.
func (b *block) prop(key string) *property {
	for _, p := range b.props {
		if p.key == key {
			return p
		}
	}
	return nil
}

// field is a field of a model (or a value of an enum).
type field struct {
	name string
	pos  schema.Pos
	typ  fieldType
	// attrs are the field attributes (@id, @default, @db.VarChar ...).
	attrs []*attribute
	doc   []string
}

// attr returns the first field attribute with the name, or nil.
func (f *field) attr(name string) *attribute {
	for _, a := range f.attrs {
		if a.name == name {
			return a
		}
	}
	return nil
}

// fieldType is a field's type as written: a name with optional ? or [].
type fieldType struct {
	name     string
	pos      schema.Pos
	optional bool
	list     bool
	// unsupported is the SQL type text of Unsupported("...").
	unsupported string
}

// String renders the type as written in the schema.
func (t fieldType) String() string {
	s := t.name
	if t.name == "Unsupported" {
		s = `Unsupported("` + t.unsupported + `")`
	}
	if t.list {
		s += "[]"
	}
	if t.optional {
		s += "?"
	}
	return s
}

// attribute is @name(args) or @@name(args); name includes a prefix such as
// "db." for native types.
type attribute struct {
	name string
	pos  schema.Pos
	args []*arg
}

// arg returns the named argument, or the positional argument at index pos
// when there is no argument by that name; nil when neither exists.
func (a *attribute) arg(name string, pos int) *arg {
	for _, x := range a.args {
		if x.name == name {
			return x
		}
	}
	n := 0
	for _, x := range a.args {
		if x.name == "" {
			if n == pos {
				return x
			}
			n++
		}
	}
	return nil
}

// arg is one argument: named (name: value) or positional.
type arg struct {
	name  string
	pos   schema.Pos
	value *expr
}

// exprKind is the kind of a value expression.
type exprKind int

const (
	exprString exprKind = iota
	exprNumber
	exprIdent // a constant or a field name: true, Cascade, ADMIN, title
	exprCall  // name(args): now(), raw("..."), title(sort: Desc)
	exprArray // [a, b]
)

// expr is a value in an attribute argument or a datasource setting.
type expr struct {
	kind  exprKind
	pos   schema.Pos
	text  string  // string value, number text, identifier or function name
	args  []*arg  // arguments of a call
	items []*expr // items of an array
}

// describe names the expression for an error message.
func (e *expr) describe() string {
	switch e.kind {
	case exprString:
		return "a string"
	case exprNumber:
		return "a number"
	case exprIdent:
		return "`" + e.text + "`"
	case exprCall:
		return "`" + e.text + "(...)`"
	}
	return "a list"
}

// property is key = value inside a datasource or generator block.
type property struct {
	key   string
	pos   schema.Pos
	value *expr
}

// slab hands out pointers to values allocated in chunks, so that the many
// small nodes of a large schema cost a few allocations instead of one each.
type slab[T any] struct{ buf []T }

// alloc returns a pointer to a new zero value.
func (s *slab[T]) alloc() *T {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]T, 0, 512)
	}
	s.buf = s.buf[:len(s.buf)+1]
	return &s.buf[len(s.buf)-1]
}
