package prisma

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestTestdata reads the realistic schemas under testdata and checks the
// table names and constraint names Prisma's engine produced for them (read
// off its WebAssembly build: `migrate diff` from empty, applied to
// PostgreSQL 15 and compared with the catalog).
func TestTestdata(t *testing.T) {
	tests := []struct {
		path   string
		tables []string
		// names are "table name" pairs expected among the table's primary
		// key, indexes and foreign keys.
		names [][2]string
	}{
		{"blog.prisma",
			[]string{"public.Comment", "public.Post", "public.Profile", "public.Tag", "public._Follows", "public._PostToTag", "public.users"},
			[][2]string{{"public.Post", "Post_authorId_slug_key"}, {"public.Post", "Post_publishedAt_idx"}, {"public.Comment", "Comment_parentId_fkey"}, {"public._Follows", "_Follows_AB_pkey"}}},
		{"shop",
			[]string{"public.Customer", "public.orders", "shop._CategoryToProduct", "shop.categories", "shop.order_lines", "shop.products"},
			[][2]string{{"shop.order_lines", "order_lines_pk"}, {"shop.order_lines", "order_lines_product_fk"}, {"shop.order_lines", "order_lines_order_id_fkey"}, {"public.orders", "orders_customer_id_placed_at_idx"}, {"shop.products", "products_attributes_idx"}}},
		{"longnames.prisma",
			[]string{
				"public.LabelForTheOrganizationMembershipInvitationAuditLog",
				"public.OrganizationMembershipInvitationAuditLogEntryWithAVeryLongName",
				"public.OrganizationMembershipInvitationWithQuiteALongName",
				"public._LabelForTheOrganizationMembershipInvitationAuditLogToOrganizat",
				"public.lowercase_table_with_a_long_name_for_sequence_truncation_test",
				"public.Ünïcödé_Tàblé_Nàmé_Wïth_Mültïbýté_Chàràctérs_Th",
			},
			[][2]string{
				{"public.OrganizationMembershipInvitationAuditLogEntryWithAVeryLongName", "OrganizationMembershipInvitationAuditLogEntryWithAVeryLongN_key"},
				{"public.OrganizationMembershipInvitationAuditLogEntryWithAVeryLongName", "OrganizationMembershipInvitationAuditLogEntryWithAVeryLongN_idx"},
				{"public.OrganizationMembershipInvitationAuditLogEntryWithAVeryLongName", "OrganizationMembershipInvitationAuditLogEntryWithAVeryLong_fkey"},
				{"public._LabelForTheOrganizationMembershipInvitationAuditLogToOrganizat", "_LabelForTheOrganizationMembershipInvitationAuditLogToO_AB_pkey"},
				{"public._LabelForTheOrganizationMembershipInvitationAuditLogToOrganizat", "_LabelForTheOrganizationMembershipInvitationAuditLogToOr_A_fkey"},
			}},
		{"types.prisma", []string{"public.Lists", "public.Native", "public.Scalars"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s, err := ParseDir(filepath.Join("testdata", tt.path))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tb := range s.Tables {
				got = append(got, tb.Name.String())
			}
			if d := cmp.Diff(tt.tables, got); d != "" {
				t.Errorf("tables (-want +got):\n%s", d)
			}
			for _, n := range tt.names {
				if !hasName(s, n[0], n[1]) {
					t.Errorf("table %s has no key, index or foreign key %q", n[0], n[1])
				}
			}
		})
	}
}

func hasName(s *schema.Schema, table, name string) bool {
	for _, tb := range s.Tables {
		if tb.Name.String() != table {
			continue
		}
		if tb.PrimaryKey != nil && tb.PrimaryKey.Name == name || tb.Index(name) != nil || tb.ForeignKey(name) != nil {
			return true
		}
	}
	return false
}

func TestLongNameSequence(t *testing.T) {
	s, err := ParseDir("testdata/longnames.prisma")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Table(qn("lowercase_table_with_a_long_name_for_sequence_truncation_test")).Column("identifier_column_with_a_long_name_as_well")
	want := "nextval('lowercase_table_with_a_long_n_identifier_column_with_a_long_seq'::regclass)"
	if c.Default == nil || c.Default.Expr != want {
		t.Errorf("default = %+v, want %s", c.Default, want)
	}
}
