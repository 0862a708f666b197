package sqlalchemy

import (
	"crypto/md5"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// convInfo is what a naming convention template can refer to.
type convInfo struct {
	table      *tableDef
	cols       []*colDef
	refTable   string
	refCols    []string
	constraint string // the explicit name, for %(constraint_name)s
}

var tokenRe = regexp.MustCompile(`%\(([a-zA-Z0-9_]+)\)s|%%`)

// conventionName applies a MetaData naming convention the way SQLAlchemy
// does (sqlalchemy.sql.naming): given is the explicit name ("" for none).
// It returns the name and whether the convention produced it (such names
// are truncated to the dialect's identifier length, explicit ones are
// not). An empty result means the constraint stays unnamed.
func conventionName(md *metaInfo, kind string, given string, info convInfo, pos schema.Pos) (string, bool, error) {
	if strings.HasPrefix(given, "\x00conv:") {
		return strings.TrimPrefix(given, "\x00conv:"), false, nil
	}
	tmpl, ok := md.conv[kind]
	if !ok {
		return given, false, nil
	}
	if given != "" && !strings.Contains(tmpl, "%(constraint_name)s") {
		return given, false, nil
	}
	var err error
	out := tokenRe.ReplaceAllStringFunc(tmpl, func(tok string) string {
		if tok == "%%" {
			return "%"
		}
		name := tok[2 : len(tok)-2]
		v, e := conventionToken(name, info, pos)
		if e != nil && err == nil {
			err = e
		}
		return v
	})
	if err != nil {
		return "", false, err
	}
	return out, true, nil
}

var colTokenRe = regexp.MustCompile(`^column_0(_?N)?_(name|key|label)$|^referred_column_0(_?N)?_(name|key|label)$`)

func conventionToken(name string, info convInfo, pos schema.Pos) (string, error) {
	switch name {
	case "table_name":
		return info.table.name, nil
	case "referred_table_name":
		if info.refTable == "" {
			return "", schema.Errorf(pos, "naming convention token %%(referred_table_name)s used for a constraint that is not a foreign key")
		}
		return info.refTable, nil
	case "constraint_name":
		if info.constraint == "" {
			return "", schema.Errorf(pos, "naming convention including %%(constraint_name)s requires that the constraint is explicitly named")
		}
		return info.constraint, nil
	}
	m := colTokenRe.FindStringSubmatch(name)
	if m == nil {
		return "", schema.Errorf(pos, "naming convention token %%(%s)s is not one SQLAlchemy knows", name)
	}
	referred := strings.HasPrefix(name, "referred_")
	multi, what := m[1], m[2]
	if referred {
		multi, what = m[3], m[4]
	}
	var parts []string
	if referred {
		if what == "label" {
			return "", schema.Errorf(pos, "naming convention token %%(%s)s is not supported", name)
		}
		parts = info.refCols
	} else {
		for _, c := range info.cols {
			switch what {
			case "name":
				parts = append(parts, c.name)
			case "key":
				parts = append(parts, c.key)
			case "label":
				l := info.table.name + "_" + c.name
				if info.table.schema != "" {
					l = strings.ReplaceAll(info.table.schema, ".", "_") + "_" + l
				}
				parts = append(parts, l)
			}
		}
	}
	if len(parts) == 0 {
		return "", schema.Errorf(pos, "naming convention token %%(%s)s needs a column", name)
	}
	switch multi {
	case "":
		return parts[0], nil
	case "N":
		return strings.Join(parts, ""), nil
	}
	return strings.Join(parts, "_"), nil
}

// truncateName shortens a convention-made name longer than the dialect's
// identifier limit as SQLAlchemy does: the first max-8 characters, "_",
// and the last four hex digits of the name's MD5.
func truncateName(name string, max int) string {
	if max <= 0 || len(name) <= max {
		return name
	}
	sum := md5.Sum([]byte(name))
	h := hex.EncodeToString(sum[:])
	return name[:max-8] + "_" + h[len(h)-4:]
}
