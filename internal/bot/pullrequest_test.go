package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/ghapi"
	"github.com/migrate-bot/migrate-bot/internal/queue"
)

// TestCheckRunSequence runs one pull request job per repository shape and
// checks the check run's life (created in_progress, then completed once
// with the conclusion), what else the bot did, and the recorded result.
func TestCheckRunSequence(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) *scenario
		// conclusion and title of the completed run; summary and
		// annotation are phrases and a path:line it must have.
		conclusion, title string
		summary           []string
		annotation        string
		// commits, comments and fetched: what else happened.
		commits, comments int
		fetched           bool
	}{
		{
			name: "no configuration on the base branch",
			setup: func(t *testing.T) *scenario {
				return newScenario(t, map[string]string{"prisma/schema.prisma": schemaBase},
					map[string]string{"prisma/schema.prisma": schemaAddColumn})
			},
			conclusion: ConclusionNeutral, title: "No configuration",
			summary: []string{"has no `.github/migrate-bot.yml`", "Configuration section", "version: 1"},
		},
		{
			name: "configuration added only by the pull request is not used",
			setup: func(t *testing.T) *scenario {
				return newScenario(t, map[string]string{"prisma/schema.prisma": schemaBase},
					map[string]string{".github/migrate-bot.yml": testConfig, "prisma/schema.prisma": schemaAddColumn})
			},
			conclusion: ConclusionNeutral, title: "No configuration",
		},
		{
			name: "broken configuration names key and line",
			setup: func(t *testing.T) *scenario {
				return newScenario(t, map[string]string{
					".github/migrate-bot.yml": "version: 1\nprojects:\n  - name: app\n    schema: prisma/schema.prisma\n    migrations: prisma/migrations\n    dialect: oracle\n",
					"prisma/schema.prisma":    schemaBase,
				}, map[string]string{"prisma/schema.prisma": schemaAddColumn})
			},
			conclusion: ConclusionFailure, title: "The configuration has an error",
			summary:    []string{"line 6", "key `projects[0].dialect`", "unknown dialect"},
			annotation: ".github/migrate-bot.yml:6",
		},
		{
			name: "no configured path touched",
			setup: func(t *testing.T) *scenario {
				return newScenario(t, map[string]string{".github/migrate-bot.yml": testConfig, "prisma/schema.prisma": schemaBase, "README.md": "a\n"},
					map[string]string{"README.md": "b\n"})
			},
			conclusion: ConclusionNeutral, title: "No schema or migration changed",
			summary: []string{"nothing to plan"},
		},
		{
			name:       "added column is generated and committed",
			setup:      func(t *testing.T) *scenario { return prismaScenario(t, schemaAddColumn) },
			conclusion: ConclusionSuccess, title: "The migration passes the checks",
			summary: []string{"`app`: PASS", "migrate-bot committed `prisma/migrations/20261125120000_add_user_name/down.sql` and `prisma/migrations/20261125120000_add_user_name/migration.sql` in "},
			commits: 1, comments: 1, fetched: true,
		},
		{
			name:       "dropped column fails with an annotation on the schema",
			setup:      func(t *testing.T) *scenario { return prismaScenario(t, schemaDropColumn) },
			conclusion: ConclusionFailure, title: "The migration fails the checks",
			summary:    []string{"`app`: FAIL", "MB"},
			annotation: "prisma/schema.prisma:",
			commits:    1, comments: 1, fetched: true,
		},
		{
			name: "unparsable schema fails with file and line",
			setup: func(t *testing.T) *scenario {
				return prismaScenario(t, "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id Int @id\n  email String @unique\n")
			},
			conclusion: ConclusionFailure, title: "1 project could not be planned",
			summary:  []string{"`app`: could not be planned", "prisma/schema.prisma:"},
			comments: 1, fetched: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.setup(t)
			s.run("pull_request.opened")
			if len(s.gh.checkOrder) != 1 {
				t.Fatalf("%d check runs, want 1", len(s.gh.checkOrder))
			}
			history := s.gh.checkRuns[s.gh.checkOrder[0]]
			if first := history[0]; first.Status != "in_progress" || first.Name != CheckRunName || first.HeadSHA == "" {
				t.Errorf("check run created as %+v, want %s in_progress on the head", first, CheckRunName)
			}
			completed := 0
			for _, h := range history {
				if h.Status == "completed" {
					completed++
				}
			}
			if completed != 1 {
				t.Errorf("check run completed %d times, want once", completed)
			}
			last := history[len(history)-1]
			if last.Conclusion != tc.conclusion || last.Title != tc.title {
				t.Errorf("completed %q %q, want %q %q\n%s", last.Conclusion, last.Title, tc.conclusion, tc.title, last.Summary)
			}
			for _, want := range tc.summary {
				if !strings.Contains(last.Summary, want) {
					t.Errorf("summary lacks %q:\n%s", want, last.Summary)
				}
			}
			if tc.annotation != "" && !hasAnnotation(last.Annotations, tc.annotation) {
				t.Errorf("no annotation at %s: %+v", tc.annotation, last.Annotations)
			}
			if got := len(s.gh.commits); got != tc.commits {
				t.Errorf("%d commits, want %d", got, tc.commits)
			}
			if got := len(s.summaryComments()); got != tc.comments {
				t.Errorf("%d summary comments, want %d", got, tc.comments)
			}
			for _, c := range s.gh.comments {
				if cmds := ParseCommands(c.Body); len(cmds) > 0 {
					t.Errorf("the bot's comment holds a command line %q", cmds[0].Text)
				}
				if !strings.Contains(c.Body, "`/migrate help` to list them") {
					t.Errorf("summary comment lacks the commands footer")
				}
			}
			if fetched := len(s.fetch.calls) > 0; fetched != tc.fetched {
				t.Errorf("fetched = %v, want %v", fetched, tc.fetched)
			}
			if got := s.store.results[testRepo.FullName()+"@"+last.HeadSHA]; got != tc.conclusion {
				t.Errorf("recorded result %q, want %q", got, tc.conclusion)
			}
		})
	}
}

func hasAnnotation(as []ghapi.Annotation, prefix string) bool {
	for _, a := range as {
		if strings.HasPrefix(a.Path+":"+strconv.Itoa(a.StartLine), prefix) {
			return true
		}
	}
	return false
}

// TestFetchUsesPullRef checks the fetch: the base repository's clone URL
// with the installation token, refs/pull/N/head (which serves forks) and
// the base branch, into the pull request's own folder.
func TestFetchUsesPullRef(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	s.run("pull_request.opened")
	if len(s.fetch.calls) != 1 {
		t.Fatalf("%d fetches", len(s.fetch.calls))
	}
	c := s.fetch.calls[0]
	if c.URL != "https://git.example.com/acme/shop.git" || c.Token != "installation-token" {
		t.Errorf("fetched %s with token %q", c.URL, c.Token)
	}
	if strings.Join(c.Refs, " ") != "refs/pull/7/head refs/heads/main" {
		t.Errorf("refs %v", c.Refs)
	}
	if !strings.HasSuffix(c.Dir, "acme/shop/pull-7") {
		t.Errorf("fetched into %s", c.Dir)
	}
}

// TestClosedAndSupersededJobs: a closed pull request and a job for an old
// head do nothing but hand over to the current head.
func TestClosedAndSupersededJobs(t *testing.T) {
	t.Run("closed", func(t *testing.T) {
		s := prismaScenario(t, schemaAddColumn)
		s.gh.prs[7].State = "closed"
		s.run("pull_request.closed")
		if len(s.gh.checkOrder) != 0 || len(s.fetch.calls) != 0 || s.plans != 0 {
			t.Errorf("a closed pull request got %d check runs, %d fetches, %d plans", len(s.gh.checkOrder), len(s.fetch.calls), s.plans)
		}
	})
	t.Run("superseded", func(t *testing.T) {
		s := prismaScenario(t, schemaAddColumn)
		old := s.job("pull_request.opened")
		s.push("more", map[string]string{"prisma/schema.prisma": schemaAddTwoColumns})
		if err := s.bot.PullRequest(context.Background(), old); err != nil {
			t.Fatal(err)
		}
		if len(s.gh.checkOrder) != 0 || s.plans != 0 {
			t.Errorf("the old head was planned")
		}
		if len(s.queue.prs) != 1 || s.queue.prs[0].HeadSHA != s.head() || s.queue.prs[0].Event != EventSuperseded {
			t.Errorf("enqueued %+v, want the current head", s.queue.prs)
		}
	})
}

// TestBranchMovedWhileCommitting: the ref update is refused (a person
// pushed meanwhile): the job fails for a retry, nothing is forced, and the
// retry closes the old head's check run and hands over to the new head.
func TestBranchMovedWhileCommitting(t *testing.T) {
	s := prismaScenario(t, schemaAddColumn)
	job := s.job("pull_request.opened")
	s.gh.moveOnWrite = func() { s.push("a person's push", map[string]string{"README.md": "moved\n"}) }
	err := s.bot.PullRequest(context.Background(), job)
	if !errors.Is(err, errBranchMoved) || queue.IsPermanent(err) {
		t.Fatalf("err = %v, want a retryable errBranchMoved", err)
	}
	if len(s.gh.commits) != 0 {
		t.Fatalf("committed over a moved branch")
	}
	if err := s.bot.PullRequest(context.Background(), job); err != nil {
		t.Fatalf("retry: %v", err)
	}
	last := s.lastCheck()
	if last.Status != "completed" || last.Conclusion != ConclusionNeutral || !strings.Contains(last.Title, "Superseded") {
		t.Errorf("old head's check run ends %+v", last)
	}
	if len(s.queue.prs) != 1 || s.queue.prs[0].HeadSHA != s.head() {
		t.Errorf("new head not handed over: %+v", s.queue.prs)
	}
}

// TestErrorsForTheQueue: transient GitHub errors are returned for a
// retry, a rate limit as a snooze, a missing pull request as permanent.
func TestErrorsForTheQueue(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		err       error
		permanent bool
		retryIn   bool
	}{
		{name: "GitHub 502 on the pull request", method: "PullRequest", err: &ghapi.APIError{Status: 502, Message: "Bad Gateway"}},
		{name: "network error listing files", method: "ChangedFiles", err: errors.New("connection reset by peer")},
		{name: "rate limit on the check run", method: "CreateCheckRun", err: &ghapi.RateLimitError{RetryAfter: 90e9}, retryIn: true},
		{name: "pull request gone", method: "PullRequest", err: ghapi.ErrNotFound, permanent: true},
		{name: "permission removed", method: "CreateCheckRun", err: ghapi.ErrForbidden, permanent: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := prismaScenario(t, schemaAddColumn)
			s.gh.fail(tc.method, tc.err)
			err := s.bot.PullRequest(context.Background(), s.job("pull_request.opened"))
			if err == nil {
				t.Fatal("no error")
			}
			if got := queue.IsPermanent(err); got != tc.permanent {
				t.Errorf("permanent = %v, want %v (%v)", got, tc.permanent, err)
			}
			d, ok := queue.RetryDelay(err)
			if ok != tc.retryIn || (ok && d != 90e9) {
				t.Errorf("retry delay %v %v, want %v", d, ok, tc.retryIn)
			}
			if tc.permanent || tc.retryIn {
				return
			}
			// The retry completes the same check run, not a second one.
			if err := s.bot.PullRequest(context.Background(), s.job("pull_request.opened")); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if len(s.gh.checkOrder) != 1 || s.lastCheck().Conclusion != ConclusionSuccess {
				t.Errorf("%d check runs, last %+v", len(s.gh.checkOrder), s.lastCheck().Conclusion)
			}
		})
	}
}
