package sqltext

import "strings"

// CanonDefault canonicalizes a column default as SQLite reports it
// (pragma_table_xinfo.dflt_value: the text of the expression after
// DEFAULT, without the parentheses that enclosed it). It returns the text
// to write after DEFAULT and whether it is a literal:
//
//   - a string, number (a leading "+" dropped), blob, NULL, TRUE or FALSE
//     is a literal, as written ('x', -1.5, X'00', NULL);
//   - a bare name is a string literal in SQLite's grammar (DEFAULT abc
//     stores 'abc'), so it is spelled as one;
//   - CURRENT_TIMESTAMP, CURRENT_DATE and CURRENT_TIME are expressions,
//     upper-cased;
//   - anything else is an expression, spelled canonically (Canon) in
//     parentheses, which SQLite requires after DEFAULT: "(1 + 2)".
func CanonDefault(dflt string) (expr string, literal bool) {
	toks := StripParens(SignificantTokens(dflt))
	switch len(toks) {
	case 0:
		return "", false
	case 1:
		t := toks[0]
		switch {
		case t.Kind == String || t.Kind == Number:
			return t.Text, true
		case t.Kind == Blob:
			return spell(toks, 0), true
		case t.Is("NULL"), t.Is("TRUE"), t.Is("FALSE"):
			return strings.ToUpper(t.Text), true
		case t.Is("CURRENT_TIMESTAMP"), t.Is("CURRENT_DATE"), t.Is("CURRENT_TIME"):
			return strings.ToUpper(t.Text), false
		case t.Kind == Word || t.Kind == Ident:
			return "'" + strings.ReplaceAll(t.Name(), "'", "''") + "'", true
		}
	case 2:
		if (toks[0].IsPunct("-") || toks[0].IsPunct("+")) && toks[1].Kind == Number {
			if toks[0].Text == "+" {
				return toks[1].Text, true
			}
			return "-" + toks[1].Text, true
		}
	}
	return "(" + Canon(toks) + ")", false
}
