package alembic

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// VersionsDir is the folder of an Alembic environment that holds the
// revision files (alembic.ini: version_locations defaults to
// <script_location>/versions).
const VersionsDir = "versions"

// Revision is one existing revision file, as read (never run).
type Revision struct {
	// ID is the file's `revision = '...'`.
	ID string
	// DownRevisions are its parents: none for a root, one usually, several
	// for a merge revision (`down_revision = ('a', 'b')`).
	DownRevisions []string
	// File is the file's path in the file system given to ReadHistory, and
	// Line the line of its `revision` assignment.
	File string
	Line int
}

// History is an existing Alembic revision history.
type History struct {
	// Dir is the Alembic environment (the folder with env.py), as given to
	// ReadHistory; new revisions go to Dir/versions.
	Dir string
	// Versions is the folder the revisions were read from.
	Versions string
	// Revisions are the revision files, in file name order.
	Revisions []*Revision
}

// Errors a history can have. They are wrapped by *HistoryError (and
// ErrMultipleHeads by *HeadsError), so callers test them with errors.Is and
// report them as findings: the new revision cannot be placed until the
// history is fixed.
var (
	// ErrMultipleHeads: several revisions have no child; Alembic's
	// `upgrade head` refuses such a history until a merge revision joins
	// them (`alembic merge heads`).
	ErrMultipleHeads = errors.New("alembic history has several heads")
	// ErrMissingParent: a down_revision names a revision no file defines.
	ErrMissingParent = errors.New("alembic revision's parent does not exist")
	// ErrCycle: following down_revision from a revision comes back to it.
	ErrCycle = errors.New("alembic history has a cycle")
	// ErrDuplicateRevision: two files define the same revision id.
	ErrDuplicateRevision = errors.New("alembic revision id defined twice")
)

// HeadsError is the error for a history with several heads.
type HeadsError struct {
	// Versions is the folder read.
	Versions string
	// Heads are the head revisions with their files.
	Heads []*Revision
}

// Error names every head and its file.
func (e *HeadsError) Error() string {
	var names []string
	for _, h := range e.Heads {
		names = append(names, h.ID+" ("+h.File+")")
	}
	return fmt.Sprintf("%s: %d heads in %s: %s; merge them first (alembic merge heads), then generate the new revision",
		ErrMultipleHeads, len(e.Heads), e.Versions, strings.Join(names, ", "))
}

// Is makes errors.Is(err, ErrMultipleHeads) hold.
func (e *HeadsError) Is(target error) bool { return target == ErrMultipleHeads }

// HistoryError is a broken history: a missing parent, a cycle, a duplicate
// id. Kind is one of the Err* values above.
type HistoryError struct {
	Kind error
	File string
	Line int
	Msg  string
}

// Error renders "file:line: kind: message".
func (e *HistoryError) Error() string {
	return fmt.Sprintf("%s:%d: %v: %s", e.File, e.Line, e.Kind, e.Msg)
}

// Unwrap returns Kind.
func (e *HistoryError) Unwrap() error { return e.Kind }

// ReadHistory reads the revision files of the Alembic environment dir in
// fsys: dir/versions/*.py, or dir itself when it is the versions folder
// (its name is "versions" or it holds revision files and no versions
// folder). A missing directory is an empty history (the project's first
// revision). A revision file whose identifiers cannot be read statically
// is an error with file and line; the files are parsed, never run.
func ReadHistory(fsys fs.FS, dir string) (*History, error) {
	dir = path.Clean(dir)
	h := &History{Dir: dir, Versions: path.Join(dir, VersionsDir)}
	if path.Base(dir) == VersionsDir {
		h.Dir, h.Versions = path.Dir(dir), dir
	}
	entries, err := fs.ReadDir(fsys, h.Versions)
	if errors.Is(err, fs.ErrNotExist) && h.Versions != dir {
		// No versions folder: the revisions may sit in dir itself.
		if own, err2 := fs.ReadDir(fsys, dir); err2 == nil && hasRevisionFiles(own) {
			h.Versions, entries, err = dir, own, nil
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read alembic revisions %s: %w", h.Versions, err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".py") || e.Name() == "__init__.py" {
			continue
		}
		name := path.Join(h.Versions, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		rev, err := ParseRevision(name, string(data))
		if err != nil {
			return nil, err
		}
		if rev != nil {
			h.Revisions = append(h.Revisions, rev)
		}
	}
	return h, nil
}

// hasRevisionFiles reports whether a folder listing has a Python file
// other than env.py and __init__.py.
func hasRevisionFiles(entries []fs.DirEntry) bool {
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".py") && n != "env.py" && n != "__init__.py" {
			return true
		}
	}
	return false
}

// Head returns the single head revision id ("" for an empty history), or
// the history's problem: *HeadsError for several heads, *HistoryError for
// a duplicate id, a missing parent or a cycle.
func (h *History) Head() (string, error) {
	if h == nil || len(h.Revisions) == 0 {
		return "", nil
	}
	byID := map[string]*Revision{}
	for _, r := range h.Revisions {
		if first, ok := byID[r.ID]; ok {
			return "", &HistoryError{Kind: ErrDuplicateRevision, File: r.File, Line: r.Line,
				Msg: fmt.Sprintf("revision %q is also defined in %s:%d", r.ID, first.File, first.Line)}
		}
		byID[r.ID] = r
	}
	hasChild := map[string]bool{}
	for _, r := range h.Revisions {
		for _, d := range r.DownRevisions {
			if byID[d] == nil {
				return "", &HistoryError{Kind: ErrMissingParent, File: r.File, Line: r.Line,
					Msg: fmt.Sprintf("revision %q revises %q, which no file in %s defines", r.ID, d, h.Versions)}
			}
			hasChild[d] = true
		}
	}
	if err := findCycle(h.Revisions, byID); err != nil {
		return "", err
	}
	var heads []*Revision
	for _, r := range h.Revisions {
		if !hasChild[r.ID] {
			heads = append(heads, r)
		}
	}
	if len(heads) > 1 {
		return "", &HeadsError{Versions: h.Versions, Heads: heads}
	}
	// Without a cycle a non-empty history always has a head.
	return heads[0].ID, nil
}

// findCycle walks down_revision links depth first and reports the first
// revision reached again on the current path.
func findCycle(revs []*Revision, byID map[string]*Revision) error {
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	var visit func(r *Revision, trail []string) error
	visit = func(r *Revision, trail []string) error {
		switch state[r.ID] {
		case onPath:
			i := slices.Index(trail, r.ID)
			return &HistoryError{Kind: ErrCycle, File: r.File, Line: r.Line,
				Msg: strings.Join(append(trail[i:], r.ID), " -> ")}
		case done:
			return nil
		}
		state[r.ID] = onPath
		for _, d := range r.DownRevisions {
			if err := visit(byID[d], append(trail, r.ID)); err != nil {
				return err
			}
		}
		state[r.ID] = done
		return nil
	}
	for _, r := range revs {
		if err := visit(r, nil); err != nil {
			return err
		}
	}
	return nil
}

// posErr is a parse error at a line of a revision file.
func posErr(file string, line int, format string, args ...any) error {
	return schema.Errorf(schema.Pos{File: file, Line: line}, format, args...)
}
