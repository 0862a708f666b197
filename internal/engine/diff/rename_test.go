package diff

import (
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestParseRename(t *testing.T) {
	pub := func(name string) schema.QName { return schema.QName{Schema: "public", Name: name} }
	cases := []struct {
		name, flag string
		want       Rename
	}{
		{"table", "users=members", Rename{Kind: RenameTable, Table: pub("members"), From: "users", To: "members"}},
		{"qualified table", "public.users=public.members", Rename{Kind: RenameTable, Table: pub("members"), From: "users", To: "members"}},
		{"column", "users.phone=users.phone_number", Rename{Kind: RenameColumn, Table: pub("users"), From: "phone", To: "phone_number"}},
		{"qualified column", "billing.invoices.total=billing.invoices.amount",
			Rename{Kind: RenameColumn, Table: schema.QName{Schema: "billing", Name: "invoices"}, From: "total", To: "amount"}},
		{"table in another namespace", "table:billing.invoices=billing.bills",
			Rename{Kind: RenameTable, Table: schema.QName{Schema: "billing", Name: "bills"}, From: "invoices", To: "bills"}},
		{"column of a table named like the namespace", "column:public.a=public.b",
			Rename{Kind: RenameColumn, Table: pub("public"), From: "a", To: "b"}},
		{"enum", "enum:status=state", Rename{Kind: RenameEnum, Table: pub("state"), From: "status", To: "state"}},
		{"quoted table with dots", `"my.table".a="my.table".b`, Rename{Kind: RenameColumn, Table: pub("my.table"), From: "a", To: "b"}},
		{"quoted name with quote and equals", `"a""=b"=c`, Rename{Kind: RenameTable, Table: pub("c"), From: `a"=b`, To: "c"}},
		{"case kept", "User=Member", Rename{Kind: RenameTable, Table: pub("Member"), From: "User", To: "Member"}},
		{"spaces trimmed", " users = members ", Rename{Kind: RenameTable, Table: pub("members"), From: "users", To: "members"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseRename(tc.flag, "public")
			if err != nil {
				t.Fatalf("ParseRename(%q): %v", tc.flag, err)
			}
			if got != tc.want {
				t.Errorf("ParseRename(%q) = %+v, want %+v", tc.flag, got, tc.want)
			}
		})
	}
}

func TestParseRenameErrors(t *testing.T) {
	cases := []struct{ name, flag, want string }{
		{"no equals", "users", "exactly one '='"},
		{"two equals", "a=b=c", "exactly one '='"},
		{"empty side", "users=", "empty name part"},
		{"parts differ", "users.a=b", "same number of parts"},
		{"column changes table", "users.a=people.b", "a column rename keeps its table"},
		{"table changes namespace", "table:a.t=b.t", "moving a table is not a rename"},
		{"same name", "users=users", "old and new names are the same"},
		{"unterminated quote", `"users=members`, "unterminated double quote"},
		{"too many parts", "a.b.c.d=a.b.c.e", "namespace.table.column"},
		{"empty part", "users..a=users..b", "empty name part"},
		{"stray quote", `us"e"rs=members`, "quote inside unquoted name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRename(tc.flag, "public")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseRename(%q) error = %v, want one containing %q", tc.flag, err, tc.want)
			}
		})
	}
}

// TestFormatRenameRoundTrip proves that every flag FormatRename writes
// reads back as the same rename.
func TestFormatRenameRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		r    Rename
		want string
	}{
		{"table", Rename{Kind: RenameTable, Table: schema.QName{Schema: "public", Name: "members"}, From: "users", To: "members"}, "users=members"},
		{"table elsewhere", Rename{Kind: RenameTable, Table: schema.QName{Schema: "billing", Name: "bills"}, From: "invoices", To: "bills"}, "table:billing.invoices=billing.bills"},
		{"column", Rename{Kind: RenameColumn, Table: schema.QName{Schema: "public", Name: "users"}, From: "phone", To: "phone_number"}, "users.phone=users.phone_number"},
		{"column elsewhere", Rename{Kind: RenameColumn, Table: schema.QName{Schema: "billing", Name: "invoices"}, From: "total", To: "amount"}, "billing.invoices.total=billing.invoices.amount"},
		{"column of table public", Rename{Kind: RenameColumn, Table: schema.QName{Schema: "public", Name: "public"}, From: "a", To: "b"}, "column:public.a=public.b"},
		{"enum", Rename{Kind: RenameEnum, Table: schema.QName{Schema: "public", Name: "state"}, From: "status", To: "state"}, "enum:status=state"},
		{"enum elsewhere", Rename{Kind: RenameEnum, Table: schema.QName{Schema: "b", Name: "state"}, From: "status", To: "state"}, "enum:b.status=b.state"},
		{"quoting", Rename{Kind: RenameColumn, Table: schema.QName{Schema: "public", Name: "my.table"}, From: `a"b`, To: "c=d"}, `"my.table"."a""b"="my.table"."c=d"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			flag := FormatRename(tc.r, "public")
			if flag != tc.want {
				t.Errorf("FormatRename = %q, want %q", flag, tc.want)
			}
			back, err := ParseRename(flag, "public")
			if err != nil {
				t.Fatalf("ParseRename(%q): %v", flag, err)
			}
			if back != tc.r {
				t.Errorf("ParseRename(%q) = %+v, want %+v", flag, back, tc.r)
			}
		})
	}
}
