package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

const migrationPath = "prisma/migrations/20261125120000_add_user_name/migration.sql"

// TestBotSynchronizeMakesNoSecondCommit: the bot's commit causes a
// synchronize; that run refreshes the check run and the comment and
// commits nothing.
func TestBotSynchronizeMakesNoSecondCommit(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	s.run("pull_request.opened")
	if len(s.gh.commits) != 1 {
		t.Fatalf("%d commits after opened, want 1", len(s.gh.commits))
	}
	botSHA := s.gh.commits[0].SHA
	if s.head() != botSHA || !s.state().IsBotCommit(botSHA) {
		t.Fatalf("the bot's commit %s is not the head or not remembered", botSHA)
	}
	if !strings.Contains(s.gh.commits[0].Message, commitTrailer) || s.gh.commits[0].Parent == botSHA {
		t.Errorf("commit message or parent wrong: %+v", s.gh.commits[0])
	}
	s.run("pull_request.synchronize")
	if len(s.gh.commits) != 1 {
		t.Fatalf("%d commits after the bot's synchronize, want 1", len(s.gh.commits))
	}
	last := s.lastCheck()
	if len(s.gh.checkOrder) != 2 || last.HeadSHA != botSHA || last.Conclusion != ConclusionSuccess {
		t.Errorf("%d check runs, last on %s: %s", len(s.gh.checkOrder), last.HeadSHA, last.Conclusion)
	}
	if !strings.Contains(last.Summary, "the latest commit: the report is refreshed and nothing more is generated") {
		t.Errorf("refreshed summary does not say so:\n%s", last.Summary)
	}
	// The migration now exists at head: its lines can carry annotations.
	if comments := s.summaryComments(); len(comments) != 1 {
		t.Errorf("%d summary comments, want 1", len(comments))
	}
	// A third delivery of the same head (a re-run) still commits nothing.
	s.run("check_run.rerequested")
	if len(s.gh.commits) != 1 || len(s.gh.checkOrder) != 3 {
		t.Errorf("re-run: %d commits, %d check runs", len(s.gh.commits), len(s.gh.checkOrder))
	}
}

// TestCrashAfterCommitRecognisedByTrailer: the state lost the commit (the
// process stopped right after it); the trailer still marks it as the
// bot's, so its synchronize commits nothing and later pushes regenerate.
func TestCrashAfterCommitRecognisedByTrailer(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	s.run("pull_request.opened")
	delete(s.store.state, testRepo.FullName()+"#7")
	s.run("pull_request.synchronize")
	if len(s.gh.commits) != 1 {
		t.Fatalf("%d commits, want 1", len(s.gh.commits))
	}
	st := s.state()
	if !st.IsBotCommit(s.head()) || st.Generated[migrationPath] == "" {
		t.Errorf("recovered state %+v", st)
	}
	// A person's schema change now replaces the bot's file rather than
	// treating it as hand-written.
	s.push("nickname", map[string]string{"prisma/schema.prisma": schemaAddTwoColumns})
	s.run("pull_request.synchronize")
	if len(s.gh.commits) != 2 {
		t.Fatalf("%d commits, want 2", len(s.gh.commits))
	}
	if got := s.fileAt("feature", "prisma/migrations/20261125120000_add_user_name_and_more/migration.sql") + s.fileAt("feature", migrationPath); !strings.Contains(got, "nickname") {
		t.Errorf("regenerated migration lacks the new column:\n%s", got)
	}
}

// TestSummaryCommentFoundByMarkerAndEdited: one summary comment per pull
// request, found by the remembered id or else by its hidden marker, and
// edited in place on every push.
func TestSummaryCommentFoundByMarkerAndEdited(t *testing.T) {
	tests := []struct {
		name string
		// before prepares comments and state before the first run.
		before func(s *scenario) (existing int64)
	}{
		{name: "first run creates the comment", before: func(s *scenario) int64 { return 0 }},
		{name: "found by marker when the state is empty", before: func(s *scenario) int64 {
			s.gh.addComment("alice", false, "Quoting: "+SummaryMarker+" is not ours") // a person's text
			s.gh.addComment(appLogin, true, "unrelated bot comment")
			return s.gh.addComment(appLogin, true, SummaryMarker+"\nold report")
		}},
		{name: "remembered comment deleted: found again or recreated", before: func(s *scenario) int64 {
			data := []byte(`{"version":1,"comment_id":4242}`)
			s.store.state[testRepo.FullName()+"#7"] = data
			return 0
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := prismaScenario(t, schemaAddColumn)
			existing := tc.before(s)
			s.run("pull_request.opened")
			s.push("nickname", map[string]string{"prisma/schema.prisma": schemaAddTwoColumns})
			s.run("pull_request.synchronize")
			comments := s.summaryComments()
			if len(comments) != 1 {
				t.Fatalf("%d summary comments, want 1: %+v", len(comments), comments)
			}
			c := comments[0]
			if existing != 0 && c.ID != existing {
				t.Errorf("comment %d used, want the existing %d", c.ID, existing)
			}
			if s.state().CommentID != c.ID {
				t.Errorf("state remembers comment %d, want %d", s.state().CommentID, c.ID)
			}
			if s.gh.edits[c.ID] < 1 {
				t.Errorf("comment %d never edited", c.ID)
			}
			if !strings.Contains(c.Body, "nickname") {
				t.Errorf("comment not updated for the second push:\n%s", c.Body)
			}
			for _, other := range s.gh.comments {
				if other.Author == "alice" && !strings.HasPrefix(other.Body, "Quoting") {
					t.Errorf("a person's comment was edited: %q", other.Body)
				}
			}
		})
	}
}

// TestUnchangedCommentNotRewritten: a run whose report is unchanged does
// not edit the comment again (fewer content writes).
func TestUnchangedCommentNotRewritten(t *testing.T) {
	s := prismaScenario(t, schemaDropColumn)
	s.gh.prs[7].HeadRepo = ghapi.Repo{Owner: "someone", Name: "shop"} // a fork: nothing is committed
	s.run("pull_request.opened")
	s.run("check_run.rerequested")
	c := s.summaryComments()[0]
	if s.gh.edits[c.ID] != 0 || s.countCalls("CreateComment") != 1 {
		t.Errorf("unchanged comment edited %d times, created %d times", s.gh.edits[c.ID], s.countCalls("CreateComment"))
	}
}

// TestPersonEditedFileNotOverwritten: after a person changes a generated
// file, later runs leave it alone and say so, until regenerate.
func TestPersonEditedFileNotOverwritten(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	s.run("pull_request.opened")
	handEdited := "-- tuned by hand\nALTER TABLE \"User\" ADD COLUMN \"name\" varchar(80);\n"
	s.push("tune the migration", map[string]string{migrationPath: handEdited})
	s.run("pull_request.synchronize")
	if len(s.gh.commits) != 1 {
		t.Fatalf("%d commits, want only the first", len(s.gh.commits))
	}
	if got := s.fileAt("feature", migrationPath); got != handEdited {
		t.Fatalf("the edited file was overwritten:\n%s", got)
	}
	st := s.state()
	if len(st.PersonEdited) != 1 || st.PersonEdited[0] != migrationPath {
		t.Errorf("person_edited = %v", st.PersonEdited)
	}
	// The schema moves on: the bot still does not overwrite, and says why.
	s.push("nickname", map[string]string{"prisma/schema.prisma": schemaAddTwoColumns})
	s.run("pull_request.synchronize")
	if got := s.fileAt("feature", migrationPath); got != handEdited {
		t.Fatalf("the edited file was overwritten after a schema change:\n%s", got)
	}
	comment := s.summaryComments()[0].Body
	for _, want := range []string{"changed by a person after migrate-bot wrote it", "`/migrate regenerate`"} {
		if !strings.Contains(comment, want) {
			t.Errorf("comment lacks %q:\n%s", want, comment)
		}
	}
	// Regenerate overwrites it.
	job := s.job("issue_comment.command")
	job.Regenerate = true
	if err := s.bot.PullRequest(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if len(s.gh.commits) != 2 {
		t.Fatalf("%d commits after regenerate, want 2", len(s.gh.commits))
	}
	regenerated := s.fileAt("feature", migrationPath) + s.fileAt("feature", "prisma/migrations/20261125120000_add_user_name_and_more/migration.sql")
	if strings.Contains(regenerated, "tuned by hand") || !strings.Contains(regenerated, "nickname") {
		t.Errorf("regenerate did not replace the edited file:\n%s", regenerated)
	}
	if st := s.state(); len(st.PersonEdited) != 0 {
		t.Errorf("person_edited after regenerate = %v", st.PersonEdited)
	}
}

// TestSchemaChangeReplacesBotFile: a person's further schema change
// regenerates; the bot's earlier file (unedited) is replaced, not kept
// beside the new one.
func TestSchemaChangeReplacesBotFile(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	s.run("pull_request.opened")
	s.push("nickname", map[string]string{"prisma/schema.prisma": schemaAddTwoColumns})
	s.run("pull_request.synchronize")
	if len(s.gh.commits) != 2 {
		t.Fatalf("%d commits, want 2", len(s.gh.commits))
	}
	second := s.gh.commits[1]
	var written, deleted []string
	for _, f := range second.Files {
		if f.Delete {
			deleted = append(deleted, f.Path)
		} else {
			written = append(written, f.Path)
		}
	}
	folder := func(paths []string) string {
		if len(paths) == 0 {
			return ""
		}
		return paths[0][:strings.LastIndex(paths[0], "/")]
	}
	if folder(written) == folder(deleted) && len(deleted) > 0 {
		t.Errorf("wrote and deleted the same folder: %v / %v", written, deleted)
	}
	migrations := 0
	c := s.gh.commitObject(s.head())
	tree, _ := c.Tree()
	for _, e := range mustEntries(t, tree, "prisma/migrations") {
		if strings.HasPrefix(e, "2026") {
			migrations++
		}
	}
	if migrations != 1 {
		t.Errorf("%d bot migration folders at head, want 1 (written %v, deleted %v)", migrations, written, deleted)
	}
	s.run("pull_request.synchronize")
	if len(s.gh.commits) != 2 {
		t.Errorf("the bot's synchronize committed again")
	}
}

// TestForkWithoutPush: a fork the bot cannot push to gets the files in the
// summary comment, ready to copy, with the reason; nothing is committed.
func TestForkWithoutPush(t *testing.T) {
	tests := []struct {
		name        string
		canModify   bool
		ownerIsOrg  bool
		reason      string
		wantsCommit bool
	}{
		{name: "maintainers may not edit", canModify: false, reason: "did not allow edits by maintainers"},
		{name: "fork owned by an organization", canModify: true, ownerIsOrg: true, reason: "owned by an organization"},
		{name: "user fork that allows edits", canModify: true, wantsCommit: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := prismaScenario(t, schemaAddColumn)
			fork := ghapi.Repo{Owner: "mallory", Name: "shop"}
			pr := s.gh.prs[7]
			pr.HeadRepo, pr.MaintainerCanModify, pr.HeadRepoOwnerIsOrg = fork, tc.canModify, tc.ownerIsOrg
			s.run("pull_request.opened")
			if tc.wantsCommit {
				if len(s.gh.commits) != 1 {
					t.Fatalf("%d commits, want 1", len(s.gh.commits))
				}
				return
			}
			if len(s.gh.commits) != 0 {
				t.Fatalf("committed to a fork it cannot push to")
			}
			comment := s.summaryComments()[0].Body
			content := s.fileContentFromPlan(t)
			for _, want := range []string{tc.reason, "`" + migrationPath + "`", "```sql\n" + content} {
				if !strings.Contains(comment, want) {
					t.Errorf("comment lacks %q:\n%s", want, comment)
				}
			}
			last := s.lastCheck()
			if last.Conclusion != ConclusionActionRequired || !strings.Contains(last.Summary, "summary comment") {
				t.Errorf("check %s:\n%s", last.Conclusion, last.Summary)
			}
			for _, a := range last.Annotations {
				if a.Path == migrationPath {
					t.Errorf("annotation on a file that is not on the branch: %+v", a)
				}
			}
		})
	}
}

// fileContentFromPlan plans the scenario's head again and returns the
// generated migration.sql, the exact text the comment must carry.
func (s *scenario) fileContentFromPlan(t *testing.T) string {
	t.Helper()
	for _, c := range s.gh.comments {
		if i := strings.Index(c.Body, "```sql\n-- Generated by migrate-bot"); i >= 0 {
			rest := c.Body[i+len("```sql\n"):]
			return rest[:strings.Index(rest, "```")]
		}
	}
	t.Fatal("no generated file in any comment")
	return ""
}

// TestRegenerateButtonAndCommandEnqueue: both routes queue a regenerating
// run of the current head for writers only.
func TestRegenerateButton(t *testing.T) {
	tests := []struct {
		name      string
		requester string
		numbers   []int
		wantJob   bool
	}{
		{name: "writer", requester: "alice", numbers: []int{7}, wantJob: true},
		{name: "admin on a fork pull request without numbers", requester: "carol", wantJob: true},
		{name: "reader is refused", requester: "bob", numbers: []int{7}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := prismaScenario(t, schemaAddColumn)
			job := queue.CheckRunActionJob{InstallationID: 1, Repo: queue.Repo{Owner: "acme", Name: "shop"}, HeadSHA: s.head(),
				CheckRunID: 5, Identifier: "regenerate", Requester: tc.requester, Numbers: tc.numbers}
			if err := s.bot.CheckRunAction(context.Background(), job); err != nil {
				t.Fatal(err)
			}
			if !tc.wantJob {
				if len(s.queue.prs) != 0 {
					t.Errorf("a reader's button queued %+v", s.queue.prs)
				}
				if len(s.gh.comments) != 1 || !strings.Contains(s.gh.comments[0].Body, "only people with write access") {
					t.Errorf("refusal comment: %+v", s.gh.comments)
				}
				return
			}
			if len(s.queue.prs) != 1 {
				t.Fatalf("queued %+v", s.queue.prs)
			}
			q := s.queue.prs[0]
			if !q.Regenerate || q.Number != 7 || q.HeadSHA != s.head() || q.Event != EventButton {
				t.Errorf("queued %+v", q)
			}
		})
	}
}

// TestSeveralProjectsAndALargePullRequest: two projects, one touched, in
// a pull request of 400 files: the untouched project is listed as
// unchanged, the likely rename's command names its project, and the
// findings land on the right file among the 400.
func TestSeveralProjectsAndALargePullRequest(t *testing.T) {
	cfg := testConfig + "  - name: billing\n    schema: db/billing\n    dialect: postgres\n    migrations: db/migrations\n"
	renamed := strings.Replace(schemaBase, "phone String?", "mobile String?", 1)
	head := map[string]string{"prisma/schema.prisma": renamed}
	for i := range 399 {
		head[fmt.Sprintf("docs/page-%03d.md", i)] = fmt.Sprintf("page %d\n", i)
	}
	s := newScenario(t, map[string]string{
		".github/migrate-bot.yml":               cfg,
		"prisma/schema.prisma":                  schemaBase,
		"prisma/migrations/migration_lock.toml": lockFile,
		"db/billing/001_invoices.sql":           "CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric NOT NULL);\n",
	}, head)
	files, err := s.gh.ChangedFiles(context.Background(), testRepo, 7)
	if err != nil || len(files) != 400 {
		t.Fatalf("%d changed files, %v", len(files), err)
	}
	s.gh.prs[7].HeadRepo = ghapi.Repo{Owner: "mallory", Name: "shop"}
	s.run("pull_request.opened")
	last := s.lastCheck()
	for _, want := range []string{"Schema unchanged: `billing`.", "`/migrate rename app:User.phone -> User.mobile`", "- ❌ `app`: FAIL"} {
		if !strings.Contains(last.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, last.Summary)
		}
	}
	if last.Conclusion != ConclusionFailure {
		t.Errorf("conclusion %s for a dropped column", last.Conclusion)
	}
	for _, r := range s.gh.reviews {
		for _, c := range r.Comments {
			if c.Path != "prisma/schema.prisma" {
				t.Errorf("review comment on %s", c.Path)
			}
		}
	}
}
