package diff

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestLikelyRenames(t *testing.T) {
	cases := []struct {
		name string
		edit func(t *testing.T, s *schema.Schema)
		want []string // flags
	}{
		{"column with the same shape", func(t *testing.T, s *schema.Schema) {
			u := table(t, s, pub("users"))
			u.Column("phone").Name = "phone_number"
			u.Indexes[0].Parts[0].Column = "phone_number"
		}, []string{"users.phone=users.phone_number"}},
		{"column of another type is no rename", func(t *testing.T, s *schema.Schema) {
			u := table(t, s, pub("users"))
			u.Column("phone").Name = "phone_number"
			u.Column("phone_number").Type.Norm = "character varying(20)"
			u.Indexes = nil
		}, nil},
		{"table with the same columns", func(t *testing.T, s *schema.Schema) {
			inv := table(t, s, schema.QName{Schema: "billing", Name: "invoices"})
			inv.Name.Name = "bills"
		}, []string{"table:billing.invoices=billing.bills"}},
		{"enum with the same values", func(t *testing.T, s *schema.Schema) {
			renameEnum(t, s, "state")
		}, []string{"enum:status=state"}},
		{"two columns pair in order", func(t *testing.T, s *schema.Schema) {
			u := table(t, s, pub("users"))
			u.Column("email").Name = "mail"
			u.Column("phone").Name = "tel"
			u.Uniques[0].Columns = []string{"mail"}
			u.Indexes[0].Parts[0].Column = "tel"
		}, []string{"users.email=users.mail", "users.phone=users.tel"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			from, to := base(), base()
			tc.edit(t, to)
			res := checkApply(t, from, to, Options{})
			var flags []string
			for _, l := range res.LikelyRenames {
				flags = append(flags, l.Flag)
				if r, err := ParseRename(l.Flag, "public"); err != nil || r.From != l.From || r.To != l.To || r.Kind != l.Kind {
					t.Errorf("flag %q reads back as %+v, %v", l.Flag, r, err)
				}
			}
			if !slices.Equal(flags, tc.want) {
				t.Errorf("likely renames = %q, want %q", flags, tc.want)
			}
			for _, c := range res.Changes {
				if strings.HasPrefix(c.Kind(), "Rename") {
					t.Errorf("a likely rename became a %s", c.Kind())
				}
			}
		})
	}
}

// TestLikelyRenameConfirmed proves that passing the suggested flag turns
// the drop and add into a rename.
func TestLikelyRenameConfirmed(t *testing.T) {
	from, to := base(), base()
	u := table(t, to, pub("users"))
	u.Column("phone").Name = "phone_number"
	u.Indexes[0].Parts[0].Column = "phone_number"
	res := checkApply(t, from, to, Options{})
	if len(res.LikelyRenames) != 1 {
		t.Fatalf("likely renames = %+v", res.LikelyRenames)
	}
	r, err := ParseRename(res.LikelyRenames[0].Flag, "public")
	if err != nil {
		t.Fatal(err)
	}
	res = checkApply(t, from, to, Options{Renames: []Rename{r}})
	if got := kinds(res.Changes); !slices.Equal(got, []string{"RenameColumn"}) {
		t.Errorf("changes = %v, want [RenameColumn]", got)
	}
	if len(res.LikelyRenames) != 0 {
		t.Errorf("still suggested: %+v", res.LikelyRenames)
	}
}

func TestDiffRenameErrors(t *testing.T) {
	cases := []struct {
		name   string
		rename string
		want   string
	}{
		{"missing table", "nope=members", "no table public.nope in the source schema"},
		{"target missing", "users=members", "no table public.members in the target schema"},
		{"missing column", "users.nope=users.x", "no column nope in table public.users"},
		{"column still there", "users.phone=users.email", "column email already exists"},
		{"missing enum", "enum:nope=x", "no enum public.nope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseRename(tc.rename, "public")
			if err != nil {
				t.Fatal(err)
			}
			_, err = Diff(base(), base(), Options{Renames: []Rename{r}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Diff error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestDiffHintsThatDoNotFit proves a stale hint (the rename already made)
// or a contradictory one (the old name is still wanted) is ignored.
func TestDiffHintsThatDoNotFit(t *testing.T) {
	t.Run("already renamed", func(t *testing.T) {
		s := base()
		table(t, s, pub("users")).RenamedFrom = "people"
		table(t, s, pub("users")).Column("email").RenamedFrom = "mail"
		res := checkApply(t, s, s.Clone(), Options{})
		if len(res.Changes) != 0 {
			t.Errorf("changes = %v", kinds(res.Changes))
		}
	})
	t.Run("old name still wanted", func(t *testing.T) {
		from, to := base(), base()
		u := table(t, to, pub("users"))
		u.Columns = append(u.Columns, &schema.Column{Name: "phone2", Type: schema.Type{Norm: "text"}, RenamedFrom: "phone"})
		res := checkApply(t, from, to, Options{})
		if got := kinds(res.Changes); !slices.Equal(got, []string{"AddColumn"}) {
			t.Errorf("changes = %v, want [AddColumn]", got)
		}
	})
}

func TestDiffUnsupported(t *testing.T) {
	from, to := base(), base()
	to.Enums[0].Comment = "order status"
	to.Tables[0].Comment = "members"
	res, err := Diff(from, to, Options{})
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("error = %v, want ErrUnsupported", err)
	}
	for _, want := range []string{"enum public.status: comment changes"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if res == nil || !slices.Equal(kinds(res.Changes), []string{"SetTableComment"}) {
		t.Errorf("the supported changes are lost: %v", res)
	}
}

func TestDiffTableOptions(t *testing.T) {
	from, to := base(), base()
	table(t, from, pub("users")).Options = map[string]string{"ENGINE": "MyISAM"}
	table(t, to, pub("users")).Options = map[string]string{"ENGINE": "InnoDB", "CHARSET": "utf8mb4"}
	res := checkApply(t, from, to, Options{})
	if !slices.Equal(kinds(res.Changes), []string{"SetTableOptions"}) {
		t.Fatalf("changes = %v, want [SetTableOptions]", kinds(res.Changes))
	}
	c := res.Changes[0].(*schema.SetTableOptions)
	if c.From["ENGINE"] != "MyISAM" || c.To["CHARSET"] != "utf8mb4" {
		t.Errorf("change = %+v", c)
	}
}

func TestDiffDuplicateNames(t *testing.T) {
	s := base()
	s.Tables = append(s.Tables, s.Tables[0].Clone())
	if _, err := Diff(s, base(), Options{}); err == nil || !strings.Contains(err.Error(), "lists table public.users twice") {
		t.Fatalf("error = %v", err)
	}
}

// TestDiffNewTableParts checks the shape of an added table: AddTable
// without indexes and foreign keys, which follow marked NewTable.
func TestDiffNewTableParts(t *testing.T) {
	from, to := base(), base()
	from.Tables = slices.DeleteFunc(from.Tables, func(x *schema.Table) bool { return x.Name == pub("orders") })
	table(t, from, schema.QName{Schema: "billing", Name: "invoices"}).ForeignKeys = nil
	res := checkApply(t, from, to, Options{})
	for _, c := range res.Changes {
		switch c := c.(type) {
		case *schema.AddTable:
			if len(c.Table.Indexes)+len(c.Table.ForeignKeys) != 0 || c.Table.PrimaryKey == nil || len(c.Table.Checks) != 1 {
				t.Errorf("AddTable carries indexes %d, foreign keys %d, primary key %v, checks %d",
					len(c.Table.Indexes), len(c.Table.ForeignKeys), c.Table.PrimaryKey, len(c.Table.Checks))
			}
		case *schema.AddIndex:
			if !c.NewTable {
				t.Errorf("AddIndex %s not marked NewTable", c.Index.Name)
			}
		case *schema.AddForeignKey:
			if c.NewTable != (c.Table == pub("orders")) {
				t.Errorf("AddForeignKey %s on %s: NewTable = %t", c.ForeignKey.Name, c.Table, c.NewTable)
			}
		}
	}
	if len(to.Tables[1].Indexes) == 0 {
		t.Error("Diff stripped the target's own table")
	}
}
