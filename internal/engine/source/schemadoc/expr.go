package schemadoc

import (
	"errors"
	"regexp"
)

// numberLiteral is a plain decimal number, the only kind of YAML number a
// default may be written as (no hex, octal, infinities or NaN).
var numberLiteral = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// checkExpression proves that text is one expression that can be put
// between parentheses in a DDL statement without changing the statement
// around it: quotes and parentheses balance, and outside quoted text there
// is no ";", no comment ("--", "/*", "#" on MySQL) and no dollar quote.
// It does not check the expression's meaning: the dialect's DDL reader
// does.
func checkExpression(text string, mysql bool) error {
	depth := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '\'', '"', '`':
			j, err := closeQuote(text, i, mysql)
			if err != nil {
				return err
			}
			i = j
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return errors.New("unbalanced ')'")
			}
		case ';':
			return errors.New("';' is not allowed in an expression")
		case '$':
			return errors.New("'$' (dollar quoting, parameters) is not allowed in an expression")
		case '#':
			if mysql {
				return errors.New("'#' starts a comment on MySQL")
			}
		case '-':
			if i+1 < len(text) && text[i+1] == '-' {
				return errors.New("comments ('--') are not allowed in an expression")
			}
		case '/':
			if i+1 < len(text) && text[i+1] == '*' {
				return errors.New("comments ('/*') are not allowed in an expression")
			}
		case 0:
			return errors.New("NUL byte in an expression")
		}
	}
	if depth != 0 {
		return errors.New("unbalanced '('")
	}
	return nil
}

// closeQuote returns the index of the quote that closes the one at i. A
// doubled quote is an escaped one; on MySQL a backslash escapes inside
// string literals.
func closeQuote(text string, i int, mysql bool) (int, error) {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch {
		case text[j] == '\\' && mysql && q != '`':
			j++
		case text[j] == q:
			if j+1 < len(text) && text[j+1] == q {
				j++
				continue
			}
			return j, nil
		case text[j] == 0:
			return 0, errors.New("NUL byte in an expression")
		}
	}
	return 0, errors.New("unterminated quote " + string(q))
}
