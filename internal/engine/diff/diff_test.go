package diff

import (
	"slices"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// diffCase is one pair of schemas: to is base() changed by edit (from is
// base() changed by before, when set).
type diffCase struct {
	name   string
	before func(t *testing.T, from *schema.Schema)
	edit   func(t *testing.T, to *schema.Schema)
	opts   Options
	// want is the exact list of change kinds; nil means "not checked".
	want []string
}

func diffCases() []diffCase {
	users, orders, invoices := pub("users"), pub("orders"), schema.QName{Schema: "billing", Name: "invoices"}
	return []diffCase{
		{name: "identical", edit: func(t *testing.T, s *schema.Schema) {}, want: []string{}},
		{name: "add namespace", edit: func(t *testing.T, s *schema.Schema) {
			s.Namespaces = append(s.Namespaces, &schema.Namespace{Name: "audit"})
		}, want: []string{"AddNamespace"}},
		{name: "drop namespace with its table", edit: func(t *testing.T, s *schema.Schema) {
			s.Namespaces = nil
			s.Tables = s.Tables[:2]
		}, want: []string{"DropTable", "DropNamespace"}},
		{name: "add extension", edit: func(t *testing.T, s *schema.Schema) {
			s.Extensions = append(s.Extensions, &schema.Extension{Name: "citext", Schema: "public"})
		}, want: []string{"AddExtension"}},
		{name: "drop extension", edit: func(t *testing.T, s *schema.Schema) { s.Extensions = nil }, want: []string{"DropExtension"}},
		{name: "add enum", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums = append(s.Enums, &schema.Enum{Name: pub("mood"), Values: []string{"ok", "meh"}})
		}, want: []string{"AddEnum"}},
		{name: "drop enum and retype its column", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums = nil
			c := table(t, s, orders).Column("status")
			c.Type = schema.Type{Norm: "text"}
		}, want: []string{"AlterColumn", "DropEnum"}},
		{name: "enum value appended", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums[0].Values = append(s.Enums[0].Values, "refunded")
		}, want: []string{"AddEnumValue"}},
		{name: "enum value prepended", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums[0].Values = []string{"new", "draft", "paid", "void"}
		}, want: []string{"AddEnumValue"}},
		{name: "enum values inserted in the middle and at both ends", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums[0].Values = []string{"a", "b", "draft", "sent", "seen", "paid", "void", "z"}
		}, want: []string{"AddEnumValue", "AddEnumValue", "AddEnumValue", "AddEnumValue", "AddEnumValue"}},
		{name: "enum value removed", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums[0].Values = []string{"draft", "paid"}
		}, want: []string{"DropEnumValue"}},
		{name: "enum value removed and another added", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums[0].Values = []string{"draft", "open", "paid"}
		}, want: []string{"DropEnumValue"}},
		{name: "enum values reordered", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums[0].Values = []string{"paid", "draft", "void"}
		}, want: []string{"ReorderEnum"}},
		{name: "enum values reordered with one added", edit: func(t *testing.T, s *schema.Schema) {
			s.Enums[0].Values = []string{"void", "draft", "paid", "x"}
		}, want: []string{"AddEnumValue", "ReorderEnum"}},
		{name: "enum renamed by hint", edit: func(t *testing.T, s *schema.Schema) {
			renameEnum(t, s, "state")
			s.Enums[0].RenamedFrom = "status"
		}, want: []string{"RenameEnum"}},
		{name: "enum renamed by option", edit: func(t *testing.T, s *schema.Schema) {
			renameEnum(t, s, "state")
		}, opts: Options{Renames: []Rename{{Kind: RenameEnum, Table: pub("state"), From: "status", To: "state"}}},
			want: []string{"RenameEnum"}},
		{name: "enum renamed without hint is drop and add", edit: func(t *testing.T, s *schema.Schema) {
			renameEnum(t, s, "state")
		}, want: []string{"AddEnum", "AlterColumn", "DropEnum"}},
		{name: "add sequence", edit: func(t *testing.T, s *schema.Schema) {
			s.Sequences = append(s.Sequences, &schema.Sequence{Name: pub("a_seq"), Start: 1, Increment: 1})
		}, want: []string{"AddSequence"}},
		{name: "drop sequence", edit: func(t *testing.T, s *schema.Schema) { s.Sequences = nil }, want: []string{"DropSequence"}},
		{name: "alter sequence", edit: func(t *testing.T, s *schema.Schema) {
			s.Sequences[0].Increment = 10
			s.Sequences[0].Cycle = true
		}, want: []string{"AlterSequence"}},
		{name: "sequence type spelled empty is bigint", edit: func(t *testing.T, s *schema.Schema) {
			s.Sequences[0].Type = ""
		}, want: []string{}},
		{name: "add table with index and foreign key", edit: func(t *testing.T, s *schema.Schema) {
			s.Tables = append(s.Tables, &schema.Table{
				Name:        pub("items"),
				Columns:     []*schema.Column{serial("id", "items_id_seq"), integer("order_id", true), text("sku")},
				PrimaryKey:  &schema.PrimaryKey{Name: "items_pkey", Columns: []string{"id"}},
				Uniques:     []*schema.Unique{{Name: "items_sku_key", Columns: []string{"sku"}}},
				Indexes:     []*schema.Index{{Name: "items_order_id_idx", Parts: []schema.IndexPart{{Column: "order_id"}}}},
				ForeignKeys: []*schema.ForeignKey{{Name: "items_order_id_fkey", Columns: []string{"order_id"}, RefTable: orders, RefColumns: []string{"id"}}},
				Checks:      []*schema.Check{{Name: "items_sku_check", Expr: "sku <> ''"}},
			})
		}, want: []string{"AddTable", "AddIndex", "AddForeignKey"}},
		{name: "drop leaf table", edit: func(t *testing.T, s *schema.Schema) {
			s.Tables = s.Tables[:2]
		}, want: []string{"DropTable"}},
		{name: "drop referenced table", edit: func(t *testing.T, s *schema.Schema) {
			s.Tables = slices.DeleteFunc(s.Tables, func(x *schema.Table) bool { return x.Name == orders })
			table(t, s, invoices).ForeignKeys = nil
			s.Objects = s.Objects[1:]
		}, want: []string{"DropObject", "DropForeignKey", "DropTable"}},
		{name: "drop two tables referencing each other", edit: func(t *testing.T, s *schema.Schema) {
			s.Tables = s.Tables[:1]
			s.Objects = s.Objects[1:]
		}, want: []string{"DropObject", "DropTable", "DropTable"}},
		{name: "table renamed by hint keeps old constraint names", edit: func(t *testing.T, s *schema.Schema) {
			renameTable(t, s, users, "members", false)
		}, want: []string{"RenameTable"}},
		{name: "table renamed by hint with names following", edit: func(t *testing.T, s *schema.Schema) {
			renameTable(t, s, users, "members", true)
		}, want: []string{"RenameTable", "RenameSequence", "RenameConstraint", "RenameConstraint", "RenameIndex", "RenameConstraint"}},
		{name: "table renamed by option", edit: func(t *testing.T, s *schema.Schema) {
			renameTable(t, s, users, "members", false)
			table(t, s, pub("members")).RenamedFrom = ""
		}, opts: Options{Renames: []Rename{{Kind: RenameTable, Table: pub("members"), From: "users", To: "members"}}},
			want: []string{"RenameTable"}},
		{name: "table renamed without hint is drop and add", edit: func(t *testing.T, s *schema.Schema) {
			renameTable(t, s, invoices, "bills", false)
			table(t, s, schema.QName{Schema: "billing", Name: "bills"}).RenamedFrom = ""
		}, want: []string{"DropTable", "AddTable", "AddForeignKey"}},
		{name: "table comment", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Comment = "members"
		}, want: []string{"SetTableComment"}},
		{name: "add column", edit: func(t *testing.T, s *schema.Schema) {
			u := table(t, s, users)
			u.Columns = append(u.Columns, &schema.Column{Name: "created_at", Type: schema.Type{Norm: "timestamp with time zone"},
				NotNull: true, Default: &schema.Default{Kind: schema.DefaultFunction, Expr: "now()"}})
		}, want: []string{"AddColumn"}},
		{name: "drop column with its index", edit: func(t *testing.T, s *schema.Schema) {
			u := table(t, s, users)
			u.Columns = slices.DeleteFunc(u.Columns, func(c *schema.Column) bool { return c.Name == "phone" })
			u.Indexes = nil
		}, want: []string{"DropIndex", "DropColumn"}},
		{name: "column renamed by hint, index follows", edit: func(t *testing.T, s *schema.Schema) {
			u := table(t, s, users)
			u.Column("phone").Name = "phone_number"
			u.Column("phone_number").RenamedFrom = "phone"
			u.Indexes[0].Parts[0].Column = "phone_number"
		}, want: []string{"RenameColumn"}},
		{name: "column renamed by option, check expression follows", edit: func(t *testing.T, s *schema.Schema) {
			u := table(t, s, users)
			u.Column("age").Name = "years"
			u.Checks[0].Expr = "years >= 0"
		}, opts: Options{Renames: []Rename{{Kind: RenameColumn, Table: users, From: "age", To: "years"}}},
			want: []string{"RenameColumn"}},
		{name: "table and column renamed together", edit: func(t *testing.T, s *schema.Schema) {
			renameTable(t, s, users, "members", false)
			m := table(t, s, pub("members"))
			m.Column("email").Name = "mail"
			m.Column("mail").RenamedFrom = "email"
			m.Uniques[0].Columns = []string{"mail"}
		}, want: []string{"RenameTable", "RenameColumn"}},
		{name: "column type", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Column("email").Type = schema.Type{Raw: "varchar(200)", Norm: "character varying(200)"}
		}, want: []string{"AlterColumn"}},
		{name: "raw type spelling only", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Column("email").Type.Raw = "TEXT"
		}, want: []string{}},
		{name: "column nullability", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Column("email").NotNull = true
		}, want: []string{"AlterColumn"}},
		{name: "column default", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Column("age").Default = &schema.Default{Kind: schema.DefaultLiteral, Expr: "18"}
		}, want: []string{"AlterColumn"}},
		{name: "default position only", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, orders).Column("status").Default.Pos = schema.Pos{File: "schema.prisma", Line: 4}
		}, want: []string{}},
		{name: "identity", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, invoices).Column("no").Identity = &schema.Identity{Always: true, Start: 1, Increment: 1}
		}, want: []string{"AlterColumn"}},
		{name: "generated column", edit: func(t *testing.T, s *schema.Schema) {
			u := table(t, s, users)
			u.Columns = append(u.Columns, &schema.Column{Name: "email_lower", Type: schema.Type{Norm: "text"},
				Generated: &schema.Generated{Expr: "lower(email)", Stored: true}})
			u.Column("age").Generated = &schema.Generated{Expr: "0", Stored: true}
		}, want: []string{"AddColumn", "AlterColumn"}},
		{name: "collation and comment", edit: func(t *testing.T, s *schema.Schema) {
			c := table(t, s, users).Column("email")
			c.Collation = "C"
			c.Comment = "login"
		}, want: []string{"AlterColumn"}},
		{name: "column order only", edit: func(t *testing.T, s *schema.Schema) {
			u := table(t, s, users)
			slices.Reverse(u.Columns)
		}, want: []string{}},
		{name: "add primary key", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, invoices).PrimaryKey = &schema.PrimaryKey{Name: "invoices_pkey", Columns: []string{"no"}}
		}, want: []string{"AddPrimaryKey"}},
		{name: "drop primary key", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).PrimaryKey = nil
		}, want: []string{"DropPrimaryKey"}},
		{name: "change primary key", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).PrimaryKey.Columns = []string{"id", "email"}
		}, want: []string{"DropPrimaryKey", "AddPrimaryKey"}},
		{name: "add unique", edit: func(t *testing.T, s *schema.Schema) {
			u := table(t, s, users)
			u.Uniques = append(u.Uniques, &schema.Unique{Name: "users_phone_key", Columns: []string{"phone"}})
		}, want: []string{"AddUnique"}},
		{name: "change unique", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Uniques[0].NullsNotDistinct = true
		}, want: []string{"DropUnique", "AddUnique"}},
		{name: "add index", edit: func(t *testing.T, s *schema.Schema) {
			o := table(t, s, orders)
			o.Indexes = append(o.Indexes, &schema.Index{Name: "orders_open_idx", Parts: []schema.IndexPart{{Column: "id"}}, Where: "status = 'draft'"})
		}, want: []string{"AddIndex"}},
		{name: "change index", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Indexes[0].Method = "hash"
		}, want: []string{"DropIndex", "AddIndex"}},
		{name: "rename index", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Indexes[0].Name = "users_by_phone"
		}, want: []string{"RenameIndex"}},
		{name: "change foreign key action", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, orders).ForeignKeys[0].OnDelete = schema.Restrict
		}, want: []string{"DropForeignKey", "AddForeignKey"}},
		{name: "add foreign key", edit: func(t *testing.T, s *schema.Schema) {
			o := table(t, s, users)
			o.ForeignKeys = append(o.ForeignKeys, &schema.ForeignKey{Name: "users_age_fkey", Columns: []string{"age"}, RefTable: orders, RefColumns: []string{"id"}})
		}, want: []string{"AddForeignKey"}},
		{name: "change check", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Checks[0].Expr = "age >= 18"
		}, want: []string{"DropCheck", "AddCheck"}},
		{name: "rename check", edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Checks[0].Name = "adult"
		}, want: []string{"RenameConstraint"}},
		{name: "replace view", edit: func(t *testing.T, s *schema.Schema) {
			s.Objects[0].Definition = "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 1000"
		}, want: []string{"ReplaceObject"}},
		{name: "add and drop objects", edit: func(t *testing.T, s *schema.Schema) {
			s.Objects = []*schema.Object{s.Objects[0], {Kind: schema.ObjectTrigger, Name: pub("orders_touch"), Table: &orders, Definition: "CREATE TRIGGER ..."}}
		}, want: []string{"DropObject", "AddObject"}},
		{name: "unnamed checks match by definition", before: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Checks = []*schema.Check{{Expr: "age >= 0"}, {Expr: "email <> ''"}}
		}, edit: func(t *testing.T, s *schema.Schema) {
			table(t, s, users).Checks = []*schema.Check{{Expr: "email <> ''"}, {Expr: "age >= 1"}}
		}, want: []string{"DropCheck", "AddCheck"}},
		{name: "everything at once", edit: func(t *testing.T, s *schema.Schema) {
			s.Namespaces = append(s.Namespaces, &schema.Namespace{Name: "audit"})
			s.Enums[0].Values = []string{"draft", "sent", "paid", "void"}
			renameTable(t, s, users, "members", true)
			m := table(t, s, pub("members"))
			m.Columns = append(m.Columns, text("name"))
			m.Column("age").NotNull = true
			o := table(t, s, orders)
			o.Indexes = nil
			o.Checks[0].Name = "orders_total_nonnegative"
			s.Sequences = nil
			s.Objects[0].Definition += " ORDER BY total"
			table(t, s, invoices).PrimaryKey = &schema.PrimaryKey{Name: "invoices_pkey", Columns: []string{"no"}}
		}},
	}
}

// renameEnum renames the enum status of s and the type of its column.
func renameEnum(t *testing.T, s *schema.Schema, name string) {
	t.Helper()
	s.Enums[0].Name = pub(name)
	c := table(t, s, pub("orders")).Column("status")
	c.Type = schema.Type{Norm: name, Ref: &s.Enums[0].Name}
}

// renameTable renames a table of s with a RenamedFrom hint, updating the
// foreign keys that reference it; with names, its primary key, indexes,
// constraints and serial sequences are named after the new name too.
func renameTable(t *testing.T, s *schema.Schema, from schema.QName, to string, names bool) {
	t.Helper()
	tbl := table(t, s, from)
	tbl.Name = schema.QName{Schema: from.Schema, Name: to}
	tbl.RenamedFrom = from.Name
	for _, x := range s.Tables {
		for _, f := range x.ForeignKeys {
			if f.RefTable == from {
				f.RefTable = tbl.Name
			}
		}
	}
	if !names {
		return
	}
	swap := func(n string) string {
		if len(n) > len(from.Name) && n[:len(from.Name)] == from.Name {
			return to + n[len(from.Name):]
		}
		return n
	}
	if tbl.PrimaryKey != nil {
		tbl.PrimaryKey.Name = swap(tbl.PrimaryKey.Name)
	}
	for _, u := range tbl.Uniques {
		u.Name = swap(u.Name)
	}
	for _, x := range tbl.Indexes {
		x.Name = swap(x.Name)
	}
	for _, c := range tbl.Checks {
		c.Name = swap(c.Name)
	}
	for i, c := range tbl.Columns {
		if c.Default != nil && c.Default.Sequence != nil {
			tbl.Columns[i] = serial(c.Name, swap(c.Default.Sequence.Name))
		}
	}
}

// TestDiffApply is the differ's central property, over cases covering
// every change category: applying Diff(from, to) to from gives to, Diff is
// deterministic, and Diff(to, to) is empty.
func TestDiffApply(t *testing.T) {
	for _, tc := range diffCases() {
		t.Run(tc.name, func(t *testing.T) {
			from, to := base(), base()
			if tc.before != nil {
				tc.before(t, from)
				tc.before(t, to)
			}
			tc.edit(t, to)
			res := checkApply(t, from, to, tc.opts)
			if tc.want != nil && !slices.Equal(kinds(res.Changes), tc.want) {
				t.Errorf("changes = %v, want %v\n%s", kinds(res.Changes), tc.want, render(t, res.Changes))
			}
			if same, err := Diff(to, to, Options{}); err != nil || len(same.Changes) != 0 {
				t.Errorf("Diff(to, to) = %v, %v; want nothing", kinds(same.Changes), err)
			}
		})
	}
}

func TestDiffCaseCount(t *testing.T) {
	if n := len(diffCases()); n < 40 {
		t.Errorf("only %d property cases; keep at least 40", n)
	}
}

// TestDiffEnumDetails checks what enum changes carry: ADD VALUE positions
// that reach the target order, and the columns a recreation converts.
func TestDiffEnumDetails(t *testing.T) {
	from, to := base(), base()
	to.Enums[0].Values = []string{"new", "draft", "sent", "paid", "void"}
	res := checkApply(t, from, to, Options{})
	var got []string
	for _, c := range res.Changes {
		v := c.(*schema.AddEnumValue)
		got = append(got, v.Value+" before "+v.Before+" after "+v.After)
	}
	want := []string{"new before draft after ", "sent before  after draft"}
	if !slices.Equal(got, want) {
		t.Errorf("AddEnumValue = %q, want %q", got, want)
	}

	to = base()
	to.Enums[0].Values = []string{"draft", "paid"}
	res = checkApply(t, from, to, Options{})
	drop := res.Changes[0].(*schema.DropEnumValue)
	if !slices.Equal(drop.Values, []string{"void"}) ||
		!slices.Equal(drop.Columns, []schema.ColumnRef{{Table: pub("orders"), Column: "status"}}) {
		t.Errorf("DropEnumValue values %v, columns %v", drop.Values, drop.Columns)
	}
}
