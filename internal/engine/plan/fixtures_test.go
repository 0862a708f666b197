package plan

import (
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Small builders for hand-made schemas and changes.

func qn(name string) schema.QName { return schema.QName{Schema: "public", Name: name} }

func intCol(name string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: "integer"}}
}

func textCol(name string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: "text"}}
}

func notNull(c *schema.Column) *schema.Column { c.NotNull = true; return c }

func withDefault(c *schema.Column, expr string) *schema.Column {
	c.Default = &schema.Default{Kind: schema.DefaultLiteral, Expr: expr}
	return c
}

// table is a table with an integer primary key "id" and the given columns.
func table(name string, cols ...*schema.Column) *schema.Table {
	return &schema.Table{
		Name:       qn(name),
		Columns:    append([]*schema.Column{notNull(intCol("id"))}, cols...),
		PrimaryKey: &schema.PrimaryKey{Name: name + "_pkey", Columns: []string{"id"}},
	}
}

func pgDialect(t testing.TB, version string) *dialect.Dialect {
	t.Helper()
	d, err := dialect.Postgres(version)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// minimalChanges is one minimal valid instance of every change kind, on a
// source schema with table "t" (id, a text) and enum "mood" (sad, ok).
func minimalChanges() map[string]schema.Change {
	t := qn("t")
	mood := &schema.Enum{Name: qn("mood"), Values: []string{"sad", "ok"}}
	mood2 := &schema.Enum{Name: qn("mood"), Values: []string{"ok", "sad"}}
	seq := &schema.Sequence{Name: qn("s"), Increment: 1}
	view := &schema.Object{Kind: schema.ObjectView, Name: qn("v"), Definition: "CREATE VIEW public.v AS SELECT 1 AS x"}
	view2 := &schema.Object{Kind: schema.ObjectView, Name: qn("v"), Definition: "CREATE VIEW public.v AS SELECT 2 AS x"}
	idx := &schema.Index{Name: "t_a_idx", Parts: []schema.IndexPart{{Column: "a"}}}
	fk := &schema.ForeignKey{Name: "t_id_fkey", Columns: []string{"id"}, RefTable: qn("u"), RefColumns: []string{"id"}}
	all := []schema.Change{
		&schema.AddNamespace{Namespace: &schema.Namespace{Name: "app"}},
		&schema.DropNamespace{Namespace: &schema.Namespace{Name: "old"}},
		&schema.AddExtension{Extension: &schema.Extension{Name: "citext"}},
		&schema.DropExtension{Extension: &schema.Extension{Name: "hstore"}},
		&schema.AddEnum{Enum: &schema.Enum{Name: qn("e"), Values: []string{"a"}}},
		&schema.DropEnum{Enum: &schema.Enum{Name: qn("e"), Values: []string{"a"}}},
		&schema.RenameEnum{From: qn("mood"), To: qn("feeling")},
		&schema.AddEnumValue{Enum: qn("mood"), Value: "happy", After: "ok"},
		&schema.DropEnumValue{From: mood, To: &schema.Enum{Name: qn("mood"), Values: []string{"ok"}}, Values: []string{"sad"}},
		&schema.ReorderEnum{From: mood, To: mood2},
		&schema.AddSequence{Sequence: seq},
		&schema.DropSequence{Sequence: seq},
		&schema.AlterSequence{From: seq, To: &schema.Sequence{Name: qn("s"), Increment: 2}},
		&schema.RenameSequence{From: qn("s"), To: qn("s2")},
		&schema.AddTable{Table: table("n")},
		&schema.DropTable{Table: table("t", textCol("a"))},
		&schema.RenameTable{From: t, To: qn("t2")},
		&schema.SetTableComment{Table: t, To: "hello"},
		&schema.SetTableOptions{Table: t, To: map[string]string{"fillfactor": "70"}},
		&schema.AddColumn{Table: t, Column: textCol("b")},
		&schema.DropColumn{Table: t, Column: textCol("a")},
		&schema.RenameColumn{Table: t, From: "a", To: "b"},
		&schema.AlterColumn{Table: t, From: textCol("a"), To: notNull(textCol("a")), What: schema.ChangeNull},
		&schema.AddPrimaryKey{Table: t, PrimaryKey: &schema.PrimaryKey{Name: "t_pkey", Columns: []string{"id"}}},
		&schema.DropPrimaryKey{Table: t, PrimaryKey: &schema.PrimaryKey{Name: "t_pkey", Columns: []string{"id"}}},
		&schema.AddUnique{Table: t, Unique: &schema.Unique{Name: "t_a_key", Columns: []string{"a"}}},
		&schema.DropUnique{Table: t, Unique: &schema.Unique{Name: "t_a_key", Columns: []string{"a"}}},
		&schema.AddIndex{Table: t, Index: idx},
		&schema.DropIndex{Table: t, Index: idx},
		&schema.RenameIndex{Table: t, From: "t_a_idx", To: "t_a_idx2"},
		&schema.AddForeignKey{Table: t, ForeignKey: fk},
		&schema.DropForeignKey{Table: t, ForeignKey: fk},
		&schema.AddCheck{Table: t, Check: &schema.Check{Name: "t_a_check", Expr: "(a <> '')"}},
		&schema.DropCheck{Table: t, Check: &schema.Check{Name: "t_a_check", Expr: "(a <> '')"}},
		&schema.RenameConstraint{Table: t, From: "t_pkey", To: "t_pk"},
		&schema.AddObject{Object: view},
		&schema.DropObject{Object: view},
		&schema.ReplaceObject{From: view, To: view2},
	}
	m := map[string]schema.Change{}
	for _, c := range all {
		m[c.Kind()] = c
	}
	return m
}

// minimalSource is the source schema minimalChanges apply to.
func minimalSource() *schema.Schema {
	ref := qn("mood")
	tb := table("t", textCol("a"))
	tb.Columns = append(tb.Columns, &schema.Column{Name: "m", Type: schema.Type{Norm: `public.mood`, Ref: &ref}})
	return &schema.Schema{
		Tables: []*schema.Table{tb, table("u")},
		Enums:  []*schema.Enum{{Name: qn("mood"), Values: []string{"sad", "ok"}}},
	}
}
