package sqlddl

import (
	"math"
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// createEnum reads CREATE TYPE ... AS ENUM.
func (r *pgReader) createEnum(st stmt, s *pg.CreateEnumStmt) error {
	q, ok := r.qnameOf(s.TypeName)
	if !ok {
		return st.errorf(-1, "invalid type name")
	}
	if r.enums[q] != nil {
		return st.errorf(-1, "type %s is already defined", q)
	}
	e := &schema.Enum{Name: q, Values: strs(s.Vals), Pos: st.start()}
	e.RenamedFrom = st.file.hintFor(e.Pos.Line, map[int]bool{})
	r.enums[q] = e
	r.s.Enums = append(r.s.Enums, e)
	return nil
}

// alterEnum reads ALTER TYPE ... ADD VALUE [IF NOT EXISTS] [BEFORE|AFTER]
// and RENAME VALUE.
func (r *pgReader) alterEnum(st stmt, s *pg.AlterEnumStmt) error {
	q, _ := r.qnameOf(s.TypeName)
	e := r.enums[q]
	if e == nil {
		return st.errorf(-1, "enum %s is not defined before this statement", q)
	}
	if s.OldVal != "" {
		i := slices.Index(e.Values, s.OldVal)
		if i < 0 {
			return st.errorf(-1, "%q is not a value of enum %s", s.OldVal, q)
		}
		e.Values[i] = s.NewVal
		return nil
	}
	if slices.Contains(e.Values, s.NewVal) {
		if s.SkipIfNewValExists {
			return nil
		}
		return st.errorf(-1, "enum label %q already exists", s.NewVal)
	}
	at := len(e.Values)
	if s.NewValNeighbor != "" {
		i := slices.Index(e.Values, s.NewValNeighbor)
		if i < 0 {
			return st.errorf(-1, "%q is not an existing enum label", s.NewValNeighbor)
		}
		at = i
		if s.NewValIsAfter {
			at = i + 1
		}
	}
	e.Values = slices.Insert(e.Values, at, s.NewVal)
	return nil
}

// createSchema reads CREATE SCHEMA [IF NOT EXISTS].
func (r *pgReader) createSchema(st stmt, s *pg.CreateSchemaStmt) error {
	if len(s.SchemaElts) > 0 {
		return st.errorf(-1, "CREATE SCHEMA with embedded statements is not supported; create the objects separately")
	}
	name := s.Schemaname
	if name == "" {
		return st.errorf(-1, "CREATE SCHEMA AUTHORIZATION without a schema name is not supported")
	}
	if r.ns[name] != nil {
		if s.IfNotExists {
			return nil
		}
		return st.errorf(-1, "schema %q is already defined", name)
	}
	n := &schema.Namespace{Name: name, Pos: st.start()}
	r.ns[name] = n
	r.s.Namespaces = append(r.s.Namespaces, n)
	return nil
}

// createExtension reads CREATE EXTENSION [IF NOT EXISTS] name [SCHEMA s].
func (r *pgReader) createExtension(st stmt, s *pg.CreateExtensionStmt) error {
	for _, e := range r.s.Extensions {
		if e.Name == s.Extname {
			if s.IfNotExists {
				return nil
			}
			return st.errorf(-1, "extension %q is already created", s.Extname)
		}
	}
	ext := &schema.Extension{Name: s.Extname, Pos: st.start()}
	for _, o := range s.Options {
		if de := o.GetDefElem(); de != nil && de.Defname == "schema" {
			ext.Schema = de.Arg.GetString_().GetSval()
		}
	}
	r.s.Extensions = append(r.s.Extensions, ext)
	return nil
}

// createSequence reads CREATE SEQUENCE with all its options.
func (r *pgReader) createSequence(st stmt, s *pg.CreateSeqStmt) error {
	q := r.qname(s.Sequence)
	if r.seqs[q] != nil {
		if s.IfNotExists {
			return nil
		}
		return st.errorf(s.Sequence.GetLocation(), "sequence %s is already defined", q)
	}
	if s.Sequence.GetRelpersistence() == "t" {
		return st.errorf(s.Sequence.GetLocation(), "temporary sequences are not part of a schema")
	}
	seq := &schema.Sequence{Name: q, Type: "bigint", Pos: st.start()}
	o := seqOptions{}
	if err := o.read(r, st, s.Options); err != nil {
		return err
	}
	if err := o.apply(r, st, seq, true); err != nil {
		return err
	}
	r.names.takeRel(q.Schema, q.Name)
	r.seqs[q] = seq
	r.s.Sequences = append(r.s.Sequences, seq)
	return nil
}

// alterSequence reads ALTER SEQUENCE (OWNED BY and the other options).
func (r *pgReader) alterSequence(st stmt, s *pg.AlterSeqStmt) error {
	q := r.qname(s.Sequence)
	seq := r.seqs[q]
	if seq == nil {
		if s.MissingOk {
			return nil
		}
		return st.errorf(s.Sequence.GetLocation(), "sequence %s is not defined before this statement", q)
	}
	o := seqOptions{}
	if err := o.read(r, st, s.Options); err != nil {
		return err
	}
	return o.apply(r, st, seq, false)
}

// seqOptions are the options of CREATE/ALTER SEQUENCE as written.
type seqOptions struct {
	typ                         string
	start, inc, min, max, cache *int64
	noMin, noMax                bool
	cycle                       *bool
	ownedBy                     []string
	ownedNone                   bool
	loc                         int32
}

func (o *seqOptions) read(r *pgReader, st stmt, opts []*pg.Node) error {
	num := func(de *pg.DefElem) (*int64, error) {
		v, ok := constInt(de.Arg)
		if !ok {
			return nil, st.errorf(de.Location, "sequence option %s needs an integer", de.Defname)
		}
		return &v, nil
	}
	var err error
	for _, n := range opts {
		de := n.GetDefElem()
		if de == nil {
			continue
		}
		o.loc = de.Location
		switch de.Defname {
		case "as":
			tn := de.Arg.GetTypeName()
			t, _, terr := r.columnType(st, tn)
			if terr != nil {
				return terr
			}
			o.typ = t.Norm
		case "start":
			o.start, err = num(de)
		case "restart":
			// RESTART changes the current value, not the definition.
		case "increment":
			o.inc, err = num(de)
		case "minvalue":
			if de.Arg == nil {
				o.noMin = true
			} else {
				o.min, err = num(de)
			}
		case "maxvalue":
			if de.Arg == nil {
				o.noMax = true
			} else {
				o.max, err = num(de)
			}
		case "cache":
			o.cache, err = num(de)
		case "cycle":
			b := de.Arg.GetBoolean().GetBoolval()
			if de.Arg.GetInteger() != nil {
				b = de.Arg.GetInteger().Ival != 0
			}
			o.cycle = &b
		case "owned_by":
			parts := strs(de.Arg.GetList().GetItems())
			if len(parts) == 1 && parts[0] == "none" {
				o.ownedNone = true
			} else {
				o.ownedBy = parts
			}
		case "sequence_name":
		default:
			return st.errorf(de.Location, "sequence option %s is not supported", de.Defname)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// typeRange is the value range of a sequence's type.
func typeRange(typ string) (lo, hi int64) {
	switch typ {
	case "smallint":
		return math.MinInt16, math.MaxInt16
	case "integer":
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// apply sets the options on seq; create fills in PostgreSQL's defaults
// (src/backend/commands/sequence.c init_params) for what is not given.
func (o *seqOptions) apply(r *pgReader, st stmt, seq *schema.Sequence, create bool) error {
	if o.typ != "" {
		switch o.typ {
		case "smallint", "integer", "bigint":
			seq.Type = o.typ
		default:
			return st.errorf(o.loc, "sequence type must be smallint, integer or bigint")
		}
	}
	if o.inc != nil {
		if *o.inc == 0 {
			return st.errorf(o.loc, "INCREMENT must not be zero")
		}
		seq.Increment = *o.inc
	} else if create {
		seq.Increment = 1
	}
	lo, hi := typeRange(seq.Type)
	asc := seq.Increment > 0
	switch {
	case o.max != nil:
		seq.Max = *o.max
	case o.noMax || create || o.typ != "":
		seq.Max = hi
		if !asc {
			seq.Max = -1
		}
	}
	switch {
	case o.min != nil:
		seq.Min = *o.min
	case o.noMin || create || o.typ != "":
		seq.Min = 1
		if !asc {
			seq.Min = lo
		}
	}
	switch {
	case o.start != nil:
		seq.Start = *o.start
	case create:
		seq.Start = seq.Min
		if !asc {
			seq.Start = seq.Max
		}
	}
	if o.cache != nil {
		if *o.cache < 1 {
			return st.errorf(o.loc, "CACHE must be at least 1")
		}
		seq.Cache = *o.cache
	} else if create {
		seq.Cache = 1
	}
	if o.cycle != nil {
		seq.Cycle = *o.cycle
	}
	if seq.Min > seq.Max {
		return st.errorf(o.loc, "MINVALUE (%d) must be less than MAXVALUE (%d)", seq.Min, seq.Max)
	}
	if o.ownedNone {
		seq.OwnedBy = ""
	}
	if len(o.ownedBy) > 0 {
		if len(o.ownedBy) < 2 {
			return st.errorf(o.loc, "OWNED BY needs table.column")
		}
		tq, _ := r.qnameOf(strNodes(o.ownedBy[:len(o.ownedBy)-1]))
		t := r.tables[tq]
		col := o.ownedBy[len(o.ownedBy)-1]
		if t == nil || t.cols[col] == nil {
			return st.errorf(o.loc, "OWNED BY %s.%s: no such column", tq, col)
		}
		seq.OwnedBy = tq.Name + "." + col
		if tq.Schema != seq.Name.Schema {
			seq.OwnedBy = tq.Schema + "." + seq.OwnedBy
		}
		r.seqOwner[seq.Name] = ownerRef{table: tq, column: col}
	}
	return nil
}

func strNodes(ss []string) []*pg.Node {
	out := make([]*pg.Node, len(ss))
	for i, s := range ss {
		out[i] = strNode(s)
	}
	return out
}
