package schema

import (
	"slices"
	"testing"
)

func TestDifferences(t *testing.T) {
	cases := []struct {
		name   string
		change func(s *Schema)
		want   []string
	}{
		{"same", func(s *Schema) {}, nil},
		{"positions, raw types and hints are ignored", func(s *Schema) {
			u := s.Tables[0]
			u.Pos = Pos{File: "a.sql", Line: 3}
			u.Columns[1].Type.Raw = "TEXT"
			u.Columns[1].RenamedFrom = "mail"
			u.RenamedFrom = "people"
			u.Columns[0].Default.Pos = Pos{Line: 9}
			s.Enums[0].RenamedFrom = "kind"
		}, nil},
		{"column order is ignored", func(s *Schema) {
			u := s.Tables[0]
			u.Columns[0], u.Columns[1] = u.Columns[1], u.Columns[0]
		}, nil},
		{"table order is ignored", func(s *Schema) {
			s.Tables[0], s.Tables[1] = s.Tables[1], s.Tables[0]
		}, nil},
		{"NO ACTION is the empty action", func(s *Schema) {
			s.Tables[1].ForeignKeys[0].OnDelete = "no action"
		}, nil},
		{"btree is the default method", func(s *Schema) {
			s.Tables[0].Indexes[0].Method = "btree"
		}, nil},
		{"column type", func(s *Schema) {
			s.Tables[0].Columns[1].Type.Norm = "character varying(20)"
		}, []string{"table public.users: column email: type text != character varying(20)"}},
		{"column null and default", func(s *Schema) {
			c := s.Tables[0].Columns[1]
			c.NotNull = false
			c.Default = &Default{Kind: DefaultLiteral, Expr: "''"}
		}, []string{
			"table public.users: column email: not null true != false",
			"table public.users: column email: default none != literal ''",
		}},
		{"column only on one side", func(s *Schema) {
			u := s.Tables[0]
			u.Columns = append(u.Columns, &Column{Name: "age", Type: Type{Norm: "integer"}})
		}, []string{"table public.users: column age: only in b"}},
		{"enum value order matters", func(s *Schema) {
			s.Enums[0].Values = []string{"member", "admin"}
		}, []string{"enum public.role: values admin,member != member,admin"}},
		{"table only in a", func(s *Schema) {
			s.Tables = s.Tables[:1]
		}, []string{"table public.invoices: only in a"}},
		{"primary key columns", func(s *Schema) {
			s.Tables[0].PrimaryKey.Columns = []string{"id", "email"}
		}, []string{"table public.users: primary key columns (id) != (id, email)"}},
		{"index definition", func(s *Schema) {
			s.Tables[0].Indexes[0].Unique = true
		}, []string{"table public.users: index users_lower_email_idx: definition ((lower(email))) WHERE email IS NOT NULL != UNIQUE ((lower(email))) WHERE email IS NOT NULL"}},
		{"foreign key action", func(s *Schema) {
			s.Tables[1].ForeignKeys[0].OnDelete = Cascade
		}, []string{"table public.invoices: foreign key invoices_user_id_fkey: definition (user_id) REFERENCES public.users (id) != (user_id) REFERENCES public.users (id) ON DELETE CASCADE"}},
		{"check renamed", func(s *Schema) {
			s.Tables[0].Checks[0].Name = "email_not_empty"
		}, []string{
			"table public.users: check email_not_empty: only in b",
			"table public.users: check users_email_check: only in a",
		}},
		{"sequence option", func(s *Schema) {
			s.Sequences[0].Cycle = true
		}, []string{"sequence public.invoice_no: options type= start=1 increment=1 min=1 max=1099511627776 cache=1 cycle=false owned_by=invoices.no != type= start=1 increment=1 min=1 max=1099511627776 cache=1 cycle=true owned_by=invoices.no"}},
		{"object definition", func(s *Schema) {
			s.Objects[0].Definition = "CREATE VIEW admins AS SELECT 1"
		}, []string{`view public.admins: definition "CREATE VIEW admins AS SELECT id FROM users" != "CREATE VIEW admins AS SELECT 1"`}},
		{"table options", func(s *Schema) {
			s.Tables[0].Options = map[string]string{"ENGINE": "InnoDB"}
		}, []string{"table public.users: options none != ENGINE=InnoDB"}},
		{"duplicate table", func(s *Schema) {
			s.Tables = append(s.Tables, s.Tables[0].Clone())
		}, []string{"table public.users: listed twice in b"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := sample()
			tc.change(b)
			got := Differences(sample(), b)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Differences:\n got %q\nwant %q", got, tc.want)
			}
			if Equal(sample(), b) != (len(tc.want) == 0) {
				t.Errorf("Equal = %t, want %t", !(len(tc.want) == 0), len(tc.want) == 0)
			}
		})
	}
}

func TestDifferencesUnnamedConstraints(t *testing.T) {
	a := &Schema{Tables: []*Table{{Name: QName{Name: "t"}, Checks: []*Check{{Expr: "a > 0"}, {Expr: "b > 0"}}}}}
	b := a.Clone()
	slices.Reverse(b.Tables[0].Checks)
	if d := Differences(a, b); len(d) != 0 {
		t.Errorf("unnamed checks in another order differ: %q", d)
	}
	b.Tables[0].Checks[0].Expr = "b > 1"
	want := []string{"table t: check unnamed (b > 0): only in a", "table t: check unnamed (b > 1): only in b"}
	if d := Differences(a, b); !slices.Equal(d, want) {
		t.Errorf("Differences = %q, want %q", d, want)
	}
}

func TestRewriteHelpers(t *testing.T) {
	role, userRole := QName{Schema: "public", Name: "role"}, QName{Schema: "public", Name: "UserRole"}
	seq, seq2 := QName{Schema: "public", Name: "t_id_seq"}, QName{Schema: "public", Name: "m_id_seq"}
	cases := []struct {
		name, got, want string
	}{
		{"column in expression", renameColumnInExpr("price > 0 AND price < max_price", "price", "amount"), "amount > 0 AND amount < max_price"},
		{"column not in literal or call", renameColumnInExpr("lower(lower) <> 'lower'", "lower", "x"), "lower(x) <> 'lower'"},
		{"column needing quotes", renameColumnInExpr(`"a" = 1`, "a", "B"), `"B" = 1`},
		{"qualified name kept", renameColumnInExpr("t.a = a", "a", "b"), "t.a = b"},
		{"enum type", mustRename(renameTypeNorm("role", role, userRole)), `"UserRole"`},
		{"enum array type", mustRename(renameTypeNorm("role[]", role, userRole)), `"UserRole"[]`},
		{"qualified enum type", mustRename(renameTypeNorm("public.role", role, userRole)), `public."UserRole"`},
		{"other type", func() string {
			_, ok := renameTypeNorm("text", role, userRole)
			return map[bool]string{true: "renamed", false: "kept"}[ok]
		}(), "kept"},
		{"sequence quoted", mustRename(renameSequenceExpr(`nextval('"t_id_seq"'::regclass)`, seq, seq2)), `nextval('"m_id_seq"'::regclass)`},
		{"sequence bare", mustRename(renameSequenceExpr(`nextval('t_id_seq'::regclass)`, seq, seq2)), `nextval('m_id_seq'::regclass)`},
		{"sequence qualified", mustRename(renameSequenceExpr(`nextval('public.t_id_seq'::regclass)`, seq, seq2)), `nextval('public.m_id_seq'::regclass)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func mustRename(s string, ok bool) string {
	if !ok {
		return "<no match>"
	}
	return s
}

// TestDifferencesKeyOrder: differences come in key order whatever the
// lists' order, and a name listed twice on both sides is reported.
func TestDifferencesKeyOrder(t *testing.T) {
	table := func(notNull bool, names ...string) *Schema {
		tb := &Table{Name: QName{Schema: "public", Name: "t"}}
		for _, n := range names {
			tb.Columns = append(tb.Columns, &Column{Name: n, Type: Type{Norm: "integer"}, NotNull: notNull})
		}
		return &Schema{Tables: []*Table{tb}}
	}
	got := Differences(table(false, "z", "b", "m"), table(true, "z", "b", "m"))
	want := []string{
		"table public.t: column b: not null false != true",
		"table public.t: column m: not null false != true",
		"table public.t: column z: not null false != true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Differences:\n got %q\nwant %q", got, want)
	}
	got = Differences(table(false, "x", "y", "x"), table(false, "x", "y", "x"))
	want = []string{"table public.t: column x: listed twice in a", "table public.t: column x: listed twice in b"}
	if !slices.Equal(got, want) {
		t.Errorf("Differences:\n got %q\nwant %q", got, want)
	}
}
