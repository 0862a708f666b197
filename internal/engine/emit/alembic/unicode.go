package alembic

import "unicode"

// isUnicodeWord is Python's \w for a non-ASCII character (str patterns
// match Unicode letters, digits and the underscore).
func isUnicodeWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)
}
