package rules

import (
	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ConcurrentInTransaction flags CREATE or DROP INDEX CONCURRENTLY (or
// REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY) in a step that runs
// inside a transaction block. PostgreSQL refuses it ("cannot run inside a
// transaction block"), so the migration fails; tools that wrap every file
// in a transaction need it turned off for that file (atlas:txmode none,
// Knex config.transaction = false, Alembic autocommit_block). Safe
// alternative: run the statement on its own, outside a transaction.
type ConcurrentInTransaction struct{}

// Code implements lint.Rule.
func (ConcurrentInTransaction) Code() string { return "MB411" }

// Severity implements lint.Rule.
func (ConcurrentInTransaction) Severity() lint.Severity { return lint.Error }

// Title implements lint.Rule.
func (ConcurrentInTransaction) Title() string { return "CONCURRENTLY inside a transaction" }

// Doc implements lint.Rule.
func (ConcurrentInTransaction) Doc() string { return docOf("ConcurrentInTransaction") }

// Check implements lint.Rule.
func (r ConcurrentInTransaction) Check(ctx *lint.Context) []lint.Finding {
	var out []lint.Finding
	for _, s := range steps(ctx) {
		if !s.Transactional || !upContains(s, " CONCURRENTLY") {
			continue
		}
		var t schema.QName
		if len(s.Lock.Tables) > 0 {
			t = s.Lock.Tables[0]
		}
		out = append(out, finding(s, r.Severity(), t, "", "%s uses CONCURRENTLY inside a transaction block, which fails", s.Change.Kind()))
	}
	return out
}
