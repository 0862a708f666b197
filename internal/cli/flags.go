package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/pipeline"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// renameFlags collects repeated --rename OLD=NEW values.
type renameFlags []string

// String implements flag.Value.
func (r *renameFlags) String() string { return strings.Join(*r, ",") }

// Set implements flag.Value; each --rename adds one value.
func (r *renameFlags) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("%q: want OLD=NEW, e.g. users.phone=users.phone_number", v)
	}
	*r = append(*r, v)
	return nil
}

// planOptions are the parsed flags of `migrate-bot plan`.
type planOptions struct {
	from, to         string
	repo, base, head string
	dialect          string
	dialectVersion   string
	format           string
	migrations       string
	out              string
	name             string
	version          string
	renames          renameFlags
	report           string
	failOn           report.Severity
	failOnText       string
	// rules are the rule flags; lintCfg is what they say, validated.
	rules   lintFlags
	lintCfg lint.Config
	// shadowDBs are --shadow-db server URLs (one per family); shadow is
	// what they open.
	shadowDBs listFlag
	shadow    pipeline.ShadowFunc
}

// The --report values.
const (
	reportText     = "text"
	reportMarkdown = "markdown"
	reportJSON     = "json"
	reportSARIF    = "sarif"
)

// planFlags defines the plan command's flags on a new FlagSet.
func planFlags(o *planOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.from, "from", "", "")
	fs.StringVar(&o.to, "to", "", "")
	fs.StringVar(&o.repo, "repo", "", "")
	fs.StringVar(&o.base, "base", "", "")
	fs.StringVar(&o.head, "head", "", "")
	fs.StringVar(&o.dialect, "dialect", "", "")
	fs.StringVar(&o.dialectVersion, "dialect-version", "", "")
	fs.StringVar(&o.format, "format", "sql", "")
	fs.StringVar(&o.migrations, "migrations", "", "")
	fs.StringVar(&o.out, "out", "", "")
	fs.StringVar(&o.name, "name", "", "")
	fs.StringVar(&o.version, "version", "", "")
	fs.Var(&o.renames, "rename", "")
	fs.StringVar(&o.report, "report", reportText, "")
	fs.StringVar(&o.failOnText, "fail-on", "error", "")
	fs.Var(&o.rules.accept, "accept", "")
	fs.Var(&o.rules.severity, "rule-severity", "")
	fs.Var(&o.rules.disable, "disable", "")
	fs.Var(&o.rules.targetDBs, "target-db", "")
	fs.Var(&o.shadowDBs, "shadow-db", "")
	fs.DurationVar(&o.rules.maxLock, "max-lock", 5*time.Second, "")
	fs.DurationVar(&o.rules.maxStep, "max-step", 5*time.Minute, "")
	return fs
}

const planUsage = `Usage:
  migrate-bot plan --from SOURCE --to SOURCE [flags]
  migrate-bot plan --repo DIR --base REV --head REV [flags]

Diffs two schemas, plans a migration that is safe on a live production
database, writes it as an up and a down (rollback) SQL file, and reports
each step's lock, rewrite, scan and transaction properties and hazards.

A SOURCE is one of:
  schema.prisma            a Prisma schema file (.prisma)
  db/schema.sql            a DDL file (.sql) in the dialect's SQL (PostgreSQL,
                           MySQL/MariaDB or SQLite)
  app/models.py            SQLAlchemy declarative models, read without running
                           them (a folder: the package's .py files)
  db/schema.yaml           a schema document (.yaml, .yml or .json; see
                           docs/schema-document.md)
  prisma/                  a folder: every .prisma file under it, or else
                           every .sql file directly in it (in name order),
                           or else the .py models or schema documents in it
  main:prisma/schema.prisma   REV:PATH, a file or folder at a git revision of
                           the repository containing the current directory
                           (PATH from the repository root; ./ or ../ for
                           relative to the current directory)
  postgres://user@host:5432/db   a live PostgreSQL database, introspected
                           (postgresql:// works too)
  mysql://user:pass@host:3306/db   a live MySQL or MariaDB database
                           (mariadb:// works too)
  sqlite:///path/to/app.db   a live SQLite file, opened read-only
                           (file:path/to/app.db works too)
  empty                    no schema at all (plan a first migration)

Flags:
  --from SOURCE
        the schema as it is now.
        Example: --from main:prisma/schema.prisma
  --to SOURCE
        the schema as it should become.
        Example: --to prisma/schema.prisma
  --repo DIR
        plan like the bot does for a pull request: read .github/migrate-bot.yml
        at --head in the git repository DIR, and plan every project whose
        schema changed between the merge base of --base and --head, and --head.
        Not combined with --from, --to, --dialect, --dialect-version, --rename,
        --format or --migrations (the configuration says those per project:
        each project's migrations directory is read at --head).
        Example: --repo . --base main --head feature
  --base REV
        with --repo: the branch the pull request goes into.
        Example: --base main
  --head REV
        with --repo: the pull request's branch or commit.
        Example: --head feature/add-email
  --dialect NAME
        the database dialect (default: the Prisma schema's provider, else
        a database URL's kind, else postgres). Supported: postgres, mysql,
        mariadb, sqlite. A Prisma provider mysql or a mysql:// URL plans for
        MySQL 8.0 unless --dialect mariadb says MariaDB.
        Example: --dialect mariadb
  --dialect-version V
        the server version the migration must run on (default: the newest
        supported); it decides which safe patterns are available.
        postgres 10-18, mysql 5.7, 8.0 or 8.4 (8.0.29 sets the patch level),
        mariadb 10.11, sqlite 3.45 (any 3.x).
        Example: --dialect-version 10.11
  --format FORMAT
        the migration format to write. sql (default) writes
        <version>_<name>.up.sql and .down.sql, or with --migrations follows
        the directory's convention (golang-migrate pairs, goose or dbmate
        files; sequence numbers of the same width or timestamps). prisma
        writes <YYYYMMDDHHMMSS>_<name>/migration.sql and down.sql (and
        migration_lock.toml when there is none). alembic writes a revision
        versions/<rev>_<name>.py whose down_revision is the history's head.
        knex writes <YYYYMMDDHHMMSS>_<name>.js (or .ts, or an ES module, like
        the newest existing migration) exporting up and down.
        Example: --format prisma
  --migrations DIR
        the project's existing migrations directory: the new migration
        continues it (next version, same layout; for prisma, a folder that
        sorts after every existing one and the provider of its
        migration_lock.toml, which must match the dialect). The files are
        written into DIR unless --out is given. A file is never overwritten.
        Example: --migrations prisma/migrations
  --out DIR
        write the migration files into DIR, at their paths relative to the
        migrations directory (with --repo: into DIR/<project>/<migrations>).
        Without --out or --migrations the files are printed after the report.
        Example: --out /tmp/preview
  --name NAME
        the migration's name (default: derived from the changes, such as
        add_users_email); lower-cased, other characters become _.
        Example: --name add_email
  --version V
        the migration's version prefix (default: the UTC time as
        YYYYMMDDHHMMSS). Letters, digits, '.' and '_' only.
        Example: --version 20250101120000
  --rename OLD=NEW
        confirm a rename so the data is kept instead of a drop and an add;
        repeat for several. Tables: users=members; columns:
        users.phone=users.phone_number; other schemas: billing.invoices=billing.bills;
        a kind prefix where needed: table:, column:, enum:.
        Example: --rename users.phone=users.phone_number --rename accounts=customers
  --report FORMAT
        text (default), markdown (a pull request comment: verdict, findings
        table, each rule's explanation and the SQL collapsed), json (the
        versioned document described in docs/report-json.md) or sarif (SARIF
        2.1.0 for code scanning).
        Example: --report sarif
  --fail-on LEVEL
        exit with status 2 when a finding that is not accepted is at or above
        LEVEL: error (default), warning, notice or never. Findings come from
        the safety rules (migrate-bot rules lists them); notices fail a run
        only with --fail-on notice.
        Example: --fail-on warning
  --accept CODE[=REASON]
        accept a rule's findings for this migration, with the reason; they
        are shown as accepted and not counted. An accepted code that no
        longer fires is reported as MB000. Repeat for several.
        Example: --accept MB102="column unused since v2.3"
  --rule-severity CODE=LEVEL
        change a rule's severity (error, warning or notice) for this run, over
        the lint section of .github/migrate-bot.yml. Repeat for several.
        Example: --rule-severity MB401=error
  --disable CODE
        turn a rule off for this run. Repeat for several.
        Example: --disable MB113
  --target-db URL
        check the plan against the data of a real database (a staging copy or
        a production replica, in its state before the migration): row counts,
        NULLs before NOT NULL, duplicates before UNIQUE, orphans before a
        foreign key, values that do not fit a new type. Read-only: one
        read-only transaction with a statement timeout, statistics or samples
        on large tables. postgres://, mysql:// (or mariadb://) URLs, or the
        path of an SQLite file. Never read from the repository: pass it here
        or in the server's configuration. With --repo, PROJECT=URL names the
        project it is for (repeat per project); a bare URL serves every
        project.
        Example: --target-db postgres://readonly@replica:5432/app
  --shadow-db URL
        a database server on which throwaway databases may be created and
        dropped (postgres://, mysql:// or mariadb:// with a login allowed to
        CREATE DATABASE; sqlite:///folder for SQLite files). With it, a Prisma
        project's migration history (--migrations, or the project's at head)
        is replayed and must build the --from schema, else the plan stops and
        names what the history lacks; and a migration a branch brings itself
        (--repo) is checked on a real database when the SQL reader cannot
        model one of its statements. One per family; repeat for several.
        Example: --shadow-db postgres://postgres@127.0.0.1:5432/postgres
  --max-lock DURATION
        with --target-db: warn (MB419) when a step would hold a lock that
        blocks reads or writes for longer than this, estimated from the
        table's size and rates measured per database (default 5s).
        Example: --max-lock 2s
  --max-step DURATION
        with --target-db: warn (MB419) when a step would run longer than
        this, even without a blocking lock (default 5m).
        Example: --max-step 10m

Exit status:
  0  the plan was written (or printed), or there is nothing to do
  1  bad input or an internal error (the message names file:line where known)
  2  a finding at or above --fail-on exists (the files are still written)

An unreachable --target-db is exit status 1, with the reason.

Examples:
  migrate-bot plan --from empty --to prisma/schema.prisma --out migrations
  migrate-bot plan --from main:db/schema.sql --to db/schema.sql --report markdown
  migrate-bot plan --from main:prisma/schema.prisma --to prisma/schema.prisma --format prisma --migrations prisma/migrations
  migrate-bot plan --from postgres://postgres@127.0.0.1:5432/app --to prisma/schema.prisma --dialect-version 15
  migrate-bot plan --repo . --base main --head HEAD --out /tmp/migrations
`

// errHelp is returned by parsePlanFlags after printing the help.
var errHelp = errors.New("help requested")

// parsePlanFlags parses and validates the plan command's flags.
func parsePlanFlags(args []string, stdout io.Writer) (*planOptions, error) {
	o := &planOptions{}
	fs := planFlags(o)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, planUsage)
			return nil, errHelp
		}
		// The flag package names flags with one dash; the help and the
		// README spell them with two.
		msg := strings.Replace(err.Error(), "flag -", "flag --", 1)
		return nil, errors.New(strings.Replace(msg, "defined: -", "defined: --", 1))
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (SOURCEs go after --from and --to)", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	if o.failOn, err = report.ParseSeverity(o.failOnText); err != nil {
		return nil, fmt.Errorf("--fail-on: %w", err)
	}
	switch o.report {
	case reportText, reportMarkdown, reportJSON, reportSARIF:
	default:
		return nil, fmt.Errorf("--report: unknown format %q (want text, markdown, json or sarif)", o.report)
	}
	if o.lintCfg, err = o.rules.config(); err != nil {
		return nil, err
	}
	if err := checkTargetDBs(o.rules.targetDBs, set["repo"]); err != nil {
		return nil, err
	}
	if o.shadow, err = shadowServers(o.shadowDBs); err != nil {
		return nil, err
	}
	if err := pipeline.CheckFormat(o.format); err != nil {
		return nil, fmt.Errorf("--format: %w", err)
	}
	if o.version != "" && !validVersion(o.version) {
		return nil, fmt.Errorf("--version: %q: use letters, digits, '.' and '_' only, e.g. 20250101120000", o.version)
	}
	if set["repo"] {
		for _, f := range []string{"from", "to", "dialect", "dialect-version", "rename", "format", "migrations"} {
			if set[f] {
				return nil, fmt.Errorf("--%s cannot be combined with --repo: set it per project in .github/migrate-bot.yml", f)
			}
		}
		if o.repo == "" || o.base == "" || o.head == "" {
			return nil, errors.New("--repo needs --base and --head, e.g. --repo . --base main --head feature")
		}
		return o, nil
	}
	if set["base"] || set["head"] {
		return nil, errors.New("--base and --head go with --repo")
	}
	if o.from == "" || o.to == "" {
		return nil, errors.New("--from and --to are required (or --repo, --base and --head), e.g. --from empty --to schema.prisma")
	}
	return o, nil
}

func validVersion(v string) bool {
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '_') {
			return false
		}
	}
	return v != "" && v != "." && v != ".."
}
