package pipeline

import (
	"maps"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/sqlfile"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint/rules"
)

// Overlay returns base with over laid on it, rule by rule and field by
// field: the repository's settings, then a project's, then the caller's.
func Overlay(base, over lint.Config) lint.Config {
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

// WritesLockTimeout reports whether the up file sets a lock timeout
// before its statements, as the plain SQL emitter does for every dialect
// (lock_timeout, lock_wait_timeout, busy_timeout) and a Prisma
// migration.sql does (SET LOCAL, which ends with Prisma's implicit
// transaction; prismamig's runners): MB412 then stays quiet.
func WritesLockTimeout(up string, d *dialect.Dialect) bool {
	candidates := []string{sqlfile.LockTimeout, sqlfile.SqliteBusyTimeout, prismaLockTimeout}
	if d != nil && d.MySQL != nil && d.MySQL.LockTimeout != "" {
		candidates = append(candidates, d.MySQL.LockTimeout)
	}
	for _, line := range strings.Split(up, "\n") {
		line = strings.TrimSuffix(strings.TrimSpace(line), ";")
		for _, c := range candidates {
			if strings.EqualFold(line, c) {
				return true
			}
		}
	}
	return false
}

// prismaLockTimeout is the first statement of a transactional Prisma
// migration folder on PostgreSQL.
const prismaLockTimeout = "SET LOCAL lock_timeout = '10s'"

// LintPlan runs every rule on a planned job. ups are the rendered up files
// (none when nothing was emitted): the migration lines come from the first,
// the one the report's findings point at; a lock timeout set by any counts.
func LintPlan(ctx *lint.Context, cfg lint.Config, ups []string) []lint.Finding {
	for _, up := range ups {
		ctx.Options.LockTimeout = ctx.Options.LockTimeout || WritesLockTimeout(up, ctx.Dialect)
	}
	fs := rules.Run(ctx, cfg)
	if len(ups) > 0 {
		lint.SetMigrationLines(fs, lint.StepLines(ctx.Plan, ups[0]))
	}
	return fs
}
