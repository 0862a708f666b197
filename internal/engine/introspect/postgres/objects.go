package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// viewsQuery reads views and materialized views with pg_get_viewdef (the
// non-pretty form pg_dump uses) and the tables and views their rewrite rule
// depends on, as a JSON array of [schema, name] pairs.
const viewsQuery = `SELECT n.nspname::text, c.relname::text, c.relkind::text, pg_get_viewdef(c.oid),
	COALESCE(obj_description(c.oid, 'pg_class'), ''),
	COALESCE((SELECT jsonb_agg(DISTINCT jsonb_build_array(dn.nspname, dc.relname))
		FROM pg_catalog.pg_rewrite r
		JOIN pg_catalog.pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
			AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> c.oid
		JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid
		JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
		WHERE r.ev_class = c.oid)::text, '')
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND %s AND %s
ORDER BY 1, 2`

// views reads views and materialized views as Objects whose Definition is
// `CREATE [MATERIALIZED] VIEW "schema"."name" AS <pg_get_viewdef>` through
// canonDefinition ("CREATE VIEW app.v AS SELECT t.id FROM app.t WHERE t.id
// > 1").
func (in *inspector) views(ctx context.Context, s *schema.Schema) error {
	q := fmt.Sprintf(viewsQuery, nsFilter("n"), notExtensionMember("c.oid", "pg_class"))
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		var (
			o          = &schema.Object{}
			kind, body string
			deps       string
		)
		if err := scan(&o.Name.Schema, &o.Name.Name, &kind, &body, &o.Comment, &deps); err != nil {
			return err
		}
		create := "CREATE VIEW "
		o.Kind = schema.ObjectView
		if kind == "m" {
			create = "CREATE MATERIALIZED VIEW "
			o.Kind = schema.ObjectMaterializedView
		}
		body = strings.TrimSuffix(strings.TrimSpace(body), ";")
		o.Definition = canonDefinition(create + quoting.QuoteName(o.Name) + " AS " + body)
		var err error
		if o.DependsOn, err = jsonNames(deps); err != nil {
			return err
		}
		sortNames(o.DependsOn)
		s.Objects = append(s.Objects, o)
		return nil
	})
}

// functionsQuery reads functions and procedures. The kind column is
// prokind (PostgreSQL 11); on 10 it is derived from proisagg/proiswindow.
// pg_get_functiondef fails on aggregates, so it is called only for plain
// functions and procedures.
const functionsQuery = `SELECT n.nspname::text, p.proname::text, k.kind,
	CASE WHEN k.kind IN ('f', 'p') THEN pg_get_functiondef(p.oid) ELSE '' END,
	COALESCE(oidvectortypes(p.proargtypes), ''),
	COALESCE(obj_description(p.oid, 'pg_proc'), '')
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
CROSS JOIN LATERAL (SELECT %s AS kind) k
WHERE %s AND %s
ORDER BY 1, 2, 5`

// functions reads functions and procedures that no extension owns.
// Definition is pg_get_functiondef through canonDefinition ("CREATE
// FUNCTION app.f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$");
// Signature is the input argument types in parentheses, as
// oidvectortypes(proargtypes) prints them: "(integer, text)".
func (in *inspector) functions(ctx context.Context, s *schema.Schema) error {
	kind := "CASE WHEN p.proisagg THEN 'a' WHEN p.proiswindow THEN 'w' ELSE 'f' END"
	if in.atLeast(11) {
		kind = "p.prokind::text"
	}
	q := fmt.Sprintf(functionsQuery, kind, nsFilter("n"), notExtensionMember("p.oid", "pg_proc"))
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		var (
			o         = &schema.Object{}
			kind, sig string
		)
		if err := scan(&o.Name.Schema, &o.Name.Name, &kind, &o.Definition, &sig, &o.Comment); err != nil {
			return err
		}
		switch kind {
		case "f":
			o.Kind = schema.ObjectFunction
		case "p":
			o.Kind = schema.ObjectProcedure
		default:
			return fmt.Errorf("%s(%s) is an aggregate or window function: %w", o.Name, sig, ErrUnsupported)
		}
		o.Signature = "(" + sig + ")"
		o.Definition = canonDefinition(o.Definition)
		s.Objects = append(s.Objects, o)
		return nil
	})
}

// triggersQuery reads user triggers (not the internal ones behind foreign
// keys) on the selected tables and views, with pg_get_triggerdef in its
// non-pretty form, which always qualifies the table.
const triggersQuery = `SELECT n.nspname::text, c.relname::text, t.tgname::text, pg_get_triggerdef(t.oid),
	fn.nspname::text, f.proname::text, COALESCE(obj_description(t.oid, 'pg_trigger'), '')
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc f ON f.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
WHERE NOT t.tgisinternal AND %s AND %s
ORDER BY 1, 2, 3`

// triggers reads triggers as Objects named after the table's schema and
// the trigger's name, with Table set and DependsOn naming the table and the
// trigger function. Definition is pg_get_triggerdef through
// canonDefinition.
func (in *inspector) triggers(ctx context.Context, s *schema.Schema) error {
	q := fmt.Sprintf(triggersQuery, nsFilter("n"), notExtensionMember("c.oid", "pg_class"))
	return in.queryNS(ctx, q, func(scan scanFunc) error {
		var (
			o     = &schema.Object{Kind: schema.ObjectTrigger}
			table schema.QName
			fn    schema.QName
		)
		if err := scan(&table.Schema, &table.Name, &o.Name.Name, &o.Definition, &fn.Schema, &fn.Name, &o.Comment); err != nil {
			return err
		}
		o.Name.Schema = table.Schema
		o.Definition = canonDefinition(o.Definition)
		o.Table = &table
		o.DependsOn = []schema.QName{table, fn}
		sortNames(o.DependsOn)
		s.Objects = append(s.Objects, o)
		return nil
	})
}

// sortNames orders names by schema, then name, so dependency lists are
// deterministic.
func sortNames(names []schema.QName) {
	slices.SortFunc(names, func(a, b schema.QName) int {
		if a.Less(b) {
			return -1
		}
		if b.Less(a) {
			return 1
		}
		return 0
	})
}
