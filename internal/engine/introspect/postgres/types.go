package postgres

import (
	"context"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// namespaces reads every selected non-system namespace but "public", the
// model's implicit default namespace.
func (in *inspector) namespaces(ctx context.Context, s *schema.Schema) error {
	q := `SELECT n.nspname::text, COALESCE(obj_description(n.oid, 'pg_namespace'), '')
FROM pg_catalog.pg_namespace n
WHERE ` + nsFilter("n") + ` AND n.nspname <> 'public' AND ` + notExtensionMember("n.oid", "pg_namespace") + `
ORDER BY 1`
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		ns := &schema.Namespace{}
		if err := scan(&ns.Name, &ns.Comment); err != nil {
			return err
		}
		s.Namespaces = append(s.Namespaces, ns)
		return nil
	})
}

// extensions reads every installed extension but plpgsql, which every
// database has. Extensions are database-wide, so the namespace filter does
// not apply. An extension in the default namespace ("public") has an empty
// Schema, as the SQL reader gives CREATE EXTENSION without SCHEMA.
func (in *inspector) extensions(ctx context.Context, s *schema.Schema) error {
	q := `SELECT x.extname::text, CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname::text END
FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
WHERE x.extname <> 'plpgsql'
ORDER BY 1`
	return in.query(ctx, q, nil, func(scan scanFunc) error {
		x := &schema.Extension{}
		if err := scan(&x.Name, &x.Schema); err != nil {
			return err
		}
		s.Extensions = append(s.Extensions, x)
		return nil
	})
}

// enums reads enum types with their labels in enumsortorder, one row per
// label (an enum without labels gives one row with a NULL label).
func (in *inspector) enums(ctx context.Context, s *schema.Schema) error {
	q := `SELECT n.nspname::text, t.typname::text, e.enumlabel::text, COALESCE(obj_description(t.oid, 'pg_type'), '')
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e' AND ` + nsFilter("n") + ` AND ` + notExtensionMember("t.oid", "pg_type") + `
ORDER BY 1, 2, e.enumsortorder`
	var last *schema.Enum
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		var ns, name, comment string
		var label *string
		if err := scan(&ns, &name, &label, &comment); err != nil {
			return err
		}
		qn := schema.QName{Schema: ns, Name: name}
		if last == nil || last.Name != qn {
			last = &schema.Enum{Name: qn, Comment: comment}
			s.Enums = append(s.Enums, last)
		}
		if label != nil {
			last.Values = append(last.Values, *label)
		}
		return nil
	})
}

// sequences reads standalone sequences. A sequence is left out when it is
// an identity sequence (pg_depend deptype 'i') or when it is owned by a
// column (deptype 'a') whose default depends on it: the serial case, where
// the column's DefaultSequence stands for it. A sequence owned by a column
// that does not default to it keeps OwnedBy "table.column" (PostgreSQL
// requires the table to be in the sequence's schema).
func (in *inspector) sequences(ctx context.Context, s *schema.Schema) error {
	q := `SELECT n.nspname::text, c.relname::text, format_type(sq.seqtypid, NULL),
	sq.seqstart, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqcache, sq.seqcycle,
	COALESCE(oc.relname::text || '.' || oa.attname::text, ''),
	COALESCE(obj_description(c.oid, 'pg_class'), '')
FROM pg_catalog.pg_sequence sq
JOIN pg_catalog.pg_class c ON c.oid = sq.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_depend od ON od.classid = 'pg_class'::regclass AND od.objid = c.oid
	AND od.refclassid = 'pg_class'::regclass AND od.deptype = 'a'
LEFT JOIN pg_catalog.pg_class oc ON oc.oid = od.refobjid
LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = od.refobjid AND oa.attnum = od.refobjsubid
WHERE ` + nsFilter("n") + ` AND ` + notExtensionMember("c.oid", "pg_class") + `
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = 'pg_class'::regclass
	AND i.objid = c.oid AND i.deptype = 'i')
AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef ad
	JOIN pg_catalog.pg_depend dd ON dd.classid = 'pg_attrdef'::regclass AND dd.objid = ad.oid
	WHERE dd.refclassid = 'pg_class'::regclass AND dd.refobjid = c.oid
	AND ad.adrelid = od.refobjid AND ad.adnum = od.refobjsubid)
ORDER BY 1, 2`
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		sq := &schema.Sequence{}
		if err := scan(&sq.Name.Schema, &sq.Name.Name, &sq.Type, &sq.Start, &sq.Increment,
			&sq.Min, &sq.Max, &sq.Cache, &sq.Cycle, &sq.OwnedBy, &sq.Comment); err != nil {
			return err
		}
		s.Sequences = append(s.Sequences, sq)
		return nil
	})
}
