package pgexpr

import (
	"math"
	"strconv"
	"strings"
)

// numericOut spells a decimal number as PostgreSQL's numeric_out prints
// the value numeric_in reads from it: no exponent, the integer part
// without leading zeros ("0" at least), and as many fraction digits as the
// display scale, which is the number of fraction digits written minus the
// exponent, never below zero ("1e10" is 10000000000, "1.5e-3" is 0.0015,
// "1.50" stays 1.50, ".5" is 0.5, "-0" is 0). The parser reads a number
// token with a fraction or an exponent as a numeric constant, so this is
// how the server prints such a constant back, whatever the column type.
// Text that is not a decimal number, or whose exponent is out of
// numeric's range, is returned as it is.
func numericOut(s string) string {
	body, neg := s, false
	switch {
	case strings.HasPrefix(body, "-"):
		body, neg = body[1:], true
	case strings.HasPrefix(body, "+"):
		body = body[1:]
	}
	exp := 0
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		e, err := strconv.Atoi(body[i+1:])
		if err != nil || e > 1000 || e < -1000 {
			return s
		}
		body, exp = body[:i], e
	}
	intPart, fracPart, _ := strings.Cut(body, ".")
	if intPart == "" && fracPart == "" || !allDigits(intPart) || !allDigits(fracPart) {
		return s
	}
	digits := intPart + fracPart
	point := len(intPart) + exp
	scale := max(0, len(fracPart)-exp)
	var whole, frac string
	switch {
	case point <= 0:
		whole, frac = "0", strings.Repeat("0", -point)+digits
	case point >= len(digits):
		whole = digits + strings.Repeat("0", point-len(digits))
	default:
		whole, frac = digits[:point], digits[point:]
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = frac[:min(len(frac), scale)]
	out := whole
	if scale > 0 {
		out += "." + frac + strings.Repeat("0", scale-len(frac))
	}
	if neg && strings.Trim(digits, "0") != "" {
		out = "-" + out
	}
	return out
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// floatOut spells the text of a real (single) or double precision value
// as float4out / float8out print it: the shortest text that reads back
// as the same value, in exponent form ("1e+15", "1e-05") when the decimal
// exponent is below -4 or at least 15 (6 for real), otherwise plain
// ("0.0015", "2.5"). Text that is not a finite decimal number is returned
// as it is.
func floatOut(s string, single bool) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+' {
			return s
		}
	}
	bits, limit := 64, 15
	if single {
		bits, limit = 32, 6
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return s
	}
	if f == 0 {
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	}
	e := strconv.FormatFloat(f, 'e', -1, bits)
	exp, err := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if err != nil || exp < -4 || exp >= limit {
		return e
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}
