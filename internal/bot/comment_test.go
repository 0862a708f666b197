package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// TestCommentCommands: who may run commands, what each does to the state
// and the queue, and the reaction and reply every command comment gets.
func TestCommentCommands(t *testing.T) {
	tests := []struct {
		name, author, authorType, body string
		closed                         bool
		// reaction is the one expected ("" for none); reply phrases.
		reaction string
		reply    []string
		// job: a run is queued (regenerate says whether it regenerates).
		job, regenerate bool
		renames         map[string][]string
		accept          map[string]string
	}{
		{name: "regenerate by a writer", author: "alice", body: "/migrate regenerate",
			reaction: ReactionWorking, reply: []string{"@alice", "generated again"}, job: true, regenerate: true},
		{name: "rename for every project", author: "alice", body: "Please:\n/migrate rename users.phone -> users.mobile",
			reaction: ReactionWorking, reply: []string{"Rename `users.phone` → `users.mobile` recorded for every project"}, job: true,
			renames: map[string][]string{"": {"users.phone=users.mobile"}}},
		{name: "rename for one project by an admin", author: "carol", body: "/migrate rename app:users.phone -> users.mobile",
			reaction: ReactionWorking, reply: []string{"recorded for project `app`"}, job: true,
			renames: map[string][]string{"app": {"users.phone=users.mobile"}}},
		{name: "accept with a reason", author: "alice", body: "/migrate accept MB102 unused since v2",
			reaction: ReactionWorking, reply: []string{"`MB102` accepted for this pull request (unused since v2)"}, job: true,
			accept: map[string]string{"MB102": "unused since v2"}},
		{name: "help", author: "alice", body: "/migrate help", reaction: ReactionDone, reply: []string{"**migrate-bot commands.**"}},
		{name: "reader is refused", author: "bob", body: "/migrate regenerate", reaction: ReactionRefused,
			reply: []string{"@bob, only people with write access to acme/shop", "your access: read", "Nothing was done"}},
		{name: "stranger is refused", author: "eve", body: "/migrate accept MB102", reaction: ReactionRefused,
			reply: []string{"your access: none"}},
		{name: "invalid command", author: "alice", body: "/migrate rename users.phone", reaction: ReactionRefused,
			reply: []string{"Line 1: `rename` wants OLD -> NEW", "Nothing was done for it"}},
		{name: "valid and invalid commands", author: "alice", body: "/migrate deploy\n/migrate regenerate", reaction: ReactionRefused,
			reply: []string{"Line 1: unknown command", "generated again"}, job: true, regenerate: true},
		{name: "closed pull request", author: "alice", body: "/migrate regenerate", closed: true, reaction: ReactionDone,
			reply: []string{"This pull request is closed"}},
		{name: "a bot is ignored", author: "dependabot[bot]", authorType: "Bot", body: "/migrate regenerate"},
		{name: "the App itself is ignored", author: appLogin, authorType: "Bot", body: "/migrate help"},
		{name: "no command", author: "alice", body: "LGTM, but /migrate regenerate later"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := prismaScenario(t, schemaAddColumn)
			s.gh.prs[7].State = map[bool]string{true: "closed", false: "open"}[tc.closed]
			authorType := tc.authorType
			if authorType == "" {
				authorType = "User"
			}
			id := s.gh.addComment(tc.author, authorType == "Bot", tc.body)
			job := queue.CommentJob{InstallationID: 1, Repo: queue.Repo{Owner: "acme", Name: "shop"}, Number: 7, CommentID: id,
				Body: tc.body, Author: tc.author, AuthorType: authorType, DeliveryID: "d1"}
			if err := s.bot.Comment(context.Background(), job); err != nil {
				t.Fatal(err)
			}
			reactions := s.gh.reactions[id]
			if tc.reaction == "" {
				if len(reactions) != 0 || len(s.gh.comments) != 1 || len(s.gh.calls) != 0 {
					t.Errorf("ignored comment got reactions %v, %d comments, calls %v", reactions, len(s.gh.comments), s.gh.calls)
				}
				return
			}
			if len(reactions) != 1 || reactions[0] != tc.reaction {
				t.Errorf("reactions %v, want [%s]", reactions, tc.reaction)
			}
			if len(s.gh.comments) != 2 {
				t.Fatalf("%d comments, want the command and one reply", len(s.gh.comments))
			}
			reply := s.gh.comments[1].Body
			for _, want := range tc.reply {
				if !strings.Contains(reply, want) {
					t.Errorf("reply lacks %q:\n%s", want, reply)
				}
			}
			if cmds := ParseCommands(reply); len(cmds) != 0 {
				t.Errorf("the reply itself holds a command line: %q", cmds[0].Text)
			}
			if tc.job != (len(s.queue.prs) == 1) || len(s.queue.prs) > 1 {
				t.Fatalf("queued %+v, want a job: %v", s.queue.prs, tc.job)
			}
			if tc.job {
				q := s.queue.prs[0]
				if q.Regenerate != tc.regenerate || q.HeadSHA != s.head() || q.Number != 7 || q.Event != EventCommand {
					t.Errorf("queued %+v", q)
				}
			}
			st := s.state()
			if !equalRenames(st.Renames, tc.renames) {
				t.Errorf("renames %v, want %v", st.Renames, tc.renames)
			}
			if len(st.Accept) != len(tc.accept) || (len(tc.accept) > 0 && st.Accept["MB102"] != tc.accept["MB102"]) {
				t.Errorf("accept %v, want %v", st.Accept, tc.accept)
			}
		})
	}
}

func equalRenames(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, ",") != strings.Join(b[k], ",") {
			return false
		}
	}
	return true
}

// TestCommandsReachThePipeline: renames and accepted codes from commands
// are passed to the engine on the next run, renames per project.
func TestCommandsReachThePipeline(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	var got pipeline.Input
	s.plan = func(ctx context.Context, in pipeline.Input) (*pipeline.Result, error) {
		got = in
		return pipeline.Run(ctx, in)
	}
	for _, body := range []string{"/migrate rename a.b -> a.c", "/migrate rename app:x -> y\n/migrate accept MB412 short table"} {
		id := s.gh.addComment("alice", false, body)
		if err := s.bot.Comment(context.Background(), queue.CommentJob{InstallationID: 1, Repo: queue.Repo{Owner: "acme", Name: "shop"},
			Number: 7, CommentID: id, Body: body, Author: "alice", AuthorType: "User"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.bot.PullRequest(context.Background(), s.queue.prs[len(s.queue.prs)-1]); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Renames["app"], " ") != "a.b=a.c x=y" {
		t.Errorf("renames %v", got.Renames)
	}
	if got.Accept["MB412"] != "short table" {
		t.Errorf("accept %v", got.Accept)
	}
}

// TestRenameCommandResolvesLikelyRename: a likely rename asks for a
// decision (action_required, with the command to confirm it); after the
// command the plan renames and the check passes.
func TestRenameCommandResolvesLikelyRename(t *testing.T) {
	renamed := strings.Replace(schemaBase, "phone String?", "mobile String?", 1)
	s := prismaScenario(t, renamed)
	s.gh.prs[7].HeadRepo = ghapi.Repo{Owner: "mallory", Name: "shop"} // keep the head: files go to the comment
	s.run("pull_request.opened")
	last := s.lastCheck()
	if last.Conclusion == ConclusionSuccess {
		t.Fatalf("a likely rename passed:\n%s", last.Summary)
	}
	i := strings.Index(last.Summary, "`/migrate rename ")
	if i < 0 {
		t.Fatalf("no rename command offered:\n%s", last.Summary)
	}
	cmd := last.Summary[i+1:]
	cmd = cmd[:strings.Index(cmd, "`")]
	id := s.gh.addComment("alice", false, cmd)
	if err := s.bot.Comment(context.Background(), queue.CommentJob{InstallationID: 1, Repo: queue.Repo{Owner: "acme", Name: "shop"},
		Number: 7, CommentID: id, Body: cmd, Author: "alice", AuthorType: "User"}); err != nil {
		t.Fatal(err)
	}
	if err := s.bot.PullRequest(context.Background(), s.queue.prs[0]); err != nil {
		t.Fatal(err)
	}
	last = s.lastCheck()
	if !strings.Contains(last.Summary, "RenameColumn") || strings.Contains(last.Summary, "Likely renames") {
		t.Errorf("after %q the plan still does not rename:\n%s", cmd, last.Summary)
	}
}
