package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/emit/alembic"
	"github.com/migrate-bot/migrate-bot/internal/engine/emit/knex"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// alembicFiles writes the plan as an Alembic revision continuing the
// history's head (the migrations directory is the Alembic environment, or
// its versions folder). The revision id is derived from the project, the
// migration's time and name, so that the bot regenerating a pull request's
// migration (same stored timestamp) keeps the same id and file name, where
// a random id would rename the file on every push.
func alembicFiles(p *plan.Plan, name string, j Job) ([]schema.File, error) {
	var h *alembic.History
	if j.History != nil {
		var err error
		if h, err = alembic.ReadHistory(j.History.FS, "."); err != nil {
			return nil, fmt.Errorf("%s: %w", j.History.Label, err)
		}
	}
	sum := sha256.Sum256([]byte(j.Project + "\x00" + migrationVersion(j) + "\x00" + name))
	files, err := alembic.Files(p, h, alembic.Options{Name: name, Now: j.now(), RevisionID: hex.EncodeToString(sum[:])[:12]})
	if err != nil {
		if j.History != nil {
			return nil, fmt.Errorf("%s: %w", j.History.Label, err)
		}
		return nil, fmt.Errorf("format alembic: %w", err)
	}
	return files, nil
}

// knexFiles writes the plan as a Knex migration module timed after every
// existing one, in the module style of the newest (CommonJS, ES module or
// TypeScript).
func knexFiles(p *plan.Plan, name string, j Job) ([]schema.File, error) {
	var h *knex.History
	if j.History != nil {
		var err error
		if h, err = knex.ReadHistory(j.History.FS, "."); err != nil {
			return nil, fmt.Errorf("%s: %w", j.History.Label, err)
		}
	}
	now := j.now()
	if j.Version != "" {
		t, err := time.Parse(knex.TimestampLayout, j.Version)
		if err != nil {
			return nil, fmt.Errorf("--version %q: a Knex migration starts with a UTC timestamp YYYYMMDDHHMMSS, e.g. 20250101120000", j.Version)
		}
		now = t
	}
	files, err := knex.Files(p, h, knex.Options{Name: name, Now: now})
	if err != nil {
		return nil, fmt.Errorf("format knex: %w", err)
	}
	return files, nil
}
