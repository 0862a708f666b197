package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
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
	target, err := targetFor(o.rules.targetDBs, "")
	if err != nil {
		return nil, err
	}
	j := job{
		from: from.schema, to: to.schema, dialect: d, renames: renames,
		name: o.name, version: o.version, format: o.format, writeDir: o.out,
		failOn: o.failOn, lint: o.lintCfg, target: target,
		maxLock: o.rules.maxLock, maxStep: o.rules.maxStep,
	}
	if o.migrations != "" {
		// The new migration continues the directory, and lands in it
		// unless --out asks for another place.
		if j.history, err = diskHistory(o.migrations); err != nil {
			return nil, err
		}
		if j.writeDir == "" {
			j.writeDir = o.migrations
		}
	}
	return e.generate(j)
}

// parseSides parses both sources and settles the dialect: the flag (or
// the project's dialect key), else the Prisma provider, else the family of
// a database URL (postgres://, mysql://, sqlite:///), else postgres. what
// names the dialect's origin in messages. MySQL and MariaDB are one family:
// a Prisma provider "mysql" or a mysql:// URL goes with --dialect mariadb.
func (e *env) parseSides(name, what, version string, sides ...*source) (*dialect.Dialect, error) {
	var provider, dbFamily string
	var providerFrom, dbFrom *source
	// The Prisma sides are read in parallel: a reader uses one processor.
	prismaErrs := make([]error, len(sides))
	var wg sync.WaitGroup
	for i, s := range sides {
		wg.Go(func() { prismaErrs[i] = s.parsePrisma() })
	}
	wg.Wait()
	for i, s := range sides {
		if s.kind == sourceDatabase {
			if dbFamily != "" && dbFamily != s.db.family {
				return nil, fmt.Errorf("%s is a %s database but %s is a %s database: both sides must use one dialect",
					dbFrom.label, dbFamily, s.label, s.db.family)
			}
			dbFamily, dbFrom = s.db.family, s
		}
		if err := prismaErrs[i]; err != nil {
			return nil, err
		}
		if s.schema == nil || s.schema.Dialect == "" {
			continue
		}
		if provider != "" && provider != s.schema.Dialect {
			return nil, fmt.Errorf("%s is for %s but %s is for %s: both sides must use one dialect",
				providerFrom.label, provider, s.label, s.schema.Dialect)
		}
		provider, providerFrom = s.schema.Dialect, s
	}
	chosen := name
	if chosen == "" {
		chosen = provider
	}
	if chosen == "" {
		chosen = dbFamily
	}
	if chosen == "" {
		chosen = "postgres"
	}
	d, err := dialect.Lookup(chosen, version)
	if err != nil {
		if name == "" && provider != "" {
			return nil, fmt.Errorf("%s: %w", providerFrom.label, err)
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if name != "" && provider != "" && familyOf(provider) != familyOf(d.Name) {
		return nil, fmt.Errorf("%s %s contradicts %s, whose provider is %s", what, name, providerFrom.label, provider)
	}
	if dbFamily != "" && dbFamily != familyOf(d.Name) {
		return nil, fmt.Errorf("%s is a %s database but the dialect is %s", dbFrom.label, dbFamily, d.Name)
	}
	// One SQL parser for both sides: statements the sides share are
	// parsed once, and the sides are read in parallel.
	sqlp := sqlddl.NewParser(d)
	sqlErrs := parseSQLSides(d, sqlp, sides)
	for _, s := range sides {
		if err := sqlErrs[s]; err != nil {
			return nil, err
		}
		if err := s.parse(e.ctx, d, sqlp); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// parseSQLSides reads the PostgreSQL SQL sides together with sqlp
// (Parser.ParseEach) and returns the error of the first failing one.
func parseSQLSides(d *dialect.Dialect, sqlp *sqlddl.Parser, sides []*source) map[*source]error {
	if familyOf(d.Name) != "postgres" {
		return nil
	}
	var sqlSides []*source
	var files [][]schema.File
	for _, s := range sides {
		if s.kind == sourceSQL && s.schema == nil {
			sqlSides = append(sqlSides, s)
			files = append(files, s.files)
		}
	}
	if len(sqlSides) == 0 {
		return nil
	}
	schemas, err := sqlp.ParseEach(files...)
	for i, s := range sqlSides {
		if schemas[i] == nil {
			return map[*source]error{s: readerError(s, err)}
		}
		s.schema = schemas[i]
	}
	return nil
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

// job is one plan to make and report.
type job struct {
	project, schemaPath string
	from, to            *schema.Schema
	dialect             *dialect.Dialect
	renames             []diff.Rename
	name, version       string
	// format is the migration format (config.FormatSQL or FormatPrisma).
	format string
	// history is the existing migrations directory the new migration
	// continues; nil writes a first migration in the format's default
	// layout.
	history *migrationHistory
	// writeDir receives the files, at their paths relative to the
	// migrations directory; empty prints them.
	writeDir string
	// repoMigrations is the project's migrations directory in the
	// repository (--repo mode).
	repoMigrations string
	failOn         report.Severity
	// lint is the rule configuration: the repository's, the project's
	// and the flags', laid over each other.
	lint lint.Config
	// target is the database the data-aware checks read, or nil.
	target *targetDB
	// maxLock and maxStep are MB419's thresholds (--max-lock, --max-step).
	maxLock, maxStep time.Duration
}

// generate plans one job, writes its files when asked, lints the plan
// (with the target database's facts when one is given), and builds the
// report document.
func (e *env) generate(j job) (*report.Document, error) {
	res, err := migration.Generate(j.from, j.to, j.dialect, migration.Options{Renames: j.renames})
	if err != nil {
		return nil, err
	}
	in := report.Input{
		Project: j.project, Schema: j.schemaPath, Dialect: j.dialect,
		Plan: res.Plan, Changes: res.Changes, FailOn: j.failOn,
	}
	for _, lr := range res.LikelyRenames {
		in.LikelyRenames = append(in.LikelyRenames, likelyRename(lr, j.dialect))
	}
	if !res.Plan.Empty() {
		name := sanitizeName(j.name)
		if name == "" {
			name = deriveName(res.Changes, j.dialect.DefaultNamespace)
		}
		files, err := e.migrationFiles(res.Plan, j.dialect, name, j)
		if err != nil {
			return nil, err
		}
		if in.Files, err = e.placeFiles(files, j); err != nil {
			return nil, err
		}
	}
	lctx := &lint.Context{Plan: res.Plan, From: j.from, To: j.to, Dialect: j.dialect,
		Options: lint.Options{MaxBlockingLock: j.maxLock, MaxStepDuration: j.maxStep}}
	if j.target != nil && !res.Plan.Empty() {
		if lctx.Facts, err = collectFacts(e.ctx, j.target, j.dialect, j.from, res.Plan); err != nil {
			return nil, err
		}
	}
	var ups []string
	for _, f := range in.Files {
		if f.Kind == "up" {
			ups = append(ups, f.Content)
		}
	}
	in.Findings = lintPlan(lctx, j.lint, ups)
	return report.Build(in), nil
}

// migrationVersion is the --version value, or else the current UTC time
// as YYYYMMDDHHMMSS, the prefix that sorts migrations in order.
func (e *env) migrationVersion(flag string) string {
	if flag != "" {
		return flag
	}
	return e.now().UTC().Format("20060102150405")
}

// likelyRename turns the differ's suspicion into the report's form with
// the full flag that confirms it.
func likelyRename(lr diff.LikelyRename, d *dialect.Dialect) report.LikelyRename {
	flag := lr.Flag
	if !strings.HasPrefix(flag, "--rename") {
		flag = "--rename " + flag
	}
	table := ""
	if lr.Kind == diff.RenameColumn {
		table = lr.Table.String()
	}
	return report.LikelyRename{Kind: lr.Kind.String(), Table: table, From: lr.From, To: lr.To, Flag: flag}
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
