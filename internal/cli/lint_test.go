package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

func TestRulesCommand(t *testing.T) {
	r := run(t, "rules")
	r.wantCode(t, ExitOK)
	for _, want := range []string{"MB101  error    Table dropped\n", "MB401  warning", "MB000  warning  Accepted finding no longer fires"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("rules lacks %q:\n%s", want, r.stdout)
		}
	}
	doc := run(t, "rules", "mb401")
	doc.wantCode(t, ExitOK)
	if !strings.HasPrefix(doc.stdout, "MB401  Index built") || !strings.Contains(doc.stdout, "Safe alternative") {
		t.Errorf("rules MB401:\n%s", doc.stdout)
	}
	bad := run(t, "rules", "MB999")
	bad.wantCode(t, ExitError)
	if !strings.Contains(bad.stderr, `unknown rule code "MB999"`) {
		t.Errorf("stderr = %s", bad.stderr)
	}
}

// TestPlanRuleFlags: --accept keeps a finding but does not count it, an
// acceptance that no longer fires is MB000, --rule-severity and --disable
// change what fails the run.
func TestPlanRuleFlags(t *testing.T) {
	from, to := testdata(t, "users_v1.prisma"), testdata(t, "users_dropped.prisma")
	base := []string{"plan", "--from", from, "--to", to, "--report", "json", "--version", "1"}
	tests := []struct {
		name     string
		flags    []string
		code     int
		status   string
		want     []string // code severity [accepted]
		notWant  []string
		stderrOK string
	}{
		{"default", nil, ExitFindings, "errors", []string{"MB102 error"}, nil, ""},
		{"accepted", []string{"--accept", "MB102=column unused since v2"}, ExitOK, "notices",
			[]string{"MB102 error accepted"}, nil, ""},
		{"stale acceptance", []string{"--accept", "MB102", "--accept", "MB101=old"}, ExitOK, "warnings",
			[]string{"MB102 error accepted", "MB000 warning"}, nil, ""},
		{"severity lowered", []string{"--rule-severity", "MB102=warning"}, ExitOK, "warnings", []string{"MB102 warning"}, nil, ""},
		{"severity lowered fails on warning", []string{"--rule-severity", "MB102=warning", "--fail-on", "warning"}, ExitFindings, "warnings", []string{"MB102 warning"}, nil, ""},
		{"disabled", []string{"--disable", "MB102"}, ExitOK, "notices", nil, []string{"MB102"}, ""},
		{"notices fail only on notice", []string{"--disable", "MB102", "--fail-on", "notice"}, ExitFindings, "notices", nil, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, append(append([]string{}, base...), tc.flags...)...)
			r.wantCode(t, tc.code)
			doc := decode[jsonDoc](t, r.stdout)
			if doc.Verdict.Status != tc.status {
				t.Errorf("status = %s, want %s (%s)", doc.Verdict.Status, tc.status, doc.Verdict.Summary)
			}
			var got []string
			for _, f := range doc.Findings {
				s := f.Code + " " + f.Severity
				if f.Accepted {
					s += " accepted"
				}
				got = append(got, s)
			}
			for _, w := range tc.want {
				if !contains(got, w) {
					t.Errorf("findings %v lack %q", got, w)
				}
			}
			for _, nw := range tc.notWant {
				for _, g := range got {
					if strings.HasPrefix(g, nw+" ") {
						t.Errorf("findings %v have %s", got, nw)
					}
				}
			}
		})
	}
}

func TestPlanRuleFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"accept unknown", []string{"--accept", "MB999"}, `--accept: unknown rule code "MB999"`},
		{"severity unknown level", []string{"--rule-severity", "MB401=fatal"}, `--rule-severity MB401: unknown severity "fatal"`},
		{"severity without level", []string{"--rule-severity", "MB401"}, "want CODE=LEVEL"},
		{"disable unknown", []string{"--disable", "XX1"}, `--disable: unknown rule code "XX1"`},
		{"report unknown", []string{"--report", "xml"}, "want text, markdown, json or sarif"},
		{"target-db scheme", []string{"--target-db", "oracle://x"}, `unsupported URL scheme "oracle"`},
		{"target-db project without repo", []string{"--target-db", "app=postgres://x@h/db"}, "PROJECT=URL goes with --repo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, append([]string{"plan", "--from", "empty", "--to", "empty"}, tc.args...)...)
			r.wantCode(t, ExitError)
			if !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("stderr = %s, want %q", r.stderr, tc.want)
			}
		})
	}
}

func TestPlanSARIF(t *testing.T) {
	r := run(t, "plan", "--from", testdata(t, "users_v1.prisma"), "--to", testdata(t, "users_dropped.prisma"),
		"--report", "sarif", "--version", "1", "--accept", "MB501=backup taken")
	r.wantCode(t, ExitFindings)
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				RelatedLocations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"relatedLocations"`
				Suppressions []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "migrate-bot" || len(log.Runs[0].Tool.Driver.Rules) < 41 {
		t.Fatalf("log = %+v", log)
	}
	var sawDrop, sawSuppressed bool
	for _, res := range log.Runs[0].Results {
		switch res.RuleID {
		case "MB102":
			sawDrop = true
			loc := res.Locations[0].PhysicalLocation
			if res.Level != "error" || !strings.HasSuffix(loc.ArtifactLocation.URI, "users_v1.prisma") || loc.Region.StartLine != 8 {
				t.Errorf("MB102 result = %+v", res)
			}
			if len(res.RelatedLocations) != 1 || res.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI != "1_drop_user_phone.up.sql" ||
				res.RelatedLocations[0].PhysicalLocation.Region.StartLine != 8 {
				t.Errorf("MB102 related = %+v", res.RelatedLocations)
			}
		case "MB501":
			sawSuppressed = len(res.Suppressions) == 1 && res.Suppressions[0].Kind == "external" && res.Suppressions[0].Justification == "backup taken"
		}
	}
	if !sawDrop || !sawSuppressed {
		t.Errorf("results: MB102 %v, suppressed MB501 %v\n%s", sawDrop, sawSuppressed, r.stdout)
	}
}

func TestPlanTargetDBUnreachable(t *testing.T) {
	r := run(t, "plan", "--from", testdata(t, "users_v1.sql"), "--to", testdata(t, "users_phone_required.sql"),
		"--target-db", "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
	r.wantCode(t, ExitError)
	if !strings.Contains(r.stderr, "--target-db postgres://nobody:xxxxx@127.0.0.1:1/none") || !strings.Contains(r.stderr, "cannot connect to the database") {
		t.Fatalf("stderr = %s", r.stderr)
	}
	if strings.Contains(r.stderr, "secret") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
		t.Fatalf("want one line without the password: %s", r.stderr)
	}
	m := run(t, "plan", "--from", testdata(t, "users_v1.sql"), "--to", testdata(t, "users_phone_required.sql"),
		"--target-db", t.TempDir()+"/missing.db")
	m.wantCode(t, ExitError)
	if !strings.Contains(m.stderr, "no such SQLite file") {
		t.Fatalf("stderr = %s", m.stderr)
	}
	wrong := run(t, "plan", "--from", testdata(t, "users_v1.sql"), "--to", testdata(t, "users_phone_required.sql"),
		"--target-db", "mysql://root@127.0.0.1:1/x")
	wrong.wantCode(t, ExitError)
	if !strings.Contains(wrong.stderr, "is a mysql database but the plan is for postgres") {
		t.Fatalf("stderr = %s", wrong.stderr)
	}
}

// TestPlanTargetDB reads the NULLs of a real PostgreSQL table: with NULL
// phones, SET NOT NULL is an error with the count; on clean data, no
// alarm beyond a notice.
func TestPlanTargetDB(t *testing.T) {
	db := pgtest.New(t)
	db.Exec(t, readFile(t, testdata(t, "users_v1.sql")))
	db.Exec(t, "INSERT INTO users (email, phone) SELECT 'u' || g || '@x', CASE WHEN g % 3 = 0 THEN NULL ELSE '555' END FROM generate_series(1, 30) g")
	args := []string{"plan", "--from", testdata(t, "users_v1.sql"), "--to", testdata(t, "users_phone_required.sql"),
		"--target-db", db.URL, "--report", "json", "--version", "1"}
	finding := func(r result) (sev string, rows int) {
		var doc struct {
			Findings []struct {
				Code     string `json:"code"`
				Severity string `json:"severity"`
				Message  string `json:"message"`
				Evidence *struct {
					Rows      *int `json:"rows"`
					Offending *int `json:"offending"`
				} `json:"evidence"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		for _, f := range doc.Findings {
			if f.Code == "MB302" {
				if f.Evidence != nil && f.Evidence.Offending != nil {
					rows = *f.Evidence.Offending
				}
				t.Logf("MB302 %s: %s", f.Severity, f.Message)
				return f.Severity, rows
			}
		}
		t.Fatalf("no MB302 finding:\n%s", r.stdout)
		return "", 0
	}
	dirty := run(t, args...)
	dirty.wantCode(t, ExitFindings)
	if sev, n := finding(dirty); sev != "error" || n != 10 {
		t.Errorf("with 10 NULL phones: MB302 %s with %d offending, want error with 10", sev, n)
	}
	db.Exec(t, "UPDATE users SET phone = '555' WHERE phone IS NULL")
	clean := run(t, args...)
	clean.wantCode(t, ExitOK)
	if sev, _ := finding(clean); sev != "notice" {
		t.Errorf("on clean data MB302 is %s, want notice", sev)
	}
}
