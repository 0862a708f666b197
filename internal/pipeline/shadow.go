package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/engine/verify"
	"github.com/migrate-bot/migrate-bot/internal/shadow"
)

// ShadowFunc opens an empty throwaway database of d's family and returns
// it with the function that drops it; ErrNoShadow when none is configured
// for the family.
type ShadowFunc func(ctx context.Context, d *dialect.Dialect) (verify.DB, func(), error)

// ErrNoShadow says no shadow database server is configured for a family.
var ErrNoShadow = errors.New("no shadow database server for this dialect")

// ShadowServers is the ShadowFunc of the operator's shadow servers (one
// per family; nil entries are skipped).
func ShadowServers(servers ...*shadow.Server) ShadowFunc {
	byFamily := map[string]*shadow.Server{}
	for _, s := range servers {
		if s != nil {
			byFamily[s.Family] = s
		}
	}
	return func(ctx context.Context, d *dialect.Dialect) (verify.DB, func(), error) {
		s, ok := byFamily[d.Family()]
		if !ok {
			return nil, nil, fmt.Errorf("%s: %w", d.Family(), ErrNoShadow)
		}
		db, release, err := s.Fresh(ctx)
		if err != nil {
			return nil, nil, err
		}
		return db, release, nil
	}
}

// shadowApply is the hand-written check's fallback when the dialect's
// SQL reader does not model a statement of the migration (PostgreSQL's
// reader refuses DROP COLUMN, for one): the base DDL and then the
// migration run on a shadow database, which is inspected after each; the
// head DDL runs on a second one. Both sides of the comparison then come
// from the same introspection.
func shadowApply(ctx context.Context, open ShadowFunc, d *dialect.Dialect, baseFiles, migFiles, headFiles []schema.File) (base, applied, expected *schema.Schema, err error) {
	db, release, err := open(ctx, d)
	if err != nil {
		return nil, nil, nil, err
	}
	defer release()
	if base, err = replay(ctx, db, d, baseFiles); err != nil {
		return nil, nil, nil, err
	}
	if applied, err = replay(ctx, db, d, migFiles); err != nil {
		return nil, nil, nil, err
	}
	db2, release2, err := open(ctx, d)
	if err != nil {
		return nil, nil, nil, err
	}
	defer release2()
	if expected, err = replay(ctx, db2, d, headFiles); err != nil {
		return nil, nil, nil, err
	}
	return base, applied, expected, nil
}

// replay runs files on db and inspects it. PostgreSQL statements run one
// by one (a multi-statement query is one implicit transaction, where
// CREATE INDEX CONCURRENTLY fails); the other dialects take a file whole.
func replay(ctx context.Context, db verify.DB, d *dialect.Dialect, files []schema.File) (*schema.Schema, error) {
	for _, f := range files {
		stmts := []string{string(f.Data)}
		if d.Family() == dialect.FamilyPostgres {
			var err error
			if stmts, err = pg_query.SplitWithParser(string(f.Data), true); err != nil {
				return nil, fmt.Errorf("%s: %w", f.Path, err)
			}
		}
		for i, st := range stmts {
			if strings.TrimSpace(st) == "" {
				continue
			}
			if _, err := db.ExecContext(ctx, st); err != nil {
				return nil, fmt.Errorf("%s: statement %d fails on the shadow database: %s", f.Path, i+1, firstLine(err))
			}
		}
	}
	return verify.Inspect(ctx, db, d)
}

// firstLine keeps a driver's first line, never a multi-line dump.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
