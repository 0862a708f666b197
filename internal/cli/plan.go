package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// plan is the `migrate-bot plan` command.
func (e *env) plan(args []string) int {
	o, err := parsePlanFlags(args, e.stdout)
	if errors.Is(err, errHelp) {
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "migrate-bot plan: %v\nRun 'migrate-bot plan --help' for usage.\n", err)
		return ExitError
	}
	if o.repo != "" {
		return e.planRepo(o)
	}
	doc, err := e.planSources(o)
	if err != nil {
		fmt.Fprintf(e.stderr, "migrate-bot: %v\n", err)
		return ExitError
	}
	if err := render(e.stdout, o.report, doc); err != nil {
		fmt.Fprintf(e.stderr, "migrate-bot: writing the report: %v\n", err)
		return ExitError
	}
	if doc.Verdict.Failed {
		return ExitFindings
	}
	return ExitOK
}

// planSources runs --from/--to mode up to the report document.
func (e *env) planSources(o *planOptions) (*report.Document, error) {
	from, err := e.resolveSource("--from", o.from)
	if err != nil {
		return nil, err
	}
	to, err := e.resolveSource("--to", o.to)
	if err != nil {
		return nil, err
	}
	d, err := e.parseSides(o.dialect, "--dialect", o.dialectVersion, from, to)
	if err != nil {
		return nil, err
	}
	renames, err := parseRenames(o.renames, d, func(i int) string { return "--rename" })
	if err != nil {
		return nil, err
	}
	j := pipeline.Job{
		From: from.Schema, To: to.Schema, Dialect: d, Renames: renames,
		Name: o.name, Version: o.version, Format: o.format, WriteDir: o.out,
		FailOn: o.failOn, Lint: o.lintCfg, Facts: e.factsFor(o.rules.targetDBs),
		MaxLock: o.rules.maxLock, MaxStep: o.rules.maxStep, Now: e.now(),
		Shadow: o.shadow, BaseLabel: from.Label,
	}
	if o.migrations != "" {
		// The new migration continues the directory, and lands in it
		// unless --out asks for another place.
		if j.History, err = diskHistory(o.migrations); err != nil {
			return nil, err
		}
		if j.WriteDir == "" {
			j.WriteDir = o.migrations
		}
	}
	return pipeline.Generate(e.ctx, j)
}

// parseSides parses the sources and settles the dialect
// (pipeline.ParseSides): the flag (or the project's dialect key), else the
// Prisma provider, else the family of a database URL, else postgres.
func (e *env) parseSides(name, what, version string, srcs ...*source) (*dialect.Dialect, error) {
	sides := make([]*pipeline.Side, len(srcs))
	for i, s := range srcs {
		sides[i] = &s.Side
	}
	return pipeline.ParseSides(e.ctx, name, what, version, sides...)
}

// parseRenames reads --rename values (or a project's renames); where names
// the i-th value's origin in messages.
func parseRenames(values []string, d *dialect.Dialect, where func(i int) string) ([]diff.Rename, error) {
	var out []diff.Rename
	for i, v := range values {
		r, err := diff.ParseRename(v, d.DefaultNamespace)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where(i), err)
		}
		out = append(out, r)
	}
	return out, nil
}

// migrationVersion is the --version value, or else the current UTC time
// as YYYYMMDDHHMMSS, the prefix that sorts migrations in order.
func (e *env) migrationVersion(flag string) string {
	return pipeline.MigrationVersion(flag, e.now())
}

// factsFor reads the data facts of the --target-db that goes with a
// project ("" in --from/--to mode), or none.
func (e *env) factsFor(targets []string) pipeline.FactsFunc {
	if len(targets) == 0 {
		return nil
	}
	return func(ctx context.Context, project string, d *dialect.Dialect, from *schema.Schema, p *plan.Plan) (lint.Facts, error) {
		target, err := targetFor(targets, project)
		if err != nil || target == nil {
			return nil, err
		}
		return collectFacts(ctx, target, d, from, p)
	}
}

// render writes a document in the chosen report format.
func render(w io.Writer, format string, doc *report.Document) error {
	switch format {
	case reportJSON:
		return report.JSON(w, doc)
	case reportSARIF:
		return report.SARIF(w, versionString(), doc)
	case reportMarkdown:
		return report.Markdown(w, doc)
	}
	return report.Text(w, doc)
}
