package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/diff"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/migration"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/source/sqlddl"
)

// A case is a txtar archive in testdata/<CODE>/: a free-text description,
// then sections "-- NAME --":
//
//	dialect    postgres | mysql | mariadb | sqlite
//	version    the dialect version ("" = the dialect's default)
//	before     PostgreSQL DDL of the source schema (may be empty)
//	after      PostgreSQL DDL of the target schema
//	options    optional, one per line: lock-timeout, statement-timeout,
//	           rename OLD=NEW, accept CODE [reason], check CODE... | all
//	facts      optional data facts, one per line (see parseFacts)
//	override   optional changes to the generated steps (see applyOverride)
//	expect     the findings, one per line: CODE severity object line
//	           [accepted]; object is table[.column] or "-", line the
//	           schema line or "-"
//
// The schemas are always read with the PostgreSQL reader (the model is the
// same for every dialect) and planned by the PostgreSQL planner; for
// another dialect, until its reader and planner exist, the override lines
// give the steps the envelope that dialect's planner gives them (a table
// copy, a rebuild). Only findings of the checked codes (the directory's
// code unless options say otherwise) are compared, exactly.

// lintCase is one parsed case file.
type lintCase struct {
	path                 string
	dialect, version     string
	before, after        string
	options, facts, over []string
	expect               []string
}

var caseSections = map[string]bool{"dialect": true, "version": true, "before": true, "after": true,
	"options": true, "facts": true, "override": true, "expect": true}

func readCase(t *testing.T, path string) lintCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := lintCase{path: path}
	sections := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			sections[name] = body.String()
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "-- ") && strings.HasSuffix(trim, " --") && len(trim) > 6 {
			flush()
			name = strings.TrimSpace(trim[3 : len(trim)-3])
			if !caseSections[name] {
				t.Fatalf("%s: unknown section %q", path, name)
			}
			continue
		}
		body.WriteString(line)
	}
	flush()
	for _, need := range []string{"dialect", "after", "expect"} {
		if _, ok := sections[need]; !ok {
			t.Fatalf("%s: no %q section", path, need)
		}
	}
	c.dialect = strings.TrimSpace(sections["dialect"])
	c.version = strings.TrimSpace(sections["version"])
	c.before, c.after = sections["before"], sections["after"]
	c.options, c.facts, c.over, c.expect = lines(sections["options"]), lines(sections["facts"]), lines(sections["override"]), lines(sections["expect"])
	return c
}

// lines splits a section into its non-empty lines, without # comments.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// caseResult is what running a case produced.
type caseResult struct {
	checked  map[string]bool // codes compared; nil means all
	got      []string
	findings []lint.Finding
}

// runCase plans and lints one case.
func runCase(t *testing.T, c lintCase, code string) caseResult {
	t.Helper()
	target, err := dialect.Lookup(c.dialect, c.version)
	if c.dialect == "sqlite" {
		target, err = dialect.Sqlite(c.version)
	}
	if err != nil {
		t.Fatalf("%s: dialect: %v", c.path, err)
	}
	pgVersion := ""
	if target.Name == "postgres" {
		pgVersion = c.version
	}
	pgd, err := dialect.Postgres(pgVersion)
	if err != nil {
		t.Fatal(err)
	}
	from, err := sqlddl.Parse(pgd, schema.File{Path: "before.sql", Data: []byte(c.before)})
	if err != nil {
		t.Fatalf("%s: before: %v", c.path, err)
	}
	to, err := sqlddl.Parse(pgd, schema.File{Path: "after.sql", Data: []byte(c.after)})
	if err != nil {
		t.Fatalf("%s: after: %v", c.path, err)
	}
	ctx := &lint.Context{From: from, To: to, Dialect: target}
	cfg := lint.Config{Accept: map[string]string{}}
	res := caseResult{checked: map[string]bool{code: true}}
	var opts migration.Options
	for _, o := range c.options {
		verb, arg, _ := strings.Cut(o, " ")
		switch verb {
		case "lock-timeout":
			ctx.Options.LockTimeout = true
		case "statement-timeout":
			ctx.Options.StatementTimeout = true
		case "max-lock", "max-step":
			d, err := time.ParseDuration(arg)
			if err != nil {
				t.Fatalf("%s: %s: %v", c.path, verb, err)
			}
			if verb == "max-lock" {
				ctx.Options.MaxBlockingLock = d
			} else {
				ctx.Options.MaxStepDuration = d
			}
		case "rename":
			r, err := diff.ParseRename(arg, "public")
			if err != nil {
				t.Fatalf("%s: %v", c.path, err)
			}
			opts.Renames = append(opts.Renames, r)
		case "accept":
			code, reason, _ := strings.Cut(arg, " ")
			cfg.Accept[code] = reason
		case "check":
			res.checked = map[string]bool{}
			for _, c := range strings.Fields(arg) {
				res.checked[c] = true
			}
			if res.checked["all"] {
				res.checked = nil
			}
		default:
			t.Fatalf("%s: unknown option %q", c.path, o)
		}
	}
	r, err := migration.Generate(from, to, pgd, opts)
	if err != nil {
		t.Fatalf("%s: generate: %v", c.path, err)
	}
	ctx.Plan = r.Plan
	ctx.Plan.Dialect, ctx.Plan.Version = target.Name, target.Version
	for _, o := range c.over {
		if err := applyOverride(ctx.Plan, o); err != nil {
			t.Fatalf("%s: override %q: %v", c.path, o, err)
		}
	}
	if len(c.facts) > 0 {
		f, err := parseFacts(c.facts)
		if err != nil {
			t.Fatalf("%s: facts: %v", c.path, err)
		}
		ctx.Facts = f
	}
	for _, f := range Run(ctx, cfg) {
		if res.checked != nil && !res.checked[f.Code] {
			continue
		}
		res.findings = append(res.findings, f)
		res.got = append(res.got, expectLine(f))
	}
	return res
}

// expectLine renders a finding as an expect line.
func expectLine(f lint.Finding) string {
	obj := f.Object()
	if obj == "" {
		obj = "-"
	}
	line := "-"
	if f.SourcePos.Line > 0 {
		line = strconv.Itoa(f.SourcePos.Line)
	}
	s := fmt.Sprintf("%s %s %s %s", f.Code, f.Severity, obj, line)
	if f.Accepted {
		s += " accepted"
	}
	return s
}

// parseFacts reads facts lines:
//
//	rows TABLE N | bytes TABLE N | duration TABLE 3s
//	nulls TABLE.COL N | not-fitting TABLE.COL N
//	duplicates TABLE(a,b) N | orphans TABLE.FK N | violating TABLE.CHECK N
//	enum-uses TABLE.COL=VALUE N
func parseFacts(ls []string) (*lint.MapFacts, error) {
	m := &lint.MapFacts{Rows: map[string]int64{}, Bytes: map[string]int64{}, Nulls: map[string]int64{},
		Duplicates: map[string]int64{}, OrphanRows: map[string]int64{}, Violating: map[string]int64{},
		EnumUses: map[string]int64{}, NotFitting: map[string]int64{}, Durations: map[string]time.Duration{}}
	for _, l := range ls {
		f := strings.Fields(l)
		if len(f) != 3 {
			return nil, fmt.Errorf("%q: want KIND KEY VALUE", l)
		}
		if f[0] == "duration" {
			d, err := time.ParseDuration(f[2])
			if err != nil {
				return nil, err
			}
			m.Durations[f[1]] = d
			continue
		}
		n, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", l, err)
		}
		dst := map[string]map[string]int64{"rows": m.Rows, "bytes": m.Bytes, "nulls": m.Nulls, "duplicates": m.Duplicates,
			"orphans": m.OrphanRows, "violating": m.Violating, "enum-uses": m.EnumUses, "not-fitting": m.NotFitting}[f[0]]
		if dst == nil {
			return nil, fmt.Errorf("%q: unknown fact %q", l, f[0])
		}
		dst[f[1]] = n
	}
	return m, nil
}

// applyOverride changes the steps of one change, as a hand-written
// migration or another dialect's planner would have them:
//
//	Kind object[#n]: key=value ...
//
// object is plan.ObjectName of the change; #n picks its n-th step (all
// when left out). Keys: lock=LEVEL (underscores for spaces), blocks=rw|w|r|none,
// rewrite, scan, transactional, newtx (true|false), down=none,
// from-type=T, to-type=T (an AlterColumn's types), name=N (the name an
// AddTable, AddColumn or AddIndex creates), and up=SQL, which takes
// the rest of the line.
func applyOverride(p *plan.Plan, line string) error {
	head, rest, ok := strings.Cut(line, ":")
	if !ok {
		return fmt.Errorf("want 'Kind object: key=value ...'")
	}
	kind, object, _ := strings.Cut(strings.TrimSpace(head), " ")
	nth := 0
	if o, n, ok := strings.Cut(object, "#"); ok {
		object = o
		var err error
		if nth, err = strconv.Atoi(n); err != nil {
			return err
		}
	}
	var targets []*plan.Step
	i := 0
	for _, s := range p.Steps {
		if s.Change == nil || s.Change.Kind() != kind || plan.ObjectName(s.Change) != object {
			continue
		}
		i++
		if nth == 0 || nth == i {
			targets = append(targets, s)
		}
	}
	if len(targets) == 0 {
		var have []string
		for _, s := range p.Steps {
			have = append(have, s.Change.Kind()+" "+plan.ObjectName(s.Change))
		}
		return fmt.Errorf("no step %s %s#%d; steps: %s", kind, object, nth, strings.Join(have, "; "))
	}
	rest = strings.TrimSpace(rest)
	for rest != "" {
		var kv string
		if strings.HasPrefix(rest, "up=") {
			kv, rest = rest, ""
		} else {
			kv, rest, _ = strings.Cut(rest, " ")
			rest = strings.TrimSpace(rest)
		}
		key, val, _ := strings.Cut(kv, "=")
		for _, s := range targets {
			if err := setStep(s, key, val); err != nil {
				return err
			}
		}
	}
	return nil
}

func setStep(s *plan.Step, key, val string) error {
	b := val == "true"
	if (key == "rewrite" || key == "scan" || key == "transactional" || key == "newtx") && !b && val != "false" {
		return fmt.Errorf("%s=%q: want true or false", key, val)
	}
	switch key {
	case "lock":
		s.Lock.Level = strings.ReplaceAll(val, "_", " ")
	case "blocks":
		s.Lock.BlocksReads, s.Lock.BlocksWrites = strings.Contains(val, "r"), strings.Contains(val, "w")
	case "rewrite":
		s.Rewrite = b
	case "scan":
		s.Scan = b
	case "transactional":
		s.Transactional = b
	case "newtx":
		s.NewTransaction = b
	case "down":
		s.Down = nil
	case "up":
		s.Up = []string{val}
	case "name":
		// A name a source keeps at full length (the PostgreSQL reader
		// truncates like the server; Prisma does not).
		switch c := s.Change.(type) {
		case *schema.AddTable:
			c.Table.Name.Name = val
		case *schema.AddColumn:
			c.Column.Name = val
		case *schema.AddIndex:
			c.Index.Name = val
		default:
			return fmt.Errorf("name on %s", s.Change.Kind())
		}
	case "from-type", "to-type":
		a, ok := s.Change.(*schema.AlterColumn)
		if !ok {
			return fmt.Errorf("%s on %s", key, s.Change.Kind())
		}
		if key == "from-type" {
			a.From.Type = schema.Type{Raw: val, Norm: val}
		} else {
			a.To.Type = schema.Type{Raw: val, Norm: val}
		}
	default:
		return fmt.Errorf("unknown key %q", key)
	}
	return nil
}

// caseFiles lists the cases of one code.
func caseFiles(t *testing.T, code string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", code, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}
