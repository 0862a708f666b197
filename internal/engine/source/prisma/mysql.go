package prisma

import (
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// mysql is the MySQL provider (MySQL 8 and MariaDB), after Prisma's MySQL
// connector (psl builtin-connectors mysql_datamodel_connector.rs) and its
// migration renderer (sql-schema-connector mysql_renderer.rs). Column types
// are spelled as information_schema COLUMN_TYPE reports them, normalized by
// dialect.NormalizeMySQLType (lower case, no integer display widths but
// tinyint(1)): the renderer's type name goes through the same function the
// MySQL introspection uses.
var mysql = &provider{
	dialect:            "mysql",
	restrictIsNoAction: true,
	// Prisma's MySQL renderer ends every CREATE TABLE with
	// "DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci".
	tableOptions: map[string]string{"charset": "utf8mb4", "collate": "utf8mb4_unicode_ci"},
	maxIdentLen:  64,
	scalars: map[string]string{
		"String":   myType("VARCHAR(191)"),
		"Boolean":  myType("BOOLEAN"),
		"Int":      myType("INTEGER"),
		"BigInt":   myType("BIGINT"),
		"Float":    myType("DOUBLE"),
		"Decimal":  myType("DECIMAL(65,30)"),
		"DateTime": myType("DATETIME(3)"),
		"Json":     myType("JSON"),
		"Bytes":    myType("LONGBLOB"),
	},
	native: map[string]nativeType{
		"Int":               myFixed("INTEGER", "Int"),
		"UnsignedInt":       myFixed("INTEGER UNSIGNED", "Int"),
		"SmallInt":          myFixed("SMALLINT", "Int"),
		"UnsignedSmallInt":  myFixed("SMALLINT UNSIGNED", "Int"),
		"TinyInt":           {scalars: []string{"Boolean", "Int"}, render: myTinyInt},
		"UnsignedTinyInt":   myFixed("TINYINT UNSIGNED", "Boolean", "Int"),
		"MediumInt":         myFixed("MEDIUMINT", "Int"),
		"UnsignedMediumInt": myFixed("MEDIUMINT UNSIGNED", "Int"),
		"BigInt":            myFixed("BIGINT", "BigInt"),
		"UnsignedBigInt":    myFixed("BIGINT UNSIGNED", "BigInt"),
		"Decimal":           {scalars: []string{"Decimal"}, maxArgs: 2, render: myArgs("DECIMAL"), check: myDecimalCheck},
		"Float":             myFixed("FLOAT", "Float"),
		"Double":            myFixed("DOUBLE", "Float"),
		"Bit":               {scalars: []string{"Boolean", "Bytes"}, minArgs: 1, maxArgs: 1, render: myArgs("BIT"), check: myBitCheck},
		"Char":              mySized("CHAR", 255, "String"),
		"VarChar":           mySized("VARCHAR", 65535, "String"),
		"Binary":            mySized("BINARY", 255, "Bytes"),
		"VarBinary":         mySized("VARBINARY", 65535, "Bytes"),
		"TinyBlob":          myFixed("TINYBLOB", "Bytes"),
		"Blob":              myFixed("BLOB", "Bytes"),
		"MediumBlob":        myFixed("MEDIUMBLOB", "Bytes"),
		"LongBlob":          myFixed("LONGBLOB", "Bytes"),
		"TinyText":          myFixed("TINYTEXT", "String"),
		"Text":              myFixed("TEXT", "String"),
		"MediumText":        myFixed("MEDIUMTEXT", "String"),
		"LongText":          myFixed("LONGTEXT", "String"),
		"Date":              myFixed("DATE", "DateTime"),
		"Time":              myTimed("TIME"),
		"DateTime":          myTimed("DATETIME"),
		"Timestamp":         myTimed("TIMESTAMP"),
		"Year":              myFixed("YEAR", "Int"),
		"Json":              myFixed("JSON", "Json"),
	},
	unsupportedType: func(raw string) string {
		if n, err := myDialect.NormalizeMySQLType(raw); err == nil {
			return n
		}
		return strings.Join(strings.Fields(strings.ToLower(raw)), " ")
	},
	enumType: func(e *schema.Enum) string {
		q := make([]string, len(e.Values))
		for i, v := range e.Values {
			q[i] = myString(v)
		}
		return "enum(" + strings.Join(q, ",") + ")"
	},
	serial: func(schema.QName, *schema.Column, int) *schema.Default {
		// AUTO_INCREMENT has no expression and no sequence of its own.
		return &schema.Default{Kind: schema.DefaultSequence, Expr: "auto_increment"}
	},
	autoincrementNeeds: "key",
	literals: literals{
		str: myString,
		boolean: func(v bool) string {
			// BOOLEAN is tinyint(1): true is stored and shown as 1.
			if v {
				return "1"
			}
			return "0"
		},
		number: myNumber,
		// The renderer writes no default for Bytes and Json columns
		// (MySQL allows none on BLOB and JSON columns).
		bytes:    func([]byte) (string, bool) { return "", false },
		json:     func(string) (string, bool) { return "", false },
		dateTime: myDateTime,
		now: func(colNorm string) string {
			// CURRENT_TIMESTAMP(p) at the column's precision, 3 for the
			// default datetime(3).
			if p := typePrecision(colNorm, 0); p > 0 {
				return "current_timestamp(" + strconv.Itoa(p) + ")"
			}
			return "current_timestamp()"
		},
	},
	primaryKeyName:        func(string, int) string { return "PRIMARY" },
	namedForeignKeys:      true,
	indexNamesPerTable:    true,
	foreignKeyNamesGlobal: true,
	foreignKeyIndexes:     true,
	indexMethods:          map[string]string{"BTree": ""},
	indexLengths:          true,
	keyNeedsLength: func(norm string) bool {
		return strings.HasSuffix(norm, "text") || strings.HasSuffix(norm, "blob")
	},
	foreignKeys: true,
	fullText:    true,
}

// myDialect is the MySQL dialect whose type normalization the provider
// shares with introspection.
var myDialect = func() *dialect.Dialect {
	d, err := dialect.Mysql("")
	if err != nil {
		panic(err)
	}
	return d
}()

// myType normalizes a type spelling as Prisma's renderer writes it
// ("INTEGER UNSIGNED", "DECIMAL(65,30)") to its canonical Norm.
func myType(spelling string) string {
	n, err := myDialect.NormalizeMySQLType(spelling)
	if err != nil {
		panic("prisma: mysql type " + spelling + ": " + err.Error())
	}
	return n
}

func myFixed(spelling string, scalars ...string) nativeType {
	norm := myType(spelling)
	return nativeType{scalars: scalars, render: func(string, []int) string { return norm }}
}

// myArgs renders NAME(a, b) for the arguments given, NAME without.
func myArgs(name string) func(string, []int) string {
	return func(_ string, a []int) string {
		if len(a) == 0 {
			return myType(name)
		}
		s := make([]string, len(a))
		for i, n := range a {
			s[i] = strconv.Itoa(n)
		}
		return myType(name + "(" + strings.Join(s, ",") + ")")
	}
}

// mySized is a type with a required length up to max.
func mySized(name string, max int, scalars ...string) nativeType {
	return nativeType{scalars: scalars, minArgs: 1, maxArgs: 1, render: myArgs(name), check: func(_ string, a []int) string {
		if a[0] > max {
			return "the length can range from 0 to " + strconv.Itoa(max)
		}
		return ""
	}}
}

// myTimed is a date/time type with an optional fractional seconds
// precision (0 to 6).
func myTimed(name string) nativeType {
	return nativeType{scalars: []string{"DateTime"}, maxArgs: 1, render: myArgs(name), check: func(_ string, a []int) string {
		if len(a) == 1 && a[0] > 6 {
			return "the precision can range from 0 to 6"
		}
		return ""
	}}
}

// myTinyInt is TINYINT, which Prisma writes as BOOLEAN (tinyint(1)) on a
// Boolean field.
func myTinyInt(scalar string, _ []int) string {
	if scalar == "Boolean" {
		return myType("BOOLEAN")
	}
	return myType("TINYINT")
}

func myDecimalCheck(_ string, a []int) string {
	switch {
	case len(a) == 2 && a[1] > a[0]:
		return "the scale must not be larger than the precision"
	case len(a) >= 1 && (a[0] < 1 || a[0] > 65):
		return "the precision can range from 1 to 65"
	case len(a) == 2 && a[1] > 30:
		return "the scale can range from 0 to 30"
	}
	return ""
}

func myBitCheck(scalar string, a []int) string {
	switch {
	case a[0] < 1 || a[0] > 64:
		return "the length can range from 1 to 64"
	case scalar == "Boolean" && a[0] != 1:
		return "only Bit(1) can be used as Boolean"
	}
	return ""
}

// myString quotes a string literal as information_schema shows a string
// default on MariaDB: 'it”s'. Prisma doubles quotes only, so the value is
// as written.
func myString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// myNumber spells a numeric default as the server stores and shows it for
// the column type: decimal(p,s) with exactly s decimals (2.5 on
// decimal(65,30) is 2.500000000000000000000000000000), float and double
// as the shortest decimal (1.0 is 1), integers as written.
func myNumber(text, colNorm string) string {
	switch {
	case strings.HasPrefix(colNorm, "decimal"):
		r, ok := new(big.Rat).SetString(text)
		if !ok {
			return text
		}
		scale := 0
		if i := strings.IndexByte(colNorm, ','); i >= 0 {
			scale, _ = strconv.Atoi(strings.TrimSuffix(colNorm[i+1:], ")"))
		}
		return r.FloatString(scale)
	case strings.HasPrefix(colNorm, "double") || strings.HasPrefix(colNorm, "float"):
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return text
		}
		bits := 64
		if strings.HasPrefix(colNorm, "float") {
			bits = 32
		}
		return strconv.FormatFloat(f, 'f', -1, bits)
	}
	return text
}

// myDateTime spells a DateTime default as stored: Prisma writes the RFC
// 3339 value with its offset, which MySQL 8.0.19+ converts to the session
// time zone (UTC here); the value is shown at the column's precision
// (datetime(3): '2020-01-02 03:04:05.500'), rounded as MySQL rounds.
// MariaDB rejects literals with an offset: Prisma's migration fails there.
func myDateTime(t time.Time, colNorm string) string {
	t = t.UTC()
	prec := typePrecision(colNorm, 0)
	t = t.Round(time.Duration(pow10(9 - prec)))
	layout := "2006-01-02 15:04:05"
	switch {
	case strings.HasPrefix(colNorm, "date") && !strings.HasPrefix(colNorm, "datetime"):
		layout = "2006-01-02"
	case strings.HasPrefix(colNorm, "time") && !strings.HasPrefix(colNorm, "timestamp"):
		layout = "15:04:05"
	}
	if prec > 0 && layout != "2006-01-02" {
		layout += "." + strings.Repeat("0", prec)
	}
	return myString(t.Format(layout))
}

func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}
