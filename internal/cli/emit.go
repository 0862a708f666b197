package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/migrate-bot/migrate-bot/internal/pipeline"
)

// diskHistory opens --migrations DIR. A missing directory is an empty
// history: the project's first migration creates it.
func diskHistory(dir string) (*pipeline.History, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("--migrations: %w", err)
	case !info.IsDir():
		return nil, fmt.Errorf("--migrations: %s is not a folder", dir)
	}
	return &pipeline.History{FS: os.DirFS(dir), Label: "--migrations " + dir}, nil
}
