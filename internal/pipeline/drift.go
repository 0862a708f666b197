package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/migrate-bot/migrate-bot/internal/config"
	"github.com/migrate-bot/migrate-bot/internal/engine/verify"
)

// checkHistoryDrift makes sure a Prisma project's migration history builds
// the schema the new migration is planned from. With a shadow database of
// the project's family, the history's migration.sql files are replayed on
// it and the result is compared with the job's base schema (the schema file
// at the merge base): when they disagree, generating on top of the file
// would write a migration that is wrong for every database the history
// built, so the job stops with a *verify.DriftError naming the changes the
// history lacks. Without a shadow database, or without a history, there is
// nothing to compare and the schema file is the base.
func checkHistoryDrift(ctx context.Context, j Job) error {
	if j.Format != config.FormatPrisma || j.History == nil || j.Shadow == nil || j.From == nil {
		return nil
	}
	scripts, err := verify.PrismaHistory(j.History.FS, ".")
	if err != nil {
		return fmt.Errorf("%s: %w", j.History.Label, err)
	}
	if len(scripts) == 0 {
		return nil
	}
	db, release, err := j.Shadow(ctx, j.Dialect)
	if errors.Is(err, ErrNoShadow) {
		return nil
	}
	if err != nil {
		return err
	}
	defer release()
	replayed, err := verify.Replay(ctx, db, j.Dialect, scripts)
	if err != nil {
		return fmt.Errorf("%s: %w", j.History.Label, err)
	}
	declared := j.BaseLabel
	if declared == "" {
		declared = "the schema at the base"
	}
	return verify.Drift(replayed, j.From, j.History.Label, declared)
}
