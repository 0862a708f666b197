package alembic

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Options name the new revision.
type Options struct {
	// Name is the revision's message ("add user email"); it becomes the
	// docstring's first line and, slugified, the file name. Empty means
	// "migration".
	Name string
	// Now is the Create Date written in the header; the zero value means
	// time.Now().
	Now time.Time
	// RevisionID is the new revision's id; empty means a fresh random
	// 12-hex-digit id, as `alembic revision` makes (uuid4().hex[-12:]).
	// Tests set it to get the same text on every run.
	RevisionID string
	// DownRevision overrides the parent read from the history (the
	// history's head). Leave empty: it exists for callers that resolved a
	// multi-head history themselves.
	DownRevision string
}

var revisionIDPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// Files returns the new revision file for the plan, at
// <h.Dir>/versions/<rev>_<slug>.py, with down_revision set to the history's
// head. An empty plan gives no file. h may be nil (a new project: the file
// goes to versions/ and down_revision is None). A history with several
// heads, a missing parent or a cycle is its error (see History.Head).
func Files(p *plan.Plan, h *History, opts Options) ([]schema.File, error) {
	f, _, err := Render(p, h, opts)
	if err != nil || f == nil {
		return nil, err
	}
	return []schema.File{*f}, nil
}

// Render is Files returning the one file (nil for an empty plan) and the
// new revision as ReadHistory would read it back (id, parent, path).
func Render(p *plan.Plan, h *History, opts Options) (*schema.File, *Revision, error) {
	if p == nil || !hasStatements(p) {
		return nil, nil, nil
	}
	d, err := dialect.Lookup(p.Dialect, "")
	if err != nil {
		return nil, nil, fmt.Errorf("alembic revision: %w", err)
	}
	if h == nil {
		h = &History{Versions: VersionsDir}
	}
	down := opts.DownRevision
	if down == "" {
		if down, err = h.Head(); err != nil {
			return nil, nil, err
		}
	}
	id := opts.RevisionID
	if id == "" {
		id = NewRevisionID()
	}
	if !revisionIDPattern.MatchString(id) {
		return nil, nil, fmt.Errorf("alembic revision id %q: want letters, digits and _", id)
	}
	for _, r := range h.Revisions {
		if r.ID == id {
			return nil, nil, fmt.Errorf("alembic revision id %q is already used by %s", id, r.File)
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	message := strings.TrimSpace(opts.Name)
	if message == "" {
		message = "migration"
	}
	file := id + "_" + Slug(message) + ".py"
	text := renderRevision(p, d, revisionHeader{message: message, id: id, down: down, now: now})
	rev := &Revision{ID: id, File: path.Join(h.Versions, file)}
	if down != "" {
		rev.DownRevisions = []string{down}
	}
	return &schema.File{Path: rev.File, Data: []byte(text)}, rev, nil
}

// NewRevisionID returns a random 12-hex-digit revision id, the form
// `alembic revision` uses.
func NewRevisionID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// slugWords are the runs of word characters Alembic keeps in a slug
// (alembic/script/base.py: _slug_re = re.compile(r"\w+"), where Python's
// \w is Unicode-aware, unlike Go's).
var slugWords = regexp.MustCompile(`[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}]+`)

// truncateSlugLength is alembic.ini's default truncate_slug_length.
const truncateSlugLength = 40

// Slug returns the file-name form of a message as Alembic writes it:
// words joined by "_", lower-cased, cut to 40 characters at a word
// boundary with a trailing "_" when cut ("Add user email" ->
// "add_user_email").
func Slug(message string) string {
	slug := strings.ToLower(strings.Join(slugWords.FindAllString(message, -1), "_"))
	if r := []rune(slug); len(r) > truncateSlugLength {
		cut := string(r[:truncateSlugLength])
		if i := strings.LastIndex(cut, "_"); i > 0 {
			cut = cut[:i]
		}
		slug = cut + "_"
	}
	if slug == "" {
		slug = "migration"
	}
	return slug
}

func hasStatements(p *plan.Plan) bool {
	for _, s := range p.Steps {
		if len(s.Up) > 0 || len(s.Down) > 0 {
			return true
		}
	}
	return false
}
