package sqltext

import "strings"

// Index is what a CREATE INDEX statement says: the key parts as written
// (expressions and explicit collations, which the pragmas do not give)
// and the WHERE predicate of a partial index.
type Index struct {
	Name   string
	Table  string
	Unique bool
	Parts  []IndexPart
	// Where is the canonical predicate of a partial index, or "".
	Where string
	// Off is the offset of the index name's token.
	Off int
}

// IndexPart is one key of an index.
type IndexPart struct {
	// Column is set when the key is a plain column name.
	Column string
	// Expr is the canonical expression of any other key.
	Expr string
	// Collation is an explicit COLLATE name, upper-cased, or "".
	Collation string
	Desc      bool
}

// ParseCreateIndex reads a CREATE INDEX statement, or returns nil when
// the text is not one.
func ParseCreateIndex(text string) *Index {
	return CreateIndex(SignificantTokens(text))
}

// CreateIndex reads the significant tokens of a CREATE INDEX statement,
// or returns nil when they are not one.
func CreateIndex(toks []Token) *Index {
	p := &cursor{toks: toks}
	if !p.word("CREATE") {
		return nil
	}
	ix := &Index{Unique: p.word("UNIQUE")}
	if !p.word("INDEX") {
		return nil
	}
	if p.word("IF") {
		p.word("NOT")
		p.word("EXISTS")
	}
	_, ix.Name, ix.Off = p.qualifiedName()
	if !p.word("ON") {
		return ix
	}
	ix.Table = p.next().Name()
	for _, part := range SplitTop(p.group()) {
		if len(part) > 0 {
			ix.Parts = append(ix.Parts, indexPart(part))
		}
	}
	if p.word("WHERE") {
		ix.Where = CanonExpr(p.toks[p.i:])
	}
	return ix
}

// indexPart reads "expr [COLLATE name] [ASC|DESC]".
func indexPart(toks []Token) IndexPart {
	var part IndexPart
	n := len(toks)
	if n > 1 && (toks[n-1].Is("ASC") || toks[n-1].Is("DESC")) {
		part.Desc = toks[n-1].Is("DESC")
		n--
	}
	if n > 2 && toks[n-2].Is("COLLATE") {
		part.Collation = strings.ToUpper(toks[n-1].Name())
		n -= 2
	}
	expr := StripParens(toks[:n])
	if len(expr) == 1 && expr[0].IsName() {
		part.Column = expr[0].Name()
		return part
	}
	part.Expr = Canon(expr)
	return part
}
