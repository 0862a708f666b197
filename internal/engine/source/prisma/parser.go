package prisma

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// parseFile parses one schema file into its top-level blocks.
func parseFile(f schema.File) ([]*block, error) {
	p := parser{ts: newTokenStream(f.Path, f.Data)}
	blocks, err := p.file()
	if p.ts.err != nil {
		// The parser stopped at the end of what could be lexed: the
		// lexing error is the one to report.
		return nil, p.ts.err
	}
	return blocks, err
}

// parser is a recursive-descent parser over the tokens of one file.
type parser struct {
	ts      *tokenStream
	fields  slab[field]
	attrs   slab[attribute]
	argSlab slab[arg]
	exprs   slab[expr]
}

func (p *parser) peek() token { return p.ts.at(0) }

func (p *parser) advance() token { return p.ts.advance() }

func (p *parser) isPunct(s string) bool {
	t := p.ts.at(0)
	return t.kind == tokPunct && t.text == s
}

func (p *parser) expectPunct(s, what string) (token, error) {
	t := p.peek()
	if t.kind != tokPunct || t.text != s {
		return t, schema.Errorf(t.pos, "expected %q %s, found %s", s, what, t.describe())
	}
	return p.advance(), nil
}

func (p *parser) expectIdent(what string) (token, error) {
	t := p.peek()
	if t.kind != tokIdent {
		return t, schema.Errorf(t.pos, "expected %s, found %s", what, t.describe())
	}
	return p.advance(), nil
}

// endOfLine accepts a newline, or leaves a closing brace or the end of the
// file for the caller.
func (p *parser) endOfLine() error {
	t := p.peek()
	switch {
	case t.kind == tokNewline:
		p.advance()
		return nil
	case t.kind == tokEOF, t.kind == tokPunct && t.text == "}":
		return nil
	}
	return schema.Errorf(t.pos, "unexpected %s: expected the end of the line", t.describe())
}

func (p *parser) file() ([]*block, error) {
	var blocks []*block
	var doc []string
	for {
		t := p.peek()
		switch t.kind {
		case tokEOF:
			return blocks, nil
		case tokNewline:
			p.advance()
		case tokDoc:
			doc = append(doc, p.advance().text)
		case tokIdent:
			b, err := p.block(doc)
			if err != nil {
				return nil, err
			}
			blocks = append(blocks, b)
			doc = nil
		default:
			return nil, schema.Errorf(t.pos, "unexpected %s: expected a block (model, enum, view, type, datasource, generator)", t.describe())
		}
	}
}

func (p *parser) block(doc []string) (*block, error) {
	kw := p.advance()
	b := &block{kind: blockKind(kw.text), pos: kw.pos, doc: doc}
	switch b.kind {
	case blockModel, blockEnum, blockView, blockType, blockDatasource, blockGenerator:
	default:
		return nil, schema.Errorf(kw.pos, "unknown block type %q: expected model, enum, view, type, datasource or generator", kw.text)
	}
	name, err := p.expectIdent("a name after " + kw.text)
	if err != nil {
		return nil, err
	}
	b.name, b.namePos = name.text, name.pos
	if _, err := p.expectPunct("{", "after "+kw.text+" "+name.text); err != nil {
		return nil, err
	}
	var lineDoc []string
	for {
		t := p.peek()
		switch {
		case t.kind == tokEOF:
			return nil, schema.Errorf(b.pos, "%s %s is not closed: missing \"}\"", b.kind, b.name)
		case t.kind == tokNewline:
			p.advance()
		case t.kind == tokDoc:
			lineDoc = append(lineDoc, p.advance().text)
		case t.kind == tokPunct && t.text == "}":
			p.advance()
			return b, p.endOfLine()
		case t.kind == tokAtAt:
			if b.kind == blockDatasource || b.kind == blockGenerator {
				return nil, schema.Errorf(t.pos, "attributes are not allowed in a %s block", b.kind)
			}
			a, err := p.attribute()
			if err != nil {
				return nil, err
			}
			b.attrs = append(b.attrs, a)
			lineDoc = nil
			if err := p.endOfLine(); err != nil {
				return nil, err
			}
		case t.kind == tokIdent && (b.kind == blockDatasource || b.kind == blockGenerator):
			prop, err := p.property()
			if err != nil {
				return nil, err
			}
			b.props = append(b.props, prop)
		case t.kind == tokIdent:
			f, err := p.field(b.kind == blockEnum)
			if err != nil {
				return nil, err
			}
			f.doc = lineDoc
			lineDoc = nil
			b.fields = append(b.fields, f)
		default:
			return nil, schema.Errorf(t.pos, "unexpected %s in %s %s", t.describe(), b.kind, b.name)
		}
	}
}

func (p *parser) property() (*property, error) {
	key := p.advance()
	if _, err := p.expectPunct("=", "after "+key.text); err != nil {
		return nil, err
	}
	v, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &property{key: key.text, pos: key.pos, value: v}, p.endOfLine()
}

// field parses "name Type? @attr..." or, in an enum, "VALUE @attr...".
func (p *parser) field(enumValue bool) (*field, error) {
	name := p.advance()
	f := p.fields.alloc()
	f.name, f.pos = name.text, name.pos
	if !enumValue {
		t, err := p.expectIdent("a type for field " + name.text)
		if err != nil {
			return nil, err
		}
		f.typ = fieldType{name: t.text, pos: t.pos}
		if t.text == "Unsupported" {
			if _, err := p.expectPunct("(", "after Unsupported"); err != nil {
				return nil, err
			}
			s := p.peek()
			if s.kind != tokString {
				return nil, schema.Errorf(s.pos, "expected a string in Unsupported(\"...\"), found %s", s.describe())
			}
			f.typ.unsupported = p.advance().text
			if _, err := p.expectPunct(")", "after Unsupported(\"...\""); err != nil {
				return nil, err
			}
		}
		if p.isPunct("[") {
			p.advance()
			if _, err := p.expectPunct("]", "after ["); err != nil {
				return nil, err
			}
			f.typ.list = true
		}
		if p.isPunct("?") {
			q := p.advance()
			if f.typ.list {
				return nil, schema.Errorf(q.pos, "field %s: optional lists are not supported", name.text)
			}
			f.typ.optional = true
		}
	}
	for p.peek().kind == tokAt {
		a, err := p.attribute()
		if err != nil {
			return nil, err
		}
		f.attrs = append(f.attrs, a)
	}
	if t := p.peek(); t.kind == tokAtAt {
		return nil, schema.Errorf(t.pos, "block attributes (@@) go on a line of their own, not after field %s", name.text)
	}
	return f, p.endOfLine()
}

// attribute parses @name, @prefix.name or @@name with optional arguments.
func (p *parser) attribute() (*attribute, error) {
	at := p.advance()
	name, err := p.expectIdent("an attribute name after " + at.text)
	if err != nil {
		return nil, err
	}
	a := p.attrs.alloc()
	a.name, a.pos = name.text, at.pos
	if p.isPunct(".") {
		p.advance()
		sub, err := p.expectIdent("a name after " + at.text + name.text + ".")
		if err != nil {
			return nil, err
		}
		a.name += "." + sub.text
	}
	if p.isPunct("(") {
		if a.args, err = p.args(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// args parses "(arg, name: arg, ...)", the opening parenthesis included.
func (p *parser) args() ([]*arg, error) {
	p.advance() // (
	var out []*arg
	for {
		if p.isPunct(")") {
			p.advance()
			return out, nil
		}
		t := p.peek()
		a := p.argSlab.alloc()
		a.pos = t.pos
		if next := p.ts.at(1); t.kind == tokIdent && next.kind == tokPunct && next.text == ":" {
			a.name = t.text
			p.advance()
			p.advance()
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		a.value = v
		out = append(out, a)
		if p.isPunct(",") {
			p.advance()
			continue
		}
		if !p.isPunct(")") {
			t := p.peek()
			return nil, schema.Errorf(t.pos, "expected \",\" or \")\" in argument list, found %s", t.describe())
		}
	}
}

// expr parses a value: string, number, constant, call or list.
func (p *parser) expr() (*expr, error) {
	t := p.peek()
	switch {
	case t.kind == tokString:
		p.advance()
		return p.newExpr(exprString, t), nil
	case t.kind == tokNumber:
		p.advance()
		return p.newExpr(exprNumber, t), nil
	case t.kind == tokIdent:
		p.advance()
		e := p.newExpr(exprIdent, t)
		if p.isPunct("(") {
			args, err := p.args()
			if err != nil {
				return nil, err
			}
			e.kind, e.args = exprCall, args
		}
		return e, nil
	case t.kind == tokPunct && t.text == "[":
		p.advance()
		e := p.newExpr(exprArray, t)
		e.text = ""
		for {
			if p.isPunct("]") {
				p.advance()
				return e, nil
			}
			item, err := p.expr()
			if err != nil {
				return nil, err
			}
			e.items = append(e.items, item)
			if p.isPunct(",") {
				p.advance()
				continue
			}
			if !p.isPunct("]") {
				t := p.peek()
				return nil, schema.Errorf(t.pos, "expected \",\" or \"]\" in list, found %s", t.describe())
			}
		}
	}
	return nil, schema.Errorf(t.pos, "expected a value, found %s", t.describe())
}

func (p *parser) newExpr(kind exprKind, t token) *expr {
	e := p.exprs.alloc()
	e.kind, e.pos, e.text = kind, t.pos, t.text
	return e
}
