package schemadoc

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
)

// family is how the DDL of a dialect is written.
type family int

const (
	familyPostgres family = iota
	familyMySQL
	familySQLite
)

func familyOf(d *dialect.Dialect) (family, error) {
	switch {
	case d.Name == "postgres":
		return familyPostgres, nil
	case d.MySQL != nil:
		return familyMySQL, nil
	case d.Name == "sqlite":
		return familySQLite, nil
	}
	return 0, fmt.Errorf("schemadoc: dialect %q is not supported (postgres, mysql, mariadb, sqlite)", d.Name)
}

// portable is a portable type name with its spelling per family, as Knex's
// column compilers spell the builder of the same name (knex
// lib/dialects/{postgres,mysql,sqlite3}/schema/*-columncompiler.js).
// Spellings with %s take the type's arguments.
type portable struct {
	postgres, mysql, sqlite string
	// args is how many arguments the name takes at most; defaults fill
	// the ones left out.
	args     int
	defaults []string
}

// portableTypes are the portable names, lower case. A name not listed is
// the dialect's own type name, which the dialect's DDL reader resolves.
var portableTypes = map[string]portable{
	"increments":    {postgres: "serial", mysql: "int unsigned", sqlite: "integer"},
	"bigincrements": {postgres: "bigserial", mysql: "bigint unsigned", sqlite: "integer"},
	"integer":       {postgres: "integer", mysql: "int", sqlite: "integer"},
	"biginteger":    {postgres: "bigint", mysql: "bigint", sqlite: "bigint"},
	"bigint":        {postgres: "bigint", mysql: "bigint", sqlite: "bigint"},
	"smallint":      {postgres: "smallint", mysql: "smallint", sqlite: "integer"},
	"tinyint":       {postgres: "smallint", mysql: "tinyint", sqlite: "tinyint"},
	"string":        {postgres: "varchar(%s)", mysql: "varchar(%s)", sqlite: "varchar(%s)", args: 1, defaults: []string{"255"}},
	"text":          {postgres: "text", mysql: "text", sqlite: "text"},
	"float":         {postgres: "real", mysql: "float", sqlite: "float"},
	"double":        {postgres: "double precision", mysql: "double", sqlite: "float"},
	"decimal":       {postgres: "decimal(%s, %s)", mysql: "decimal(%s, %s)", sqlite: "float", args: 2, defaults: []string{"8", "2"}},
	"boolean":       {postgres: "boolean", mysql: "boolean", sqlite: "boolean"},
	"date":          {postgres: "date", mysql: "date", sqlite: "date"},
	"datetime":      {postgres: "timestamptz", mysql: "datetime", sqlite: "datetime"},
	"timestamp":     {postgres: "timestamp", mysql: "timestamp", sqlite: "datetime"},
	"timestamptz":   {postgres: "timestamptz", mysql: "timestamp", sqlite: "datetime"},
	"time":          {postgres: "time", mysql: "time", sqlite: "time"},
	"binary":        {postgres: "bytea", mysql: "blob", sqlite: "blob"},
	"json":          {postgres: "json", mysql: "json", sqlite: "json"},
	"jsonb":         {postgres: "jsonb", mysql: "json", sqlite: "json"},
	"uuid":          {postgres: "uuid", mysql: "char(36)", sqlite: "char(36)"},
}

// typeText is the allowed shape of a dialect's own type name: words, an
// optional argument list of numbers, more words, array brackets
// ("character varying(20)", "timestamp(3) with time zone", "int unsigned",
// "numeric(10, 2)", "integer[]").
var typeText = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*( +[A-Za-z_][A-Za-z0-9_]*)* *(\( *-?[0-9]+ *(, *-?[0-9]+ *)?\))?( +[A-Za-z_][A-Za-z0-9_]*)*(\[[0-9]*\])*$`)

// portableCall splits "string(100)" into "string" and ["100"].
var portableCall = regexp.MustCompile(`^([A-Za-z]+) *(?:\( *([0-9]+) *(?:, *([0-9]+) *)?\))?$`)

// spellType returns the DDL type of a column for the family: a portable
// name mapped, or the dialect's own name checked for shape. enums are the
// document's enum types (PostgreSQL), spelled quoted.
func spellType(f family, d *dialect.Dialect, typ string, enums map[string]bool) (string, error) {
	quote := d.Quote
	t := strings.TrimSpace(typ)
	if enums[t] {
		return quote(t), nil
	}
	if m := portableCall.FindStringSubmatch(t); m != nil {
		if p, ok := portableTypes[strings.ToLower(m[1])]; ok {
			var args []string
			for _, a := range m[2:] {
				if a != "" {
					args = append(args, a)
				}
			}
			if len(args) > p.args {
				return "", fmt.Errorf("type %s takes at most %d argument(s)", m[1], p.args)
			}
			spelling := map[family]string{familyPostgres: p.postgres, familyMySQL: p.mysql, familySQLite: p.sqlite}[f]
			n := strings.Count(spelling, "%s")
			if n == 0 {
				if len(args) > 0 && f != familySQLite {
					return "", fmt.Errorf("type %s takes no arguments", m[1])
				}
				return spelling, nil
			}
			for len(args) < n {
				args = append(args, p.defaults[len(args)])
			}
			for _, a := range args {
				if v, err := strconv.Atoi(a); err != nil || v <= 0 && a != "0" {
					return "", fmt.Errorf("type %s: argument %q is not a number", m[1], a)
				}
			}
			vals := make([]any, n)
			for i := range vals {
				vals[i] = args[i]
			}
			return fmt.Sprintf(spelling, vals...), nil
		}
	}
	if f == familyMySQL && isMySQLEnumOrSet(t) {
		return t, nil
	}
	if !typeText.MatchString(t) {
		return "", fmt.Errorf("%q is not a type name (a portable name such as string(255), or the dialect's own, such as varchar(255))", typ)
	}
	if !knownType(f, t, d) {
		return "", fmt.Errorf("unknown type %q: not a portable name, a declared enum or a %s type", typ, d.Name)
	}
	return t, nil
}

// knownType reports whether the dialect knows a type name: PostgreSQL's
// built-in names (user types other than the document's enums cannot be
// declared in a document), MySQL's by its own type reader; SQLite takes
// any name (its type affinity rules).
func knownType(f family, t string, d *dialect.Dialect) bool {
	switch f {
	case familyPostgres:
		name := strings.ToLower(t)
		if i := strings.IndexAny(name, "(["); i >= 0 {
			name = strings.TrimSpace(name[:i])
		}
		for _, n := range []string{name, strings.Fields(name)[0]} {
			if _, err := d.NormalizePGType(n, nil, 0); err == nil || !errors.Is(err, dialect.ErrNotBuiltin) {
				return true
			}
		}
		return false
	case familyMySQL:
		_, err := d.NormalizeMySQLType(t)
		return err == nil
	}
	return true
}

// isMySQLEnumOrSet reports whether t is enum('a','b') or set('a','b')
// written with quoted values only.
func isMySQLEnumOrSet(t string) bool {
	lower := strings.ToLower(t)
	var rest string
	switch {
	case strings.HasPrefix(lower, "enum("):
		rest = t[len("enum("):]
	case strings.HasPrefix(lower, "set("):
		rest = t[len("set("):]
	default:
		return false
	}
	if !strings.HasSuffix(rest, ")") {
		return false
	}
	rest = strings.TrimSpace(rest[:len(rest)-1])
	for {
		if rest == "" || rest[0] != '\'' {
			return false
		}
		i := 1
		for ; i < len(rest); i++ {
			if rest[i] == '\\' {
				i++
				continue
			}
			if rest[i] == '\'' {
				if i+1 < len(rest) && rest[i+1] == '\'' {
					i++
					continue
				}
				break
			}
		}
		if i >= len(rest) {
			return false
		}
		rest = strings.TrimSpace(rest[i+1:])
		if rest == "" {
			return true
		}
		if rest[0] != ',' {
			return false
		}
		rest = strings.TrimSpace(rest[1:])
	}
}

// isIncrements reports whether a type is increments or bigincrements.
func isIncrements(typ string) bool {
	t := strings.ToLower(strings.TrimSpace(typ))
	return t == "increments" || t == "bigincrements"
}

// isEnumType reports whether a type is the portable enum (Knex's enu).
func isEnumType(typ string) bool {
	t := strings.ToLower(strings.TrimSpace(typ))
	return t == "enum" || t == "enu"
}
