package cli

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint/rules"
)

// listFlag collects the values of a repeatable flag.
type listFlag []string

// String implements flag.Value.
func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set implements flag.Value; each use adds one value.
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// lintFlags are the plan command's rule flags.
type lintFlags struct {
	accept    listFlag // CODE[=reason]
	severity  listFlag // CODE=level
	disable   listFlag // CODE
	targetDBs listFlag // URL, or PROJECT=URL in --repo mode
	// maxLock and maxStep are MB419's thresholds (zero: its defaults).
	maxLock, maxStep time.Duration
}

// checkCode accepts a known rule code (MB000 only where allowed).
func checkCode(flag, code string, staleOK bool) error {
	if code == lint.StaleAcceptCode && staleOK || rules.ByCode(code) != nil {
		return nil
	}
	return fmt.Errorf("%s: unknown rule code %q (migrate-bot rules lists them)", flag, code)
}

// config turns the flags into a lint configuration laid over the
// repository's: --disable turns rules off, --rule-severity sets their
// severity, --accept accepts codes for this migration.
func (f *lintFlags) config() (lint.Config, error) {
	cfg := lint.Config{Rules: map[string]lint.RuleConfig{}, Accept: map[string]string{}}
	for _, v := range f.accept {
		code, reason, _ := strings.Cut(v, "=")
		code = strings.ToUpper(strings.TrimSpace(code))
		if err := checkCode("--accept", code, false); err != nil {
			return cfg, err
		}
		cfg.Accept[code] = strings.TrimSpace(reason)
	}
	for _, v := range f.severity {
		code, level, ok := strings.Cut(v, "=")
		code = strings.ToUpper(strings.TrimSpace(code))
		if !ok {
			return cfg, fmt.Errorf("--rule-severity: %q: want CODE=LEVEL, e.g. MB401=error", v)
		}
		if err := checkCode("--rule-severity", code, true); err != nil {
			return cfg, err
		}
		sev, err := lint.ParseSeverity(level)
		if err != nil {
			return cfg, fmt.Errorf("--rule-severity %s: %w", code, err)
		}
		rc := cfg.Rules[code]
		rc.Severity = sev.String()
		cfg.Rules[code] = rc
	}
	off := false
	for _, code := range f.disable {
		code = strings.ToUpper(strings.TrimSpace(code))
		if err := checkCode("--disable", code, false); err != nil {
			return cfg, err
		}
		rc := cfg.Rules[code]
		rc.Enabled = &off
		cfg.Rules[code] = rc
	}
	return cfg, nil
}

// overlay returns base with over laid on it, rule by rule and field by
// field: the repository's settings, then a project's, then the flags.
func overlay(base, over lint.Config) lint.Config {
	out := lint.Config{Rules: maps.Clone(base.Rules), Accept: maps.Clone(base.Accept)}
	if out.Rules == nil {
		out.Rules = map[string]lint.RuleConfig{}
	}
	if out.Accept == nil {
		out.Accept = map[string]string{}
	}
	for code, rc := range over.Rules {
		cur := out.Rules[code]
		if rc.Enabled != nil {
			cur.Enabled = rc.Enabled
		}
		if rc.Severity != "" {
			cur.Severity = rc.Severity
		}
		out.Rules[code] = cur
	}
	maps.Copy(out.Accept, over.Accept)
	return out
}

// writesLockTimeout reports whether the up file sets a lock timeout
// before its statements, as the plain SQL emitter does for every dialect
// (lock_timeout, lock_wait_timeout, busy_timeout) and a Prisma
// migration.sql does (SET LOCAL, which ends with Prisma's implicit
// transaction; prismamig's runners): MB412 then stays quiet.
func writesLockTimeout(up string, d *dialect.Dialect) bool {
	candidates := []string{sqlfile.LockTimeout, sqlfile.SqliteBusyTimeout, prismaLockTimeout}
	if d != nil && d.MySQL != nil && d.MySQL.LockTimeout != "" {
		candidates = append(candidates, d.MySQL.LockTimeout)
	}
	for _, line := range strings.Split(up, "\n") {
		line = strings.TrimSuffix(strings.TrimSpace(line), ";")
		for _, c := range candidates {
			if line == c {
				return true
			}
		}
	}
	return false
}

// prismaLockTimeout is the first statement of a transactional Prisma
// migration folder on PostgreSQL.
const prismaLockTimeout = "SET LOCAL lock_timeout = '10s'"

// lintPlan runs every rule on a planned job. ups are the rendered up files
// (none when nothing was emitted): the migration lines come from the first,
// the one the report's findings point at; a lock timeout set by any counts.
func lintPlan(ctx *lint.Context, cfg lint.Config, ups []string) []lint.Finding {
	for _, up := range ups {
		ctx.Options.LockTimeout = ctx.Options.LockTimeout || writesLockTimeout(up, ctx.Dialect)
	}
	fs := rules.Run(ctx, cfg)
	if len(ups) > 0 {
		lint.SetMigrationLines(fs, lint.StepLines(ctx.Plan, ups[0]))
	}
	return fs
}
