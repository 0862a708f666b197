package bot

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// TestFindingAnnotations: each finding is annotated on its schema line
// and, when the file is on the branch, on its migration line, at the level
// of its severity.
func TestFindingAnnotations(t *testing.T) {
	doc := &report.Document{Findings: []report.Finding{
		{Code: "MB102", Severity: "error", Title: "Column dropped", Message: "phone is dropped", Object: "public.users.phone",
			SourceFile: "prisma/schema.prisma", SourceLine: 12, MigrationFile: "m/1/migration.sql", MigrationLine: 4},
		{Code: "MB412", Severity: "warning", Title: "No lock timeout", Message: "locks",
			MigrationFile: "m/1/migration.sql", MigrationLine: 2},
		{Code: "MB113", Severity: "notice", Title: "varchar", Message: "use text", SourceFile: "prisma/schema.prisma", SourceLine: 9},
		{Code: "MB101", Severity: "error", Title: "Table dropped", Message: "gone", Accepted: true, AcceptReason: "unused",
			SourceFile: "prisma/schema.prisma", SourceLine: 3, MigrationFile: "new/migration.sql", MigrationLine: 1},
		{Code: "MB300", Severity: "warning", Title: "Plan-wide", Message: "no position"},
	}}
	present := func(p string) bool { return p == "m/1/migration.sql" }
	got := findingAnnotations([]*report.Document{doc, nil}, present)
	sortAnnotations(got)
	want := []ghapi.Annotation{
		{Path: "m/1/migration.sql", StartLine: 2, EndLine: 2, Level: levelWarning, Title: "MB412 No lock timeout", Message: "locks"},
		{Path: "m/1/migration.sql", StartLine: 4, EndLine: 4, Level: levelFailure, Title: "MB102 Column dropped", Message: "`public.users.phone`: phone is dropped"},
		{Path: "prisma/schema.prisma", StartLine: 3, EndLine: 3, Level: levelNotice, Title: "MB101 Table dropped (accepted)", Message: "gone Accepted: unused"},
		{Path: "prisma/schema.prisma", StartLine: 9, EndLine: 9, Level: levelNotice, Title: "MB113 varchar", Message: "use text"},
		{Path: "prisma/schema.prisma", StartLine: 12, EndLine: 12, Level: levelFailure, Title: "MB102 Column dropped", Message: "`public.users.phone`: phone is dropped"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
}

// TestAnnotationsFollowTheFiles: the first run annotates the schema only
// (the migration is not on the branch yet at that head); the refresh on
// the bot's commit annotates the migration's lines too.
func TestAnnotationsFollowTheFiles(t *testing.T) {
	s := prismaScenario(t, schemaDropColumn)
	s.run("pull_request.opened")
	first := s.lastCheck()
	if !hasAnnotation(first.Annotations, "prisma/schema.prisma:") || hasAnnotation(first.Annotations, "prisma/migrations/") {
		t.Errorf("first run annotations %+v", first.Annotations)
	}
	s.run("pull_request.synchronize")
	refresh := s.lastCheck()
	if !hasAnnotation(refresh.Annotations, "prisma/migrations/20261125120000_") {
		t.Errorf("refresh annotations %+v", refresh.Annotations)
	}
	for _, a := range refresh.Annotations {
		if a.StartLine < 1 || a.EndLine < a.StartLine {
			t.Errorf("bad position %+v", a)
		}
	}
}

// TestSummaryKeepsVerdictWithinLimit: a report far past GitHub's 65,535
// characters is cut, keeping its first paragraph (the verdict) whole.
func TestSummaryKeepsVerdictWithinLimit(t *testing.T) {
	p := &config.Project{Name: "app", Schema: "prisma/schema.prisma"}
	doc := &report.Document{Project: "app", Verdict: report.Verdict{Status: report.StatusErrors, Failed: true, Summary: "FAIL: 3000 steps, 3000 errors."}}
	for i := range 3000 {
		doc.Findings = append(doc.Findings, report.Finding{Code: "MB102", Severity: "error", Title: "Column dropped",
			Message: strings.Repeat("a long explanation ", 3), Object: "public.t" + strings.Repeat("x", i%50)})
	}
	o := &outcome{result: &pipeline.Result{Projects: []pipeline.ProjectResult{{Project: p, Doc: doc}}},
		copyFiles: []pipelineFile{{Path: "m.sql", Content: strings.Repeat("SELECT 1;\n", 10000)}}, copyReason: "a fork"}
	for _, forComment := range []bool{false, true} {
		s := o.summary(forComment)
		if n := utf8.RuneCountInString(s); n > ghapi.MaxSummaryChars {
			t.Errorf("summary has %d characters", n)
		}
		first, _, _ := strings.Cut(s, "\n\n")
		if !strings.Contains(first, "FAIL: 3000 steps, 3000 errors.") || !strings.Contains(first, "### ❌") {
			t.Errorf("verdict not kept:\n%s", first)
		}
		if forComment && !strings.HasPrefix(s, SummaryMarker) {
			t.Errorf("comment lost its marker")
		}
		if !strings.Contains(s, "cut to fit") {
			t.Errorf("no note that the report was cut")
		}
	}
}

// TestStateRoundTrip: the state survives the store as JSON, refuses a
// newer version, and bounds the commits it remembers.
func TestStateRoundTrip(t *testing.T) {
	store := newFakeStore()
	ctx := context.Background()
	st, err := loadState(ctx, store, "acme/shop", 1)
	if err != nil || st.Version != stateVersion {
		t.Fatalf("empty state %+v, %v", st, err)
	}
	for i := range maxBotCommits + 5 {
		st.addBotCommit(strings.Repeat("a", 39) + string(rune('a'+i%26)))
	}
	st.setGenerated("m/1.sql", BlobSHA([]byte("x")))
	st.markPersonEdited("m/1.sql")
	st.markPersonEdited("m/1.sql")
	st.addRename("", "a=b")
	if st.addRename("", "a=b") {
		t.Error("a repeated rename was added twice")
	}
	st.addAccept("MB102", "why")
	if err := saveState(ctx, store, "acme/shop", 1, st); err != nil {
		t.Fatal(err)
	}
	back, err := loadState(ctx, store, "acme/shop", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(st, back); diff != "" {
		t.Errorf("round trip (-saved +loaded):\n%s", diff)
	}
	if len(back.BotCommits) != maxBotCommits || len(back.PersonEdited) != 1 {
		t.Errorf("%d commits, person_edited %v", len(back.BotCommits), back.PersonEdited)
	}
	if got := BlobSHA([]byte("hello\n")); got != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Errorf("BlobSHA = %s, want git's hash-object", got)
	}
	store.state["acme/shop#2"] = []byte(`{"version": 99}`)
	if _, err := loadState(ctx, store, "acme/shop", 2); err == nil {
		t.Error("a newer state version was accepted")
	}
	store.state["acme/shop#3"] = []byte(`{not json`)
	if _, err := loadState(ctx, store, "acme/shop", 3); err == nil {
		t.Error("a broken state was accepted")
	}
}

// TestNew wires the real collaborators from a Config and refuses a bad
// key; NewWith refuses missing parts.
func TestNew(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	b, err := New(Config{AppID: 42, PrivateKey: pemKey, GitHubAPIURL: "http://127.0.0.1:1/", WorkDir: t.TempDir()}, newFakeStore(), &fakeQueue{})
	if err != nil {
		t.Fatal(err)
	}
	if b.gitURL != "https://github.com/" || b.fetch == nil || b.plan == nil {
		t.Errorf("defaults: %+v", b)
	}
	if _, err := New(Config{AppID: 42, PrivateKey: []byte("not a key")}, newFakeStore(), &fakeQueue{}); err == nil {
		t.Error("a bad private key was accepted")
	}
	if _, err := NewWith(Parts{}); err == nil {
		t.Error("NewWith without parts succeeded")
	}
}
