package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/githubfake"
	"github.com/migrate-bot/migrate-bot/internal/store/storetest"
	"github.com/migrate-bot/migrate-bot/internal/testutil/pgtest"
)

// scenario is one behaviour of issue #6 run against the serve process.
type scenario struct {
	name string
	run  func(t *testing.T, w *world)
	// workers of serve; 0 means 2.
	workers int
}

var scenarios = []scenario{
	{name: "opened with a Prisma change", run: openedPrismaChange},
	{name: "synchronize caused by the bot", run: botSynchronize},
	{name: "person edited the generated file", run: personEdit},
	{name: "migrate regenerate", run: regenerateCommand},
	{name: "Regenerate button", run: regenerateButton},
	{name: "command without write access", run: commandWithoutWriteAccess},
	{name: "fork without push access", run: forkWithoutPush},
	{name: "hand-written migration misses a column", run: handWrittenMissingColumn},
	{name: "redelivered webhook", run: redelivered},
	{name: "forged signature", run: forgedSignature},
	// One worker: with two, the job the bot's own synchronize enqueued can
	// be fetched by the second worker (and wait for the pull request's lock)
	// when the process dies; both jobs then stay "running" until River
	// rescues them (MIGRATE_BOT_JOB_TIMEOUT + 5 min), longer than a test.
	{name: "crash in the middle of a job and restart", run: crashAndRestart, workers: 1},
	{name: "GitHub answers 502 then 200", run: badGatewayThenOK},
	{name: "pull request of 400 files", run: fourHundredFiles},
	{name: "secondary rate limit then success", run: secondaryRateLimit},
	{name: "more than 50 annotations", run: manyAnnotations},
	{name: "unknown action answered and ignored", run: unknownAction},
	{name: "missed delivery picked up by the reconciler", run: missedDelivery},
}

// TestServe runs every scenario on PostgreSQL and on the embedded SQLite
// store, each with its own stand-in, database and serve process.
func TestServe(t *testing.T) {
	for _, backend := range storetest.Backends {
		t.Run(string(backend), func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					// Each scenario has its own stand-in, database and
					// process: they run side by side (-parallel, default
					// GOMAXPROCS).
					t.Parallel()
					workers := sc.workers
					if workers == 0 {
						workers = 2
					}
					sc.run(t, newWorldWith(t, backend, workers, nil))
				})
			}
		})
	}
}

// generated is the state after the bot committed the migration of an
// opened pull request and reported on its own commit.
type generated struct {
	number    int
	head      string // alice's head
	botCommit string
	migration string // path of the generated migration.sql
	content   []byte
}

// openAndGenerate opens a pull request adding the column name and waits
// until the bot committed the migration and reported on that commit.
func openAndGenerate(t *testing.T, w *world) generated {
	t.Helper()
	n, head := w.openPR("add-name", map[string]string{"prisma/schema.prisma": schemaAddName})
	w.waitFor("the bot's commit on the branch", 120*time.Second, func() bool { return w.gh.PullHead(repoName, n) != head })
	w.waitCheck(n)
	w.settle(time.Second)
	commits := w.botCommits(head, "add-name")
	if len(commits) != 1 {
		t.Fatalf("%d bot commits after opened, want 1", len(commits))
	}
	g := generated{number: n, head: head, botCommit: commits[0].SHA}
	paths, err := w.gh.ChangedPaths(repoName, head, g.botCommit)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if strings.HasPrefix(p, "prisma/migrations/") && strings.HasSuffix(p, "/migration.sql") {
			g.migration = p
		}
	}
	if g.migration == "" {
		t.Fatalf("the bot's commit changes %v: no migration.sql", paths)
	}
	if g.content, err = w.gh.FileAt(repoName, g.botCommit, g.migration); err != nil {
		t.Fatal(err)
	}
	return g
}

func openedPrismaChange(t *testing.T, w *world) {
	g := openAndGenerate(t, w)
	c := w.botCommits(g.head, "add-name")[0]
	if !c.Verified || len(c.Parents) != 1 || c.Parents[0] != g.head {
		t.Errorf("bot commit verified=%v parents=%v, want a verified commit on %s", c.Verified, c.Parents, g.head)
	}
	if !addsName(string(g.content)) {
		t.Errorf("%s:\n%s", g.migration, g.content)
	}
	// The committed migration runs on PostgreSQL after the existing history.
	db := pgtest.New(t)
	db.Exec(t, initMigration)
	db.Exec(t, string(g.content))
	var column string
	if err := db.DB.QueryRow(`SELECT column_name FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'name'`).Scan(&column); err != nil {
		t.Errorf("after the generated migration the column is missing: %v", err)
	}
	if !strings.Contains(g.migration, "add") {
		t.Errorf("migration folder %s is not named after the change", g.migration)
	}
	run := w.checkOn(g.botCommit)
	if run.Conclusion != "success" || run.Summary == "" || len(run.Actions) == 0 || run.Actions[0].Identifier != "regenerate" {
		t.Errorf("check on the bot's commit: %s, actions %v\n%s", run.Conclusion, run.Actions, run.Summary)
	}
	if first := w.checkOn(g.head); first == nil {
		t.Error("no completed check run on alice's head")
	}
	sums := w.summaries(g.number)
	if len(sums) != 1 || !strings.Contains(sums[0].Body, g.migration) {
		t.Fatalf("%d summary comments; want one naming %s", len(sums), g.migration)
	}
	if n := w.gh.Reviews(repoName, g.number); n > 1 {
		t.Errorf("%d reviews on a clean change", n)
	}
}

// addsName reports whether SQL adds the column name to the User table
// (PostgreSQL spelling of the generator: ALTER TABLE "public"."User" ADD
// COLUMN "name" text).
func addsName(sql string) bool {
	return strings.Contains(sql, `"User" ADD COLUMN "name" text`)
}

func botSynchronize(t *testing.T, w *world) {
	g := openAndGenerate(t, w)
	var sync *githubfake.DeliveryResult
	for _, d := range w.gh.Deliveries() {
		if d.Delivery.Action == "synchronize" {
			d := d
			sync = &d
		}
	}
	if sync == nil || sync.Status != http.StatusAccepted {
		t.Fatalf("the bot's push caused no accepted synchronize delivery: %+v", w.gh.Deliveries())
	}
	// The same synchronize again, as a new delivery: still nothing to commit.
	again, err := w.gh.PullRequestDelivery(repoName, g.number, "synchronize", w.gh.BotLogin(), g.head)
	w.mustDeliver(again, err)
	w.settle(2 * time.Second)
	if commits := w.botCommits(g.head, "add-name"); len(commits) != 1 {
		t.Errorf("%d bot commits after its own synchronize, want 1", len(commits))
	}
	if sums := w.summaries(g.number); len(sums) != 1 {
		t.Errorf("%d summary comments, want 1 edited in place", len(sums))
	}
	if run := w.checkOn(g.botCommit); run == nil || run.Conclusion != "success" {
		t.Errorf("check on the bot's commit: %+v", run)
	}
}

// personEditAfter pushes alice's edit of the generated file and waits for
// the report on it.
func personEditAfter(t *testing.T, w *world, g generated) string {
	t.Helper()
	edited := string(g.content) + "-- reviewed by alice\n"
	sha, ds, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: "add-name", Author: "alice", Message: "Tweak the migration",
		Files: map[string]string{g.migration: edited}})
	if err != nil || len(ds) != 1 {
		t.Fatalf("push: %v (%d deliveries)", err, len(ds))
	}
	w.mustDeliver(ds[0], nil)
	w.waitFor("a report on alice's edit", 120*time.Second, func() bool { return w.checkOn(sha) != nil })
	w.settle(time.Second)
	return sha
}

func personEdit(t *testing.T, w *world) {
	g := openAndGenerate(t, w)
	sha := personEditAfter(t, w, g)
	if tip := w.gh.BranchSHA(repoName, "add-name"); tip != sha {
		t.Fatalf("the branch moved past alice's edit to %s", tip)
	}
	got, err := w.gh.FileAt(repoName, "add-name", g.migration)
	if err != nil || !strings.HasSuffix(string(got), "-- reviewed by alice\n") {
		t.Errorf("alice's edit was overwritten: %q (%v)", got, err)
	}
	sums := w.summaries(g.number)
	if len(sums) != 1 || !strings.Contains(sums[0].Body, "changed by a person after migrate-bot wrote") {
		t.Errorf("the summary does not say the file is left alone:\n%v", sums)
	}
}

func regenerateCommand(t *testing.T, w *world) {
	g := openAndGenerate(t, w)
	edit := personEditAfter(t, w, g)
	id, d, err := w.gh.Comment(repoName, g.number, "alice", "/migrate regenerate")
	w.mustDeliver(d, err)
	w.waitFor("the regenerated commit", 120*time.Second, func() bool { return len(w.botCommits(edit, "add-name")) == 1 })
	w.waitCheck(g.number)
	w.settle(time.Second)
	got, err := w.gh.FileAt(repoName, "add-name", g.migration)
	if err != nil || string(got) != string(g.content) {
		t.Errorf("after regenerate %s = %q (%v), want the generated content back", g.migration, got, err)
	}
	if commits := w.botCommits(edit, "add-name"); len(commits) != 1 {
		t.Errorf("%d commits after regenerate, want 1", len(commits))
	}
	if !hasReaction(w, g.number, id, "eyes") {
		t.Errorf("no eyes reaction on the command: %+v", w.gh.IssueComments(repoName, g.number))
	}
}

func hasReaction(w *world, number int, id int64, content string) bool {
	for _, c := range w.gh.IssueComments(repoName, number) {
		if c.ID == id {
			for _, r := range c.Reactions {
				if r == w.gh.BotLogin()+":"+content {
					return true
				}
			}
		}
	}
	return false
}

func commandWithoutWriteAccess(t *testing.T, w *world) {
	g := openAndGenerate(t, w)
	before := w.gh.BranchSHA(repoName, "add-name")
	id, d, err := w.gh.Comment(repoName, g.number, "bob", "/migrate regenerate")
	w.mustDeliver(d, err)
	w.waitFor("the refusal", 60*time.Second, func() bool { return hasReaction(w, g.number, id, "confused") })
	w.settle(time.Second)
	var reply string
	for _, c := range w.gh.IssueComments(repoName, g.number) {
		if c.Author == w.gh.BotLogin() && strings.Contains(c.Body, "only people with write access") {
			reply = c.Body
		}
	}
	if !strings.Contains(reply, "@bob") || !strings.Contains(reply, "read") {
		t.Errorf("reply to bob = %q", reply)
	}
	if tip := w.gh.BranchSHA(repoName, "add-name"); tip != before {
		t.Errorf("bob's command moved the branch to %s", tip)
	}
}

func forkWithoutPush(t *testing.T, w *world) {
	if _, err := w.gh.Fork(repoName, "initech", "Organization", ""); err != nil {
		t.Fatal(err)
	}
	head, _, err := w.gh.Push(githubfake.PushSpec{Repo: "initech/shop", Branch: "add-name", Author: "carol", Files: map[string]string{"prisma/schema.prisma": schemaAddName}})
	if err != nil {
		t.Fatal(err)
	}
	n, d, err := w.gh.OpenPullRequest(githubfake.PullSpec{Repo: repoName, HeadRepo: "initech/shop", Head: "add-name", Title: "Add name", Author: "carol", MaintainerCanModify: true})
	w.mustDeliver(d, err)
	w.waitFor("the report on the fork's head", 120*time.Second, func() bool { return w.checkOn(head) != nil })
	w.settle(time.Second)
	if tip := w.gh.BranchSHA("initech/shop", "add-name"); tip != head {
		t.Errorf("the fork's branch moved to %s", tip)
	}
	sums := w.summaries(n)
	if len(sums) != 1 {
		t.Fatalf("%d summary comments, want 1", len(sums))
	}
	body := sums[0].Body
	if !strings.Contains(body, "cannot push to this pull request's branch") || !strings.Contains(body, "owned by an organization") ||
		!addsName(body) {
		t.Errorf("the summary does not carry the files to copy and the reason:\n%s", body)
	}
}

func handWrittenMissingColumn(t *testing.T, w *world) {
	n, head := w.openPR("add-two", map[string]string{
		"prisma/schema.prisma": schemaAddTwo,
		"prisma/migrations/20261125000000_add_names/migration.sql": "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\n",
	})
	w.waitFor("the report on the hand-written migration", 120*time.Second, func() bool { return w.checkOn(head) != nil })
	w.settle(time.Second)
	if commits := w.botCommits(head, "add-two"); len(commits) != 0 {
		t.Errorf("the bot committed %d times over a hand-written migration", len(commits))
	}
	run := w.checkOn(head)
	if run.Conclusion != "failure" || !strings.Contains(run.Summary, "nickname") {
		t.Errorf("check: %s\n%s", run.Conclusion, run.Summary)
	}
	var annotated bool
	for _, a := range run.Annotations {
		if a.GetPath() == "prisma/migrations/20261125000000_add_names/migration.sql" && strings.Contains(a.GetMessage(), "nickname") {
			annotated = true
		}
	}
	if !annotated {
		t.Errorf("no annotation on the migration names the missing column: %d annotations", len(run.Annotations))
	}
	if sums := w.summaries(n); len(sums) != 1 || !strings.Contains(sums[0].Body, "nickname") {
		t.Errorf("summary comment does not name the missing column")
	}
	// One review comment with a suggestion on the migration's diff lines
	// (the stand-in refuses lines outside the diff with 422).
	reviewed := func() []githubfake.ReviewComment {
		var out []githubfake.ReviewComment
		for _, rc := range w.gh.ReviewComments(repoName, n) {
			if rc.Path == "prisma/migrations/20261125000000_add_names/migration.sql" && strings.Contains(rc.Body, "suggestion") && strings.Contains(rc.Body, "nickname") {
				out = append(out, rc)
			}
		}
		return out
	}
	if got := reviewed(); len(got) != 1 {
		t.Fatalf("%d suggestion review comments on the migration, want 1: %+v", len(got), w.gh.ReviewComments(repoName, n))
	}
	if bad := w.gh.CountRequests(http.MethodPost, "/repos/acme/shop/pulls/*/reviews", http.StatusUnprocessableEntity); bad != 0 {
		t.Errorf("%d reviews refused by GitHub", bad)
	}
	// The same head reported again does not repeat the finding's comment.
	runs := len(w.gh.CheckRuns(repoName))
	again, err := w.gh.PullRequestDelivery(repoName, n, "synchronize", "alice", head)
	w.mustDeliver(again, err)
	w.waitFor("the second report", 120*time.Second, func() bool {
		return len(w.gh.CheckRuns(repoName)) > runs && w.checkOn(head) != nil && w.checkOn(head).ID != run.ID
	})
	w.settle(time.Second)
	if got := reviewed(); len(got) != 1 || w.gh.Reviews(repoName, n) != 1 {
		t.Errorf("after a second report: %d suggestion comments in %d reviews, want 1 in 1", len(got), w.gh.Reviews(repoName, n))
	}
}

func redelivered(t *testing.T, w *world) {
	head, _, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: "add-name", Author: "alice", Files: map[string]string{"prisma/schema.prisma": schemaAddName}})
	if err != nil {
		t.Fatal(err)
	}
	n, d, err := w.gh.OpenPullRequest(githubfake.PullSpec{Repo: repoName, Head: "add-name", Title: "Add name", Author: "alice"})
	w.mustDeliver(d, err)
	w.waitFor("the bot's commit", 120*time.Second, func() bool { return w.gh.PullHead(repoName, n) != head })
	w.waitCheck(n)
	w.settle(time.Second)
	runs, requests := len(w.gh.CheckRuns(repoName)), len(w.gh.Requests())
	if status := w.deliver(d); status != http.StatusOK {
		t.Errorf("redelivery answered %d, want 200", status)
	}
	w.settle(2 * time.Second)
	if got := len(w.gh.CheckRuns(repoName)); got != runs {
		t.Errorf("the redelivery made %d more check runs", got-runs)
	}
	if all := w.gh.Requests(); len(all) != requests {
		var extra []string
		for _, r := range all[requests:] {
			extra = append(extra, fmt.Sprintf("%s %s?%s -> %d", r.Method, r.Path, r.Query, r.Status))
		}
		t.Errorf("the redelivery made %d GitHub calls:\n%s", len(extra), strings.Join(extra, "\n"))
	}
	if commits := w.botCommits(head, "add-name"); len(commits) != 1 {
		t.Errorf("%d bot commits, want 1", len(commits))
	}
}

func forgedSignature(t *testing.T, w *world) {
	head, _, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: "add-name", Author: "alice", Files: map[string]string{"prisma/schema.prisma": schemaAddName}})
	if err != nil {
		t.Fatal(err)
	}
	_, d, err := w.gh.OpenPullRequest(githubfake.PullSpec{Repo: repoName, Head: "add-name", Title: "Add name", Author: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	status, err := d.Post(http.DefaultClient, "http://"+w.addr+"/webhook", "not-the-secret")
	if err != nil || status != http.StatusUnauthorized {
		t.Fatalf("forged delivery answered %d (%v), want 401", status, err)
	}
	req, err := d.Request("http://"+w.addr+"/webhook", webhookSecret)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Del("X-Hub-Signature-256") // only the legacy SHA-1 signature left
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("SHA-1-only delivery answered %d, want 401", resp.StatusCode)
	}
	w.settle(2 * time.Second)
	if runs := w.gh.CheckRuns(repoName); len(runs) != 0 {
		t.Errorf("%d check runs after forged deliveries", len(runs))
	}
	if n := w.gh.CountRequests("", "/repos/acme/shop/pulls/*", 0); n != 0 {
		t.Errorf("the bot read the pull request %d times after forged deliveries", n)
	}
	if tip := w.gh.BranchSHA(repoName, "add-name"); tip != head {
		t.Errorf("branch moved to %s", tip)
	}
	// The genuine delivery still works afterwards: the id was not stored.
	w.mustDeliver(d, nil)
	w.waitFor("the report on the genuine delivery", 120*time.Second, func() bool { return len(w.gh.CheckRuns(repoName)) > 0 })
}

func crashAndRestart(t *testing.T, w *world) {
	head, _, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: "add-name", Author: "alice", Files: map[string]string{"prisma/schema.prisma": schemaAddName}})
	if err != nil {
		t.Fatal(err)
	}
	// The bot's summary comment is held: the process dies after its commit
	// and while GitHub is creating the comment, which GitHub then finishes.
	held, release := w.gh.HoldNext(http.MethodPost, "/repos/acme/shop/issues/*/comments")
	defer release()
	n, d, err := w.gh.OpenPullRequest(githubfake.PullSpec{Repo: repoName, Head: "add-name", Title: "Add name", Author: "alice"})
	w.mustDeliver(d, err)
	select {
	case <-held:
	case <-time.After(120 * time.Second):
		t.Fatalf("the bot never posted its comment\n%s", w.logTail(60))
	}
	w.crash()
	// The process died between its commit and its comment: the commit is on
	// the branch, the comment not yet written.
	if commits := w.botCommits(head, "add-name"); len(commits) != 1 || len(w.summaries(n)) != 0 {
		t.Fatalf("at the crash: %d bot commits, %d comments; want 1 and 0", len(commits), len(w.summaries(n)))
	}
	release()
	w.waitFor("the held comment to be written", 10*time.Second, func() bool { return len(w.summaries(n)) == 1 })
	w.start()
	w.waitFor("a report on the head after the restart", 180*time.Second, func() bool {
		h := w.gh.PullHead(repoName, n)
		return h != head && w.checkOn(h) != nil
	})
	w.settle(2 * time.Second)
	if commits := w.botCommits(head, "add-name"); len(commits) != 1 {
		t.Errorf("%d bot commits after the crash and restart, want exactly 1", len(commits))
	}
	if sums := w.summaries(n); len(sums) != 1 {
		t.Errorf("%d summary comments after the crash and restart, want exactly 1", len(sums))
	}
	if run := w.checkOn(w.gh.PullHead(repoName, n)); run.Conclusion != "success" {
		t.Errorf("check after restart: %s\n%s", run.Conclusion, run.Summary)
	}
}

func badGatewayThenOK(t *testing.T, w *world) {
	files := w.gh.Fail(http.MethodGet, "/repos/acme/shop/pulls/*/files", 1, http.StatusBadGateway)
	ref := w.gh.Fail(http.MethodPatch, "/repos/acme/shop/git/refs/heads/*", 1, http.StatusBadGateway)
	g := openAndGenerate(t, w)
	if w.gh.FaultHits(files) != 1 || w.gh.FaultHits(ref) != 1 {
		t.Errorf("faults hit: files %d, ref update %d; want 1 each", w.gh.FaultHits(files), w.gh.FaultHits(ref))
	}
	if run := w.checkOn(g.botCommit); run.Conclusion != "success" || strings.Contains(run.Summary, "Bad Gateway") {
		t.Errorf("check after the 502s: %s\n%s", run.Conclusion, run.Summary)
	}
	if sums := w.summaries(g.number); len(sums) != 1 {
		t.Errorf("%d summary comments, want 1", len(sums))
	}
}

func fourHundredFiles(t *testing.T, w *world) {
	files := map[string]string{"prisma/schema.prisma": schemaAddName}
	for i := range 399 {
		files[fmt.Sprintf("src/pages/page%03d.ts", i)] = fmt.Sprintf("export const page = %d;\n", i)
	}
	n, head := w.openPR("big", files)
	w.waitFor("the bot's commit", 180*time.Second, func() bool { return w.gh.PullHead(repoName, n) != head })
	w.waitCheck(n)
	w.settle(time.Second)
	if commits := w.botCommits(head, "big"); len(commits) != 1 {
		t.Errorf("%d bot commits, want 1", len(commits))
	}
	// 400 files at 100 per page: the bot read all four pages.
	var pages = map[string]bool{}
	for _, r := range w.gh.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, fmt.Sprintf("/pulls/%d/files", n)) && r.Status == 200 {
			pages[r.Query] = true
		}
	}
	if len(pages) < 4 {
		t.Errorf("the bot read %d distinct pages of files, want 4", len(pages))
	}
	if run := w.checkOn(w.gh.PullHead(repoName, n)); run.Conclusion != "success" {
		t.Errorf("check: %s\n%s", run.Conclusion, run.Summary)
	}
}

func secondaryRateLimit(t *testing.T, w *world) {
	limit := w.gh.SecondaryLimit(http.MethodPost, "/repos/acme/shop/check-runs", 1, 2*time.Second)
	g := openAndGenerate(t, w)
	if w.gh.FaultHits(limit) != 1 {
		t.Fatalf("the secondary limit was hit %d times", w.gh.FaultHits(limit))
	}
	// The retry came after Retry-After, not at once.
	var refused, retried time.Time
	for _, r := range w.gh.Requests() {
		if r.Method == http.MethodPost && r.Path == "/repos/acme/shop/check-runs" {
			if r.Status == http.StatusForbidden && refused.IsZero() {
				refused = r.At
			} else if r.Status == http.StatusCreated && !refused.IsZero() && retried.IsZero() {
				retried = r.At
			}
		}
	}
	t.Logf("retried %s after the secondary limit", retried.Sub(refused).Round(time.Millisecond))
	if retried.Sub(refused) < 2*time.Second {
		t.Errorf("retried %s after a secondary limit asking for 2 s", retried.Sub(refused))
	}
	if run := w.checkOn(g.botCommit); run.Conclusion != "success" {
		t.Errorf("check: %s", run.Conclusion)
	}
}

// wideSchema is a model of n optional text columns c000..; keep drops the
// columns from keep on.
func wideSchema(n, keep int) string {
	var b strings.Builder
	b.WriteString("datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  phone String?\n")
	for i := range min(n, keep) {
		fmt.Fprintf(&b, "  c%03d String?\n", i)
	}
	b.WriteString("}\n")
	return b.String()
}

func manyAnnotations(t *testing.T, w *world) {
	// main gets 60 more columns (with their migration), the pull request
	// drops them all: 60 findings of data loss on 60 schema lines.
	var add strings.Builder
	for i := range 60 {
		fmt.Fprintf(&add, "ALTER TABLE \"User\" ADD COLUMN \"c%03d\" TEXT;\n", i)
	}
	if _, _, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: "main", Author: "alice", Files: map[string]string{
		"prisma/schema.prisma": wideSchema(60, 60), "prisma/migrations/20240201000000_wide/migration.sql": add.String(),
	}}); err != nil {
		t.Fatal(err)
	}
	n, head := w.openPR("narrow", map[string]string{"prisma/schema.prisma": wideSchema(60, 0)})
	w.waitFor("a report", 120*time.Second, func() bool {
		h := w.gh.PullHead(repoName, n)
		return w.checkOn(h) != nil && (h != head || w.checkOn(head).Conclusion != "")
	})
	w.settle(2 * time.Second)
	var most int
	for _, run := range w.gh.CheckRuns(repoName) {
		most = max(most, len(run.Annotations))
		// GitHub appends the annotations of every update: one sent twice
		// shows twice.
		seen := map[string]int{}
		for _, a := range run.Annotations {
			seen[fmt.Sprintf("%s:%d-%d %s %s", a.GetPath(), a.GetStartLine(), a.GetEndLine(), a.GetTitle(), a.GetMessage())]++
		}
		for k, c := range seen {
			if c > 1 {
				t.Errorf("check run %d on %.7s carries annotation %q %d times", run.ID, run.HeadSHA, k, c)
			}
		}
	}
	t.Logf("%d annotations on one check run, %d check-run PATCHes", most, w.gh.CountRequests(http.MethodPatch, "/repos/acme/shop/check-runs/*", http.StatusOK))
	if most <= 50 {
		t.Errorf("at most %d annotations on a check run; the 60 dropped columns should give more than 50", most)
	}
	if bad := w.gh.CountRequests("", "/repos/acme/shop/check-runs*", http.StatusUnprocessableEntity); bad != 0 {
		t.Errorf("GitHub refused %d check-run requests (over 50 annotations in one?)", bad)
	}
}

func unknownAction(t *testing.T, w *world) {
	if _, _, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: "add-name", Author: "alice", Files: map[string]string{"prisma/schema.prisma": schemaAddName}}); err != nil {
		t.Fatal(err)
	}
	// The pull request exists on GitHub, but its opened delivery is lost;
	// a labeled delivery must not start any work.
	n, _, err := w.gh.OpenPullRequest(githubfake.PullSpec{Repo: repoName, Head: "add-name", Title: "Add name", Author: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	labeled, err := w.gh.PullRequestDelivery(repoName, n, "labeled", "alice", "")
	w.mustDeliver(labeled, err)
	w.settle(2 * time.Second)
	if runs := w.gh.CheckRuns(repoName); len(runs) != 0 {
		t.Errorf("pull_request.labeled started %d check runs", len(runs))
	}
	if reads := w.gh.CountRequests("", "/repos/acme/shop/pulls/*", 0); reads != 0 {
		t.Errorf("pull_request.labeled made %d reads of the pull request", reads)
	}
}

func regenerateButton(t *testing.T, w *world) {
	g := openAndGenerate(t, w)
	edit := personEditAfter(t, w, g)
	run := w.checkOn(edit)
	if len(run.Actions) == 0 || run.Actions[0].Identifier != "regenerate" {
		t.Fatalf("the check on the edited head has no Regenerate button: %+v", run.Actions)
	}
	d, err := w.gh.CheckRunDelivery(run.ID, "requested_action", "regenerate", "alice")
	w.mustDeliver(d, err)
	w.waitFor("the regenerated commit", 120*time.Second, func() bool { return len(w.botCommits(edit, "add-name")) == 1 })
	w.waitCheck(g.number)
	w.settle(time.Second)
	got, err := w.gh.FileAt(repoName, "add-name", g.migration)
	if err != nil || string(got) != string(g.content) {
		t.Errorf("after the button %s = %q (%v), want the generated content back", g.migration, got, err)
	}
	// The button of someone without write access does nothing.
	before := w.gh.BranchSHA(repoName, "add-name")
	latest := w.checkOn(before)
	d, err = w.gh.CheckRunDelivery(latest.ID, "requested_action", "regenerate", "bob")
	w.mustDeliver(d, err)
	w.settle(2 * time.Second)
	if tip := w.gh.BranchSHA(repoName, "add-name"); tip != before {
		t.Errorf("bob's button moved the branch to %s", tip)
	}
}

func missedDelivery(t *testing.T, w *world) {
	// The pull request is opened while serve is down: its delivery fails
	// and GitHub does not retry it.
	w.stop()
	head, _, err := w.gh.Push(githubfake.PushSpec{Repo: repoName, Branch: "add-name", Author: "alice", Files: map[string]string{"prisma/schema.prisma": schemaAddName}})
	if err != nil {
		t.Fatal(err)
	}
	n, d, err := w.gh.OpenPullRequest(githubfake.PullSpec{Repo: repoName, Head: "add-name", Title: "Add name", Author: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Post(http.DefaultClient, "http://"+w.addr+"/webhook", webhookSecret); err == nil {
		t.Fatal("the delivery reached a stopped server")
	}
	w.start()
	w.waitFor("the reconciler's work on the missed pull request", 180*time.Second, func() bool {
		h := w.gh.PullHead(repoName, n)
		return h != head && w.checkOn(h) != nil
	})
	w.settle(time.Second)
	if commits := w.botCommits(head, "add-name"); len(commits) != 1 {
		t.Errorf("%d bot commits, want 1", len(commits))
	}
	if sums := w.summaries(n); len(sums) != 1 {
		t.Errorf("%d summary comments, want 1", len(sums))
	}
}
