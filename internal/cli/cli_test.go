package cli

import (
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func TestHelp(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"help", []string{"help"}, []string{"plan", "version", "migrate-bot plan --from empty"}},
		{"--help", []string{"--help"}, []string{"Commands:"}},
		{"help plan", []string{"help", "plan"}, []string{"--from SOURCE", "Exit status:"}},
		{"plan --help", []string{"plan", "--help"}, []string{"--from SOURCE", "REV:PATH", "postgres://"}},
		{"plan -h", []string{"plan", "-h"}, []string{"--fail-on LEVEL"}},
		{"version --help", []string{"version", "--help"}, []string{"migrate-bot version"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.args...)
			r.wantCode(t, ExitOK)
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("help lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// TestPlanHelpExplainsEveryFlag fails when a flag is added without a
// description and an example in the help.
func TestPlanHelpExplainsEveryFlag(t *testing.T) {
	var o planOptions
	planFlags(&o).VisitAll(func(f *flag.Flag) {
		i := strings.Index(planUsage, "  --"+f.Name+" ")
		if i < 0 {
			t.Errorf("plan help does not explain --%s", f.Name)
			return
		}
		rest := planUsage[i+1:]
		if next := strings.Index(rest, "\n  --"); next >= 0 {
			rest = rest[:next]
		}
		if !strings.Contains(rest, "Example:") {
			t.Errorf("plan help for --%s has no example", f.Name)
		}
	})
}

func TestUnknownCommand(t *testing.T) {
	r := run(t, "deploy")
	r.wantCode(t, ExitError)
	if !strings.Contains(r.stderr, `unknown command "deploy"`) {
		t.Fatalf("stderr = %s", r.stderr)
	}
	run(t).wantCode(t, ExitError)
}

func TestVersion(t *testing.T) {
	r := run(t, "version")
	r.wantCode(t, ExitOK)
	if !strings.HasPrefix(r.stdout, "migrate-bot ") {
		t.Fatalf("stdout = %q", r.stdout)
	}
}

func TestSanitizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"add_users_email", "add_users_email"},
		{"Add Users Email!", "add_users_email"},
		{"  --x--  ", "x"},
		{"ünïcode name", "n_code_name"},
		{"../../etc/passwd", "etc_passwd"},
		{strings.Repeat("a", 100), strings.Repeat("a", maxNameLen)},
		{"!!!", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := sanitizeName(tc.in); got != tc.want {
				t.Fatalf("sanitizeName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDeriveName(t *testing.T) {
	users := schema.QName{Schema: "public", Name: "users"}
	posts := schema.QName{Schema: "public", Name: "posts"}
	tests := []struct {
		name    string
		changes []schema.Change
		want    string
	}{
		{"one column", []schema.Change{&schema.AddColumn{Table: users, Column: &schema.Column{Name: "email"}}}, "add_users_email"},
		{"new table with its index", []schema.Change{
			&schema.AddTable{Table: &schema.Table{Name: posts}},
			&schema.AddIndex{Table: posts, Index: &schema.Index{Name: "posts_idx"}},
		}, "add_posts"},
		{"index first is skipped", []schema.Change{
			&schema.AddIndex{Table: users, Index: &schema.Index{Name: "users_idx"}},
			&schema.DropColumn{Table: users, Column: &schema.Column{Name: "phone"}},
		}, "drop_users_phone"},
		{"several tables", []schema.Change{
			&schema.AddColumn{Table: users, Column: &schema.Column{Name: "email"}},
			&schema.AddTable{Table: &schema.Table{Name: posts}},
		}, "add_users_email_and_more"},
		{"other namespace kept", []schema.Change{&schema.AddTable{Table: &schema.Table{Name: schema.QName{Schema: "billing", Name: "Invoices"}}}}, "add_billing_invoices"},
		{"nothing", nil, "migration"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := deriveName(tc.changes, "public"); got != tc.want {
				t.Fatalf("deriveName = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDefaultVersionIsUTCTimestamp(t *testing.T) {
	e := &env{now: func() time.Time { return time.Date(2025, 3, 4, 5, 6, 7, 0, time.FixedZone("x", 3600)) }}
	if got := e.migrationVersion(""); got != "20250304040607" {
		t.Fatalf("version = %s, want the UTC time 20250304040607", got)
	}
	if got := e.migrationVersion("42"); got != "42" {
		t.Fatalf("version = %s, want the flag's 42", got)
	}
}
