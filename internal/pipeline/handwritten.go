package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"testing/fstest"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint/rules"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// HandWrittenCheck is the verdict on migration files a change brings
// itself: applied after the base schema, do they give the head schema?
type HandWrittenCheck struct {
	// Files are the repository paths of the added migration files, in the
	// order they run (the bot's own added files among them, when a person
	// added one next to them).
	Files []string
	// Converges is true when base + the migration equals the head schema.
	Converges bool
	// Missing are the up statements still needed to reach the head schema
	// (what the engine plans for the remaining difference, without the
	// trailing semicolon).
	Missing []string
	// Extra are the differences the migration makes that the head schema
	// does not have, as sentences ("column public.users.nickname is
	// created by the migration but is not in the head schema").
	Extra []string
	// Findings are the lint findings on the changes the migration makes,
	// judged as the engine would plan them (the rules look at changes,
	// locks and data, not at the migration's own wording). A finding on
	// something the migration adds has its SourcePos in the migration
	// file (the reader records the statement's line); one on something it
	// removes points at the base schema (a repository path at the merge
	// base, or "(base schema)" when the base was rendered from Prisma).
	Findings []lint.Finding
	// Unchecked, when set, says why the migration could not be compared
	// with the schema change: Alembic revisions and Knex modules are
	// programs, and migrate-bot never runs code from a repository. The
	// project's Doc then holds the plan migrate-bot would have written,
	// for a reviewer to compare by eye; Converges, Missing and Extra say
	// nothing.
	Unchecked string
}

// addedMigrations lists the migration files the change adds to the
// project's migrations directory (present at head, absent at the merge
// base): a Prisma folder's migration.sql, or an up SQL file
// (golang-migrate .up.sql, goose, dbmate or plain .sql). When a person
// added one, the bot's own added files (ignore) run too once the branch
// is merged, so they are listed with it; the bot's files alone are not a
// hand-written migration (nil).
func addedMigrations(in Input, p *config.Project, ignore map[string]bool) ([]string, error) {
	if p.Migrations == "" {
		return nil, nil
	}
	var out []string
	person := false
	for _, c := range in.Changed {
		if c == p.Migrations || !gitrepo.Touches([]string{c}, p.Migrations) || !isMigrationFile(c, p.Format) {
			continue
		}
		if _, err := in.Repo.ReadFile(in.Head, c); err != nil {
			if errors.Is(err, gitrepo.ErrNotExist) {
				continue // removed by the change
			}
			return nil, err
		}
		if _, err := in.Repo.ReadFile(in.MergeBase, c); err == nil {
			continue // modified, not added
		} else if !errors.Is(err, gitrepo.ErrNotExist) {
			return nil, err
		}
		person = person || !ignore[c]
		out = append(out, c)
	}
	if !person {
		return nil, nil
	}
	// Migration tools run files in name order (versions sort).
	sort.Strings(out)
	return out, nil
}

func isMigrationFile(p, format string) bool {
	switch format {
	case config.FormatPrisma:
		return path.Base(p) == "migration.sql"
	case config.FormatSQL, "":
		return FileKind(p) == "up"
	case config.FormatAlembic:
		return path.Ext(p) == ".py" && path.Base(p) != "env.py"
	case config.FormatKnex:
		switch path.Ext(p) {
		case ".js", ".ts", ".mjs", ".cjs":
			return true
		}
	}
	return false
}

// codeFormats are the formats whose migrations are programs: a migration
// a person adds in one of them cannot be checked without running it.
var codeFormats = map[string]string{config.FormatAlembic: "an Alembic revision", config.FormatKnex: "a Knex migration"}

// uncheckedHandWritten reports a migration a person added in a code
// format: nothing is generated (the branch has its migration), and the
// plan migrate-bot would have written is shown, with the lint findings on
// the schema change, for comparison.
func uncheckedHandWritten(ctx context.Context, pj *project, added []string) (*ProjectResult, error) {
	job := pj.job
	job.WriteDir = ""
	doc, err := Generate(ctx, job)
	if err != nil {
		return nil, err
	}
	doc.Files = nil
	what := codeFormats[pj.p.Format]
	return &ProjectResult{Project: pj.p, Doc: doc, HandWritten: &HandWrittenCheck{Files: added,
		Unchecked: what + " is Python or JavaScript, and migrate-bot never runs code from a repository: compare it with the plan below, which is what migrate-bot would have written"}}, nil
}

// dropIgnored removes the bot's own files from a history read by
// GitHistory.
func dropIgnored(h *History, dir string, ignore map[string]bool) {
	m, ok := h.FS.(fstest.MapFS)
	if !ok {
		return
	}
	for name := range m {
		if ignore[path.Join(dir, name)] {
			delete(m, name)
		}
	}
}

// UpSection keeps the statements a migration file runs going up, with the
// other lines blanked so positions stay those of the file: goose's
// "-- +goose Up" section, dbmate's "-- migrate:up" section, or the whole
// file (golang-migrate .up.sql, a Prisma migration.sql, plain SQL).
func UpSection(data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	up, down := "", ""
	for _, l := range lines {
		t := strings.ToLower(strings.TrimSpace(l))
		switch {
		case strings.HasPrefix(t, "-- +goose up"):
			up, down = "-- +goose up", "-- +goose down"
		case strings.HasPrefix(t, "-- migrate:up"):
			up, down = "-- migrate:up", "-- migrate:down"
		}
		if up != "" {
			break
		}
	}
	if up == "" {
		return data
	}
	in := false
	for i, l := range lines {
		t := strings.ToLower(strings.TrimSpace(l))
		switch {
		case strings.HasPrefix(t, up):
			in = true
			lines[i] = ""
		case strings.HasPrefix(t, down):
			in = false
			lines[i] = ""
		case !in:
			lines[i] = ""
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// checkHandWritten applies the base schema and the added migration files
// with the dialect's SQL reader and compares the result with the head
// schema. An SQL project's own files are used on both sides; a Prisma
// project's schemas are rendered as the DDL the engine plans from empty,
// so both sides of the comparison come from the same SQL reader.
func checkHandWritten(ctx context.Context, in Input, pj *project, added []string) (*ProjectResult, error) {
	d := pj.job.Dialect
	baseFiles, err := ddlFiles(pj.from, d, "(base schema)")
	if err != nil {
		return nil, fmt.Errorf("%s: rendering the base schema: %w", pj.where, err)
	}
	headFiles, err := ddlFiles(pj.to, d, "(head schema)")
	if err != nil {
		return nil, fmt.Errorf("%s: rendering the head schema: %w", pj.where, err)
	}
	migFiles := make([]schema.File, 0, len(added))
	var texts []string
	for _, p := range added {
		f, err := in.Repo.ReadFile(in.Head, p)
		if err != nil {
			return nil, err
		}
		f.Data = UpSection(f.Data)
		migFiles = append(migFiles, f)
		texts = append(texts, string(f.Data))
	}
	base, applied, expected, err := readerApply(d, pj, baseFiles, migFiles, headFiles)
	if err != nil && in.Shadow != nil {
		// The reader does not model a statement: real databases do.
		var serr error
		base, applied, expected, serr = shadowApply(ctx, in.Shadow, d, baseFiles, migFiles, headFiles)
		if serr == nil {
			err = nil
		} else if !errors.Is(serr, ErrNoShadow) {
			err = serr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the migration %s cannot be checked: %w", strings.Join(added, ", "), err)
	}
	hw := &HandWrittenCheck{Files: added}
	rest, err := migration.Generate(applied, expected, d, migration.Options{})
	if err != nil {
		return nil, fmt.Errorf("comparing the migration %s with the head schema: %w", strings.Join(added, ", "), err)
	}
	hw.Converges = len(rest.Changes) == 0
	for _, s := range rest.Plan.Steps {
		if s.Change != nil && strings.HasPrefix(s.Change.Kind(), "Drop") {
			continue
		}
		hw.Missing = append(hw.Missing, s.Up...)
	}
	for _, c := range rest.Changes {
		if strings.HasPrefix(c.Kind(), "Drop") {
			hw.Extra = append(hw.Extra, extraSentence(c))
		}
	}
	// What the migration does, planned by the engine, is what the rules
	// judge.
	made, err := migration.Generate(base, applied, d, migration.Options{Renames: pj.renames})
	if err != nil {
		return nil, fmt.Errorf("planning the changes of the migration %s: %w", strings.Join(added, ", "), err)
	}
	lctx := &lint.Context{Plan: made.Plan, From: base, To: applied, Dialect: d,
		Options: lint.Options{MaxBlockingLock: pj.job.MaxLock, MaxStepDuration: pj.job.MaxStep}}
	for _, t := range texts {
		lctx.Options.LockTimeout = lctx.Options.LockTimeout || WritesLockTimeout(t, d) || setsLockTimeout(t)
	}
	if pj.job.Facts != nil && !made.Plan.Empty() {
		if lctx.Facts, err = pj.job.Facts(ctx, pj.p.Name, d, base, made.Plan); err != nil {
			return nil, err
		}
	}
	hw.Findings = rules.Run(lctx, pj.job.Lint)
	doc := report.Build(report.Input{Project: pj.p.Name, Schema: pj.p.Schema, Dialect: d,
		Plan: made.Plan, Changes: made.Changes, FailOn: pj.job.FailOn, Findings: hw.Findings})
	return &ProjectResult{Project: pj.p, Doc: doc, HandWritten: hw}, nil
}

// readerApply reads base, base + migration and head with the dialect's
// SQL reader.
func readerApply(d *dialect.Dialect, pj *project, baseFiles, migFiles, headFiles []schema.File) (base, applied, expected *schema.Schema, err error) {
	if base, err = ParseSQL(d, baseFiles); err != nil {
		return nil, nil, nil, fmt.Errorf("reading the base schema as SQL: %w", err)
	}
	if applied, err = ParseSQL(d, append(append([]schema.File{}, baseFiles...), migFiles...)); err != nil {
		return nil, nil, nil, err
	}
	expected = pj.to.Schema
	if pj.to.Kind != SideSQL {
		if expected, err = ParseSQL(d, headFiles); err != nil {
			return nil, nil, nil, fmt.Errorf("reading the head schema as SQL: %w", err)
		}
	}
	return base, applied, expected, nil
}

// ddlFiles is a side as SQL DDL: an SQL side's own files, or the DDL the
// engine plans from empty (a Prisma side).
func ddlFiles(s *Side, d *dialect.Dialect, label string) ([]schema.File, error) {
	switch s.Kind {
	case SideSQL:
		return s.Files, nil
	case SideEmpty:
		return nil, nil
	}
	res, err := migration.Generate(nil, s.Schema, d, migration.Options{})
	if err != nil {
		return nil, err
	}
	return []schema.File{{Path: label, Data: []byte(script(res.Plan))}}, nil
}

// script renders a plan's up statements one after the other.
func script(p *plan.Plan) string {
	var b strings.Builder
	for _, s := range p.Steps {
		for _, st := range s.Up {
			b.WriteString(st)
			b.WriteString(";\n")
		}
	}
	return b.String()
}

// extraSentence says what a migration made that the head does not have.
func extraSentence(c schema.Change) string {
	dc := report.Describe(c)
	noun := strings.ToLower(strings.TrimPrefix(dc.Kind, "Drop"))
	s := fmt.Sprintf("%s %s is created by the migration but is not in the head schema", noun, dc.Object)
	if dc.Detail != "" {
		s += " (" + dc.Detail + ")"
	}
	return s
}

// lockTimeoutPrefixes start the statements that bound lock waits, with
// any value: a person picks their own.
var lockTimeoutPrefixes = []string{
	"set lock_timeout", "set local lock_timeout", "set session lock_timeout",
	"set lock_wait_timeout", "set session lock_wait_timeout", "set innodb_lock_wait_timeout",
	"set session innodb_lock_wait_timeout", "pragma busy_timeout",
}

// setsLockTimeout reports whether a hand-written migration sets a lock
// timeout (MB412 then stays quiet).
func setsLockTimeout(text string) bool {
	for _, line := range strings.Split(text, "\n") {
		l := strings.ToLower(strings.Join(strings.Fields(line), " "))
		for _, p := range lockTimeoutPrefixes {
			if strings.HasPrefix(l, p) {
				return true
			}
		}
	}
	return false
}
