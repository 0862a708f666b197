package myexpr

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	driver "github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// AutoIncrement is the Expr of the DefaultSequence default that stands
// for a column's AUTO_INCREMENT attribute.
const AutoIncrement = "auto_increment"

// DefaultText canonicalizes a column default given as SQL text (what
// follows DEFAULT, or MariaDB's COLUMN_DEFAULT) for a column of canonical
// type colType (dialect.NormalizeMySQLType). A NULL default is nil.
func DefaultText(text, colType string) (*schema.Default, error) {
	return Names(nil).DefaultText(text, colType)
}

// DefaultText is the package's DefaultText with function calls spelled by
// m.
func (m Names) DefaultText(text, colType string) (*schema.Default, error) {
	n, err := Parse(text)
	if err != nil {
		return nil, err
	}
	return m.Default(n, colType)
}

// Default canonicalizes a parsed column default for a column of canonical
// type colType. A NULL default is nil: it is what a nullable column with no
// default has.
func Default(n ast.ExprNode, colType string) (*schema.Default, error) {
	return Names(nil).Default(n, colType)
}

// Default is the package's Default with function calls spelled by m.
func (m Names) Default(n ast.ExprNode, colType string) (*schema.Default, error) {
	n = unparen(n)
	if v, ok := constant(n); ok {
		if v.Kind() == driver.KindNull {
			return nil, nil
		}
		lit, err := literal(v, colType)
		if err != nil {
			return nil, err
		}
		return &schema.Default{Kind: schema.DefaultLiteral, Expr: lit}, nil
	}
	s, err := m.Node(n)
	if err != nil {
		return nil, err
	}
	return &schema.Default{Kind: schema.DefaultFunction, Expr: s}, nil
}

// constant returns the value of a literal, with a unary minus folded in.
func constant(n ast.ExprNode) (*driver.ValueExpr, bool) {
	if u, ok := n.(*ast.UnaryOperationExpr); ok && (u.Op == opcode.Minus || u.Op == opcode.Plus) {
		v, ok := unparen(u.V).(*driver.ValueExpr)
		if !ok {
			return nil, false
		}
		if u.Op == opcode.Plus {
			return v, true
		}
		return negate(v)
	}
	v, ok := n.(*driver.ValueExpr)
	return v, ok
}

func negate(v *driver.ValueExpr) (*driver.ValueExpr, bool) {
	out := &driver.ValueExpr{}
	switch v.Kind() {
	case driver.KindInt64:
		out.SetInt64(-v.GetInt64())
	case driver.KindUint64:
		out.SetString("-" + strconv.FormatUint(v.GetUint64(), 10))
	case driver.KindFloat64, driver.KindFloat32:
		out.SetFloat64(-v.GetFloat64())
	case driver.KindMysqlDecimal:
		out.SetString("-" + v.GetMysqlDecimal().String())
	default:
		return nil, false
	}
	return out, true
}

// typeClass sorts canonical column types by how a default is stored.
func typeClass(colType string) string {
	name := colType
	if i := strings.IndexAny(name, "( "); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "tinyint", "smallint", "mediumint", "int", "bigint", "year":
		return "int"
	case "decimal":
		return "decimal"
	case "float", "double":
		return "float"
	case "bit":
		return "bit"
	case "date", "datetime", "timestamp", "time":
		return name
	}
	return "string"
}

// literal spells a constant default as MariaDB prints it for the column
// type.
func literal(v *driver.ValueExpr, colType string) (string, error) {
	text, isString := valueText(v)
	switch class := typeClass(colType); class {
	case "int", "decimal", "float", "bit":
		r, ok := new(big.Rat).SetString(strings.TrimSpace(text))
		if !ok {
			if isString {
				return "", fmt.Errorf("default %s is not a number for a %s column", quote(text), colType)
			}
			return "", fmt.Errorf("default %s is not a number for a %s column", text, colType)
		}
		return number(r, class, colType), nil
	case "date", "datetime", "timestamp", "time":
		if t, ok := temporal(text, class, fsp(colType)); ok {
			return quote(t), nil
		}
	}
	return quote(text), nil
}

// valueText is a constant's value as text (numbers in decimal, bit and hex
// literals as their unsigned integer value, booleans as 1 and 0) and
// whether it was a string.
func valueText(v *driver.ValueExpr) (string, bool) {
	switch v.Kind() {
	case driver.KindInt64:
		return strconv.FormatInt(v.GetInt64(), 10), false
	case driver.KindUint64:
		return strconv.FormatUint(v.GetUint64(), 10), false
	case driver.KindFloat64, driver.KindFloat32:
		return strconv.FormatFloat(v.GetFloat64(), 'g', -1, 64), false
	case driver.KindMysqlDecimal:
		return v.GetMysqlDecimal().String(), false
	case driver.KindBinaryLiteral:
		return new(big.Int).SetBytes(v.GetBytes()).String(), false
	}
	return v.GetString(), true
}

// number spells a numeric default for an integer, decimal, float or bit
// column.
func number(r *big.Rat, class, colType string) string {
	switch class {
	case "int":
		return roundHalfAway(r).String()
	case "bit":
		n := roundHalfAway(r)
		return "b'" + n.Text(2) + "'"
	case "decimal":
		return r.FloatString(scale(colType))
	}
	f, _ := r.Float64()
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	return strings.Replace(s, "e+", "e", 1)
}

func roundHalfAway(r *big.Rat) *big.Int {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q
}

// scale is the s of decimal(p,s).
func scale(colType string) int {
	_, args, ok := strings.Cut(colType, ",")
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimRight(strings.Fields(args)[0], ")"))
	return n
}

// fsp is the fractional seconds precision of datetime(n), 0 without one.
func fsp(colType string) int {
	_, args, ok := strings.Cut(colType, "(")
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSuffix(args, ")"))
	return n
}

// temporal spells a date, datetime, timestamp or time literal as the
// server stores it: zero-padded fields, a time part on datetimes, the
// fraction padded or cut to the column's precision.
func temporal(s, class string, prec int) (string, bool) {
	s = strings.TrimSpace(s)
	var date, clock string
	switch class {
	case "time":
		clock = s
	default:
		date, clock, _ = strings.Cut(s, " ")
		if clock == "" {
			date, clock, _ = strings.Cut(s, "T")
		}
	}
	var out string
	if class != "time" {
		parts := strings.Split(date, "-")
		if len(parts) != 3 {
			return "", false
		}
		ymd, ok := ints(parts)
		if !ok {
			return "", false
		}
		out = fmt.Sprintf("%04d-%02d-%02d", ymd[0], ymd[1], ymd[2])
		if class == "date" {
			return out, clock == "" || strings.Trim(clock, "0:.") == ""
		}
		out += " "
	}
	whole, frac, _ := strings.Cut(clock, ".")
	parts := strings.Split(whole, ":")
	switch {
	case whole == "":
		parts = []string{"0", "0", "0"}
	case len(parts) == 2:
		// HH:MM is read as hours and minutes.
		parts = append(parts, "0")
	}
	if len(parts) != 3 {
		return "", false
	}
	hms, ok := ints(parts)
	if !ok {
		return "", false
	}
	out += fmt.Sprintf("%02d:%02d:%02d", hms[0], hms[1], hms[2])
	if strings.Trim(frac, "0123456789") != "" {
		return "", false
	}
	if prec > 0 {
		frac += strings.Repeat("0", prec)
		out += "." + frac[:prec]
	}
	return out, true
}

func ints(parts []string) ([]int, bool) {
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// quote writes a string literal the way MariaDB prints it in
// COLUMN_DEFAULT: single quotes, quotes doubled, backslashes doubled.
func quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
