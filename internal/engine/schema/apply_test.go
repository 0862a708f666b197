package schema

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// sample is a small schema with one object of every kind.
func sample() *Schema {
	role := QName{Schema: "public", Name: "role"}
	users := QName{Schema: "public", Name: "users"}
	return &Schema{
		Dialect:    "postgres",
		Namespaces: []*Namespace{{Name: "billing"}},
		Extensions: []*Extension{{Name: "pgcrypto", Schema: "public"}},
		Enums:      []*Enum{{Name: role, Values: []string{"admin", "member"}}},
		Sequences: []*Sequence{{Name: QName{Schema: "public", Name: "invoice_no"}, Start: 1, Increment: 1,
			Min: 1, Max: 1 << 40, Cache: 1, OwnedBy: "invoices.no"}},
		Tables: []*Table{
			{
				Name: users,
				Columns: []*Column{
					{Name: "id", Type: Type{Norm: "integer"}, NotNull: true, Default: &Default{
						Kind: DefaultSequence, Expr: `nextval('users_id_seq'::regclass)`,
						Sequence: &QName{Schema: "public", Name: "users_id_seq"}}},
					{Name: "email", Type: Type{Norm: "text"}, NotNull: true},
					{Name: "role", Type: Type{Norm: "role", Ref: &role}, NotNull: true,
						Default: &Default{Kind: DefaultLiteral, Expr: "'member'"}},
					{Name: "lower_email", Type: Type{Norm: "text"}, Generated: &Generated{Expr: "lower(email)", Stored: true}},
				},
				PrimaryKey: &PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
				Uniques:    []*Unique{{Name: "users_email_key", Columns: []string{"email"}}},
				Indexes: []*Index{{Name: "users_lower_email_idx", Parts: []IndexPart{{Expr: "lower(email)"}},
					Where: "email IS NOT NULL"}},
				Checks: []*Check{{Name: "users_email_check", Expr: "email <> ''::text"}},
			},
			{
				Name: QName{Schema: "public", Name: "invoices"},
				Columns: []*Column{
					{Name: "no", Type: Type{Norm: "bigint"}, NotNull: true},
					{Name: "user_id", Type: Type{Norm: "integer"}},
				},
				ForeignKeys: []*ForeignKey{{Name: "invoices_user_id_fkey", Columns: []string{"user_id"}, RefTable: users, RefColumns: []string{"id"}}},
			},
		},
		Objects: []*Object{
			{Kind: ObjectView, Name: QName{Schema: "public", Name: "admins"},
				Definition: "CREATE VIEW admins AS SELECT id FROM users", DependsOn: []QName{users}},
			{Kind: ObjectTrigger, Name: QName{Schema: "public", Name: "users_audit"}, Table: &users,
				Definition: "CREATE TRIGGER users_audit ..."},
		},
	}
}

var (
	pubUsers    = QName{Schema: "public", Name: "users"}
	pubInvoices = QName{Schema: "public", Name: "invoices"}
	pubRole     = QName{Schema: "public", Name: "role"}
)

// exampleChanges has one change of every kind that applies to sample().
func exampleChanges() map[string]Change {
	s := sample()
	users := s.Tables[0]
	role := s.Enums[0]
	newRole := role.Clone()
	newRole.Values = []string{"member"}
	reordered := role.Clone()
	reordered.Values = []string{"member", "admin"}
	seq := *s.Sequences[0]
	seq.Cache = 10
	view := s.Objects[0].Clone()
	view.Definition = "CREATE VIEW admins AS SELECT id, email FROM users"
	email := *users.Columns[1]
	email.NotNull = false
	list := []Change{
		&AddNamespace{Namespace: &Namespace{Name: "audit"}},
		&DropNamespace{Namespace: &Namespace{Name: "billing"}},
		&AddExtension{Extension: &Extension{Name: "citext"}},
		&DropExtension{Extension: &Extension{Name: "pgcrypto"}},
		&AddEnum{Enum: &Enum{Name: QName{Schema: "public", Name: "mood"}, Values: []string{"ok"}}},
		&DropEnum{Enum: role},
		&RenameEnum{From: pubRole, To: QName{Schema: "public", Name: "user_role"}},
		&AddEnumValue{Enum: pubRole, Value: "owner", Before: "admin"},
		&DropEnumValue{From: role, To: newRole, Values: []string{"admin"}},
		&ReorderEnum{From: role, To: reordered},
		&AddSequence{Sequence: &Sequence{Name: QName{Schema: "public", Name: "tickets"}}},
		&DropSequence{Sequence: s.Sequences[0]},
		&AlterSequence{From: s.Sequences[0], To: &seq},
		&RenameSequence{From: QName{Schema: "public", Name: "users_id_seq"}, To: QName{Schema: "public", Name: "members_id_seq"}},
		&AddTable{Table: &Table{Name: QName{Schema: "public", Name: "tags"}, Columns: []*Column{{Name: "id", Type: Type{Norm: "integer"}}}}},
		&DropTable{Table: s.Tables[1]},
		&RenameTable{From: pubUsers, To: QName{Schema: "public", Name: "members"}},
		&SetTableComment{Table: pubUsers, To: "people"},
		&SetTableOptions{Table: pubUsers, To: map[string]string{"ENGINE": "MyISAM"}},
		&AddColumn{Table: pubUsers, Column: &Column{Name: "name", Type: Type{Norm: "text"}}},
		&DropColumn{Table: pubUsers, Column: users.Columns[1]},
		&RenameColumn{Table: pubUsers, From: "email", To: "mail"},
		&AlterColumn{Table: pubUsers, From: users.Columns[1], To: &email, What: ChangeNull},
		&AddPrimaryKey{Table: pubInvoices, PrimaryKey: &PrimaryKey{Name: "x_pkey", Columns: []string{"no"}}},
		&DropPrimaryKey{Table: pubUsers, PrimaryKey: users.PrimaryKey},
		&AddUnique{Table: pubInvoices, Unique: &Unique{Name: "invoices_user_id_key", Columns: []string{"user_id"}}},
		&DropUnique{Table: pubUsers, Unique: users.Uniques[0]},
		&AddIndex{Table: pubInvoices, Index: &Index{Name: "invoices_user_id_idx", Parts: []IndexPart{{Column: "user_id"}}}},
		&DropIndex{Table: pubUsers, Index: users.Indexes[0]},
		&RenameIndex{Table: pubUsers, From: "users_lower_email_idx", To: "members_lower_email_idx"},
		&AddForeignKey{Table: pubUsers, ForeignKey: &ForeignKey{Name: "users_id_fkey", Columns: []string{"id"}, RefTable: pubInvoices, RefColumns: []string{"no"}}},
		&DropForeignKey{Table: pubInvoices, ForeignKey: s.Tables[1].ForeignKeys[0]},
		&AddCheck{Table: pubInvoices, Check: &Check{Name: "no_positive", Expr: "no > 0"}},
		&DropCheck{Table: pubUsers, Check: users.Checks[0]},
		&RenameConstraint{Table: pubUsers, From: "users_pkey", To: "members_pkey"},
		&AddObject{Object: &Object{Kind: ObjectFunction, Name: QName{Schema: "public", Name: "f"}, Signature: "()"}},
		&DropObject{Object: s.Objects[0]},
		&ReplaceObject{From: s.Objects[0], To: view},
	}
	m := make(map[string]Change, len(list))
	for _, c := range list {
		m[c.Kind()] = c
	}
	return m
}

// TestApplyHandlesEveryKind proves Apply knows every change type: each kind
// in AllChangeKinds has an example that applies and changes the schema, and
// even a zero value is never an unknown kind.
func TestApplyHandlesEveryKind(t *testing.T) {
	examples := exampleChanges()
	for _, zero := range AllChangeKinds() {
		t.Run(zero.Kind(), func(t *testing.T) {
			if err := Apply(sample(), zero); errors.Is(err, ErrUnknownChange) {
				t.Fatalf("Apply does not handle %s: %v", zero.Kind(), err)
			}
			c, ok := examples[zero.Kind()]
			if !ok {
				t.Fatalf("no example change of kind %s in exampleChanges", zero.Kind())
			}
			s := sample()
			if err := Apply(s, c); err != nil {
				t.Fatalf("Apply(%s): %v", c.Kind(), err)
			}
			if Equal(s, sample()) {
				t.Errorf("Apply(%s) left the schema unchanged", c.Kind())
			}
		})
	}
}

func TestApplyErrors(t *testing.T) {
	s := sample()
	cases := []struct {
		name   string
		change Change
		want   string
	}{
		{"drop missing table", &DropTable{Table: &Table{Name: QName{Schema: "public", Name: "nope"}}}, "table public.nope does not exist"},
		{"add existing table", &AddTable{Table: &Table{Name: pubUsers}}, "table public.users already exists"},
		{"rename onto existing table", &RenameTable{From: pubUsers, To: pubInvoices}, "table public.invoices already exists"},
		{"add existing column", &AddColumn{Table: pubUsers, Column: &Column{Name: "email"}}, "column email already exists"},
		{"drop missing column", &DropColumn{Table: pubUsers, Column: &Column{Name: "nope"}}, "column nope does not exist"},
		{"alter renames", &AlterColumn{Table: pubUsers, From: &Column{Name: "email"}, To: &Column{Name: "mail"}}, "use RenameColumn"},
		{"add second primary key", &AddPrimaryKey{Table: pubUsers, PrimaryKey: &PrimaryKey{Name: "p", Columns: []string{"email"}}}, "already has primary key users_pkey"},
		{"drop other primary key", &DropPrimaryKey{Table: pubUsers, PrimaryKey: &PrimaryKey{Name: "other"}}, "primary key is users_pkey, not other"},
		{"add index with used name", &AddIndex{Table: pubUsers, Index: &Index{Name: "users_email_key"}}, "index users_email_key already exists"},
		{"drop missing index", &DropIndex{Table: pubUsers, Index: &Index{Name: "nope"}}, "index nope does not exist"},
		{"rename missing constraint", &RenameConstraint{Table: pubUsers, From: "nope", To: "x"}, "constraint nope does not exist"},
		{"add existing check", &AddCheck{Table: pubUsers, Check: &Check{Name: "users_pkey"}}, "constraint users_pkey already exists"},
		{"drop missing foreign key", &DropForeignKey{Table: pubUsers, ForeignKey: &ForeignKey{Name: "nope"}}, "foreign key nope does not exist"},
		{"add existing enum value", &AddEnumValue{Enum: pubRole, Value: "admin"}, `already has value "admin"`},
		{"add enum value after missing", &AddEnumValue{Enum: pubRole, Value: "x", After: "nope"}, `no value "nope"`},
		{"reorder with other values", &ReorderEnum{From: s.Enums[0], To: &Enum{Name: pubRole, Values: []string{"x"}}}, "not a reordering"},
		{"drop missing enum value", &DropEnumValue{From: s.Enums[0], To: &Enum{Name: pubRole}, Values: []string{"x"}}, `no value "x"`},
		{"rename missing enum", &RenameEnum{From: QName{Name: "nope"}, To: QName{Name: "x"}}, "enum nope does not exist"},
		{"rename sequence onto owned one", &RenameSequence{From: QName{Schema: "public", Name: "invoice_no"}, To: QName{Schema: "public", Name: "users_id_seq"}}, "already exists (owned by public.users.id)"},
		{"rename missing sequence", &RenameSequence{From: QName{Name: "nope"}, To: QName{Name: "x"}}, "sequence nope does not exist"},
		{"add existing namespace", &AddNamespace{Namespace: &Namespace{Name: "billing"}}, "namespace billing already exists"},
		{"drop missing extension", &DropExtension{Extension: &Extension{Name: "nope"}}, "extension nope does not exist"},
		{"add existing object", &AddObject{Object: s.Objects[0]}, "view public.admins already exists"},
		{"nil payload", &AddTable{}, "no table"},
		{"nil change", nil, "nil change"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Apply(sample(), tc.change)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Apply error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestApplyRenameTableFollowsReferences(t *testing.T) {
	s := sample()
	members := QName{Schema: "public", Name: "members"}
	if err := Apply(s, &RenameTable{From: pubUsers, To: members}); err != nil {
		t.Fatal(err)
	}
	m := s.Table(members)
	if m == nil || s.Table(pubUsers) != nil {
		t.Fatal("table not renamed")
	}
	if m.PrimaryKey.Name != "users_pkey" || m.Indexes[0].Name != "users_lower_email_idx" {
		t.Errorf("constraint or index renamed with the table: %s, %s", m.PrimaryKey.Name, m.Indexes[0].Name)
	}
	if got := s.Table(pubInvoices).ForeignKeys[0].RefTable; got != members {
		t.Errorf("foreign key references %s, want %s", got, members)
	}
	if got := *s.Objects[1].Table; got != members {
		t.Errorf("trigger on %s, want %s", got, members)
	}
	if got := s.Objects[0].DependsOn[0]; got != members {
		t.Errorf("view depends on %s, want %s", got, members)
	}
	if got := m.Columns[0].Default.Sequence.Name; got != "users_id_seq" {
		t.Errorf("owned sequence renamed with the table: %s", got)
	}
}

func TestApplyRenameColumnFollowsReferences(t *testing.T) {
	s := sample()
	if err := Apply(s, &RenameColumn{Table: pubUsers, From: "id", To: "user_id"},
		&RenameColumn{Table: pubUsers, From: "email", To: "Mail"}); err != nil {
		t.Fatal(err)
	}
	u := s.Table(pubUsers)
	checks := []struct{ name, got, want string }{
		{"primary key", u.PrimaryKey.Columns[0], "user_id"},
		{"unique", u.Uniques[0].Columns[0], "Mail"},
		{"index expression", u.Indexes[0].Parts[0].Expr, `lower("Mail")`},
		{"index predicate", u.Indexes[0].Where, `"Mail" IS NOT NULL`},
		{"check", u.Checks[0].Expr, `"Mail" <> ''::text`},
		{"generated", u.Column("lower_email").Generated.Expr, `lower("Mail")`},
		{"referencing foreign key", s.Table(pubInvoices).ForeignKeys[0].RefColumns[0], "user_id"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestApplyRenameEnumRetypesColumns(t *testing.T) {
	s := sample()
	to := QName{Schema: "public", Name: "User Role"}
	if err := Apply(s, &RenameEnum{From: pubRole, To: to}); err != nil {
		t.Fatal(err)
	}
	c := s.Table(pubUsers).Column("role")
	if *c.Type.Ref != to || c.Type.Norm != `"User Role"` {
		t.Errorf("column type = %q ref %v, want \"User Role\" ref %v", c.Type.Norm, c.Type.Ref, to)
	}
}

func TestApplyRenameSequenceRewritesDefault(t *testing.T) {
	s := sample()
	to := QName{Schema: "public", Name: "members_id_seq"}
	if err := Apply(s, &RenameSequence{From: QName{Schema: "public", Name: "users_id_seq"}, To: to}); err != nil {
		t.Fatal(err)
	}
	d := s.Table(pubUsers).Column("id").Default
	if *d.Sequence != to || d.Expr != `nextval('members_id_seq'::regclass)` {
		t.Errorf("default = %s (%v)", d.Expr, d.Sequence)
	}
}

func TestApplyAddEnumValuePositions(t *testing.T) {
	cases := []struct {
		name   string
		change *AddEnumValue
		want   []string
	}{
		{"append", &AddEnumValue{Enum: pubRole, Value: "x"}, []string{"admin", "member", "x"}},
		{"before first", &AddEnumValue{Enum: pubRole, Value: "x", Before: "admin"}, []string{"x", "admin", "member"}},
		{"after first", &AddEnumValue{Enum: pubRole, Value: "x", After: "admin"}, []string{"admin", "x", "member"}},
		{"after last", &AddEnumValue{Enum: pubRole, Value: "x", After: "member"}, []string{"admin", "member", "x"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := sample()
			if err := Apply(s, tc.change); err != nil {
				t.Fatal(err)
			}
			if got := s.Enum(pubRole).Values; !slices.Equal(got, tc.want) {
				t.Errorf("values = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestApplyDropColumnDropsWhatInvolvesIt(t *testing.T) {
	s := sample()
	if err := Apply(s, &DropColumn{Table: pubUsers, Column: &Column{Name: "email"}}); err != nil {
		t.Fatal(err)
	}
	u := s.Table(pubUsers)
	if len(u.Uniques)+len(u.Indexes)+len(u.Checks) != 0 || u.PrimaryKey == nil {
		t.Errorf("after dropping email: uniques %d, indexes %d, checks %d, primary key %v",
			len(u.Uniques), len(u.Indexes), len(u.Checks), u.PrimaryKey)
	}
}

// TestApplyCopies proves the schema never shares values with the changes.
func TestApplyCopies(t *testing.T) {
	s := sample()
	tbl := &Table{Name: QName{Schema: "public", Name: "tags"}, Columns: []*Column{{Name: "id", Type: Type{Norm: "integer"}}}}
	if err := Apply(s, &AddTable{Table: tbl}); err != nil {
		t.Fatal(err)
	}
	tbl.Columns[0].Name = "changed"
	if s.Table(tbl.Name).Column("id") == nil {
		t.Error("the schema shares the AddTable's columns")
	}
}

func TestApplyStopsAtFirstError(t *testing.T) {
	s := sample()
	err := Apply(s, &SetTableComment{Table: pubUsers, To: "x"}, &DropTable{Table: &Table{Name: QName{Name: "nope"}}})
	if err == nil || !strings.Contains(err.Error(), "apply change 2 (DropTable)") {
		t.Fatalf("error = %v, want it to name change 2", err)
	}
	if s.Table(pubUsers).Comment != "x" {
		t.Error("the change before the error was not applied")
	}
}
