package sqlalchemy

import (
	"strings"
	"unicode"
)

// Flask-SQLAlchemy: db = SQLAlchemy(...) gives db.Model (a declarative
// base whose models get a generated __tablename__), db.Table (a Table that
// needs no MetaData argument), db.metadata, and every sqlalchemy and
// sqlalchemy.orm name as an attribute (db.Column, db.String,
// db.relationship ...).

type (
	// flaskModel is db.Model.
	flaskModel struct{ db *call }
	// flaskMeta is db.metadata (or db.Model.metadata).
	flaskMeta struct{ db *call }
	// flaskTable is db.Table.
	flaskTable struct{ db *call }
)

// isFlaskDB reports whether a call makes a Flask-SQLAlchemy extension.
func isFlaskDB(c *call) bool {
	switch symName(c.fn) {
	case "flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy":
		return true
	}
	return false
}

// flaskAttr evaluates db.name.
func flaskAttr(db *call, name string) value {
	switch name {
	case "Model":
		return flaskModel{db: db}
	case "metadata":
		return flaskMeta{db: db}
	case "Table":
		return flaskTable{db: db}
	case "session", "engine", "engines", "metadatas", "Query", "init_app", "create_all", "drop_all", "get_engine", "paginate":
		return boundAttr{recv: db, name: name}
	}
	return sym{path: "sqlalchemy." + name}
}

// flaskMetadata is the metadata of a Flask-SQLAlchemy extension: its
// metadata= argument, or a MetaData of its own.
func (mp *mapper) flaskMetadata(db *call) (*metaInfo, error) {
	if v, ok := db.kwarg("metadata"); ok {
		return mp.metadata(v, db.argPos("metadata"))
	}
	return mp.metaFor(db, nil)
}

// flaskShouldSetTablename is Flask-SQLAlchemy 3's should_set_tablename:
// the first class in the MRO that sets __tablename__ decides; a
// declared_attr keeps it, a mixin's or an abstract model's string is kept,
// the model's own is kept, a mapped parent's (given or generated) makes a
// new generated name; none at all makes one too.
func (mp *mapper) flaskShouldSetTablename(c *class) (bool, error) {
	for _, k := range c.mro() {
		a := k.own("__tablename__")
		if a == nil && k != c && mp.isMapped(k) {
			if err := mp.mapClass(k); err != nil {
				return false, err
			}
			if mp.flaskNamed[k] {
				return true, nil // the generated name Flask-SQLAlchemy set on the parent
			}
			continue
		}
		if a == nil {
			continue
		}
		if a.declared != nil {
			return false, nil
		}
		if k == c {
			return false, nil
		}
		if ab := k.own("__abstract__"); ab != nil {
			if b, ok := ab.value(k).(pyBool); ok && b.b {
				return false, nil
			}
		}
		r, err := mp.declarativeRoot(k)
		if err != nil {
			return false, err
		}
		return r != nil, nil
	}
	return true, nil
}

// camelToSnake is Flask-SQLAlchemy's camel_to_snake_case: "_" before an
// upper-case letter that follows a lower-case letter or digit, or that
// starts a capitalized word inside the name; then lower case, leading "_"
// removed.
func camelToSnake(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) && r < unicode.MaxASCII {
			prevLowerOrDigit := i > 0 && rs[i-1] < unicode.MaxASCII && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && rs[i+1] < unicode.MaxASCII && unicode.IsLower(rs[i+1])
			if prevLowerOrDigit || nextLower {
				b.WriteByte('_')
			}
		}
		b.WriteRune(r)
	}
	return strings.TrimLeft(strings.ToLower(b.String()), "_")
}

// isMetaRef reports whether a Table() argument names a MetaData
// (metadata variable, Base.metadata, db.metadata).
func isMetaRef(v value) bool {
	switch x := resolve(v).(type) {
	case flaskMeta:
		return true
	case memberRef:
		return x.name == "metadata"
	case boundAttr:
		return x.name == "metadata"
	case *call:
		return callName(x) == "sa.MetaData"
	}
	return false
}
