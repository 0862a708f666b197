package sqlddl

import (
	"errors"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/pgexpr"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// columnType reads a type name: built-in types in format_type spelling,
// user types (enums, domains, extension types) as "schema"."Name" with
// Ref set. serial reports a serial pseudo-type.
func (r *pgReader) columnType(st stmt, tn *pg.TypeName) (t schema.Type, serial bool, err error) {
	if tn == nil {
		return t, false, st.errorf(-1, "column has no type")
	}
	if tn.Setof || tn.PctType {
		return t, false, st.errorf(tn.Location, "%%TYPE and SETOF are not column types")
	}
	names := strs(tn.Names)
	if len(names) == 0 || len(names) > 3 {
		return t, false, st.errorf(tn.Location, "invalid type name")
	}
	mods, modText, err := typmods(st, tn)
	if err != nil {
		return t, false, err
	}
	dims := len(tn.ArrayBounds)
	t.Raw = rawType(names, modText, dims)
	builtin := strings.Join(names, ".")
	if names[len(names)-1] == "char" && (len(names) == 1 || names[0] == "pg_catalog") {
		builtin = `"char"`
	}
	if len(names) == 1 || len(names) == 2 && names[0] == "pg_catalog" {
		norm, err := r.normalizeType(builtin, mods, dims)
		switch {
		case err == nil:
			t.Norm = norm
			return t, dialect.IsPGSerial(names[len(names)-1]) && dims == 0, nil
		case !errors.Is(err, dialect.ErrNotBuiltin):
			return t, false, st.errorf(tn.Location, "%s", err)
		}
	}
	q, _ := r.qnameOf(tn.Names)
	t.Norm = r.d.QuoteName(q)
	if len(modText) > 0 {
		t.Norm += "(" + strings.Join(modText, ",") + ")"
	}
	if dims > 0 {
		t.Norm += "[]"
	}
	t.Ref = &q
	return t, false, nil
}

// typmods reads the type modifiers: integers for built-in types, and their
// text for user types (geometry(Point,4326)).
func typmods(st stmt, tn *pg.TypeName) (ints, text []string, err error) {
	for _, m := range tn.Typmods {
		if v, ok := constInt(m); ok {
			s := strconv.FormatInt(v, 10)
			ints = append(ints, s)
			text = append(text, s)
			continue
		}
		if ref := m.GetColumnRef(); ref != nil {
			text = append(text, strings.Join(strs(ref.Fields), "."))
			continue
		}
		if k := m.GetAConst(); k != nil && k.GetSval() != nil {
			text = append(text, k.GetSval().Sval)
			continue
		}
		return nil, nil, st.errorf(tn.Location, "unsupported type modifier")
	}
	if len(text) != len(ints) {
		ints = nil
	}
	return ints, text, nil
}

// rawType spells the type roughly as written, for messages.
func rawType(names []string, mods []string, dims int) string {
	s := names[len(names)-1]
	if len(names) > 1 && names[0] != "pg_catalog" {
		s = strings.Join(names, ".")
	}
	if len(mods) > 0 {
		s += "(" + strings.Join(mods, ",") + ")"
	}
	return s + strings.Repeat("[]", dims)
}

// columnTypes returns the table's column types for expression
// canonicalization.
func (t *pgTable) columnTypes() pgexpr.Columns {
	if t.colTypes != nil && len(t.colTypes) == len(t.t.Columns) {
		return t.colTypes
	}
	cols := make(pgexpr.Columns, len(t.t.Columns))
	for _, c := range t.t.Columns {
		cols[c.Name] = c.Type.Norm
	}
	t.colTypes = cols
	return cols
}

// normalizeType is dialect.NormalizePGType remembered per reader.
func (r *pgReader) normalizeType(builtin string, mods []string, dims int) (string, error) {
	key := builtin + "\x00" + strings.Join(mods, ",") + "\x00" + strconv.Itoa(dims)
	if norm, ok := r.types[key]; ok {
		return norm, nil
	}
	norm, err := r.d.NormalizePGType(builtin, mods, dims)
	if err != nil {
		return "", err
	}
	if r.types == nil {
		r.types = map[string]string{}
	}
	r.types[key] = norm
	return norm, nil
}
