package sqltext

import "strings"

// cursor walks significant tokens. Reading past the end yields a zero
// token, so no method can index out of range.
type cursor struct {
	toks []Token
	i    int
}

func (p *cursor) done() bool { return p.i >= len(p.toks) }

// at is the current token, or the zero token at the end.
func (p *cursor) at() Token {
	if p.done() {
		return Token{Kind: Space}
	}
	return p.toks[p.i]
}

// word consumes the current token when it is the word w.
func (p *cursor) word(w string) bool {
	if p.at().Is(w) {
		p.i++
		return true
	}
	return false
}

// next consumes and returns the current token.
func (p *cursor) next() Token {
	t := p.at()
	if !p.done() {
		p.i++
	}
	return t
}

// qualifiedName reads "name" or "schema.name".
func (p *cursor) qualifiedName() (schema, name string, off int) {
	t := p.next()
	if p.at().IsPunct(".") {
		p.i++
		n := p.next()
		return t.Name(), n.Name(), n.Off
	}
	return "", t.Name(), t.Off
}

// group consumes a parenthesized group at the cursor and returns the
// tokens inside it; nil when the cursor is not at "(".
func (p *cursor) group() []Token {
	if !p.at().IsPunct("(") {
		return nil
	}
	end := Close(p.toks, p.i)
	if end < 0 {
		end = len(p.toks)
	}
	inner := p.toks[p.i+1 : end]
	p.i = min(end+1, len(p.toks))
	return inner
}

// peekGroup returns the tokens of the parenthesized group at the cursor
// without consuming them (nil when the cursor is not at "(").
func (p *cursor) peekGroup() []Token {
	if !p.at().IsPunct("(") {
		return nil
	}
	end := Close(p.toks, p.i)
	if end < 0 {
		end = len(p.toks)
	}
	return p.toks[p.i:end]
}

// names consumes "(a, b COLLATE x DESC, ...)" and returns the names that
// start each part.
func (p *cursor) names() []string {
	var out []string
	for _, part := range SplitTop(p.group()) {
		if len(part) > 0 {
			out = append(out, part[0].Name())
		}
	}
	return out
}

// skipConflict consumes "ON CONFLICT resolution".
func (p *cursor) skipConflict() {
	if p.at().Is("ON") && p.i+1 < len(p.toks) && p.toks[p.i+1].Is("CONFLICT") {
		p.i += 3
	}
}

// constraint reads one constraint at the cursor. table selects the table
// constraint grammar (key column lists) over the column one. A token it
// does not understand is skipped and nil returned, so the caller's loop
// always advances.
func (p *cursor) constraint(table bool) *Constraint {
	start := p.at().Off
	name := ""
	if p.word("CONSTRAINT") {
		name = p.next().Name()
	}
	c := &Constraint{Name: name, Off: start}
	switch t := p.next(); {
	case t.Is("PRIMARY"):
		p.word("KEY")
		c.Kind = PrimaryKey
		if table {
			// PRIMARY KEY (id AUTOINCREMENT) is allowed in the table form.
			for _, t := range p.peekGroup() {
				c.Autoincrement = c.Autoincrement || t.Is("AUTOINCREMENT")
			}
			c.Columns = p.names()
		}
		p.word("ASC")
		p.word("DESC")
		p.skipConflict()
		c.Autoincrement = p.word("AUTOINCREMENT") || c.Autoincrement
	case t.Is("UNIQUE"):
		c.Kind = Unique
		if table {
			c.Columns = p.names()
		}
		p.skipConflict()
	case t.Is("CHECK"):
		c.Kind = Check
		c.Expr = CanonExpr(p.group())
		p.skipConflict()
	case t.Is("NOT"):
		p.word("NULL")
		c.Kind = NotNull
		p.skipConflict()
	case t.Is("NULL"):
		c.Kind = Null
		p.skipConflict()
	case t.Is("DEFAULT"):
		c.Kind = Default
		c.Expr = p.defaultValue()
	case t.Is("COLLATE"):
		c.Kind = Collate
		c.Expr = strings.ToUpper(p.next().Name())
	case t.Is("FOREIGN"):
		p.word("KEY")
		c.Kind = ForeignKey
		c.Columns = p.names()
		if p.word("REFERENCES") {
			c.Ref = p.reference()
		}
	case t.Is("REFERENCES"):
		c.Kind = ForeignKey
		c.Ref = p.reference()
	case t.Is("GENERATED"), t.Is("AS"):
		if t.Is("GENERATED") {
			p.word("ALWAYS")
			p.word("AS")
		}
		c.Kind = Generated
		c.Expr = CanonExpr(p.group())
		c.Stored = p.word("STORED")
		p.word("VIRTUAL")
	default:
		return nil
	}
	return c
}

// defaultValue consumes the value after DEFAULT and returns its text as
// written: a parenthesized expression with its parentheses, a signed
// number, a literal or a name.
func (p *cursor) defaultValue() string {
	if p.at().IsPunct("(") {
		start := p.i
		p.group()
		return Canon(p.toks[start:p.i])
	}
	t := p.next()
	if (t.IsPunct("-") || t.IsPunct("+")) && !p.done() {
		return t.Text + p.next().Text
	}
	return t.Text
}

// reference reads "table [(cols)] [ON DELETE|UPDATE action] [MATCH name]
// [[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]]".
func (p *cursor) reference() *Reference {
	r := &Reference{Table: p.next().Name()}
	if p.at().IsPunct("(") {
		r.Columns = p.names()
	}
	for !p.done() {
		switch {
		case p.word("ON"):
			ev := p.next()
			act := p.action()
			if ev.Is("DELETE") {
				r.OnDelete = act
			} else if ev.Is("UPDATE") {
				r.OnUpdate = act
			}
		case p.word("MATCH"):
			p.next()
		case p.at().Is("NOT") && p.i+1 < len(p.toks) && p.toks[p.i+1].Is("DEFERRABLE"):
			p.i += 2
			p.initially()
		case p.word("DEFERRABLE"):
			r.Deferred = p.initially()
		default:
			return r
		}
	}
	return r
}

// initially consumes "INITIALLY DEFERRED|IMMEDIATE" and reports whether it
// says DEFERRED.
func (p *cursor) initially() bool {
	if !p.word("INITIALLY") {
		return false
	}
	if p.word("DEFERRED") {
		return true
	}
	p.word("IMMEDIATE")
	return false
}

// action reads a referential action in canonical spelling.
func (p *cursor) action() string {
	switch t := p.next(); {
	case t.Is("SET"):
		if p.word("NULL") {
			return "SET NULL"
		}
		p.word("DEFAULT")
		return "SET DEFAULT"
	case t.Is("NO"):
		p.word("ACTION")
		return "NO ACTION"
	default:
		return strings.ToUpper(t.Text)
	}
}
