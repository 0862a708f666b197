package gitrepo

import (
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// ErrNotExist is returned (wrapped) when a path does not exist at a commit.
var ErrNotExist = errors.New("no such file or folder")

// Repo is an open repository.
type Repo struct {
	// Root is the absolute path of the work tree (the folder holding .git).
	Root string
	repo *git.Repository
}

// Commit is a resolved commit together with the revision it was named by.
type Commit struct {
	// Rev is the revision as the user wrote it ("main", "HEAD~1").
	Rev string
	*object.Commit
}

// Short is the abbreviated hash (12 hex digits).
func (c *Commit) Short() string { return c.Hash.String()[:12] }

// Open opens the repository containing dir (dir itself or a parent), or
// the bare repository dir.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open repository %s: %w", dir, err)
	}
	r, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		// A bare repository (the bot's fetched clones) has no .git folder
		// to detect: dir itself is the repository.
		if bare, berr := git.PlainOpen(abs); berr == nil {
			r, err = bare, nil
		}
	}
	if err != nil {
		if errors.Is(err, git.ErrRepositoryNotExists) {
			return nil, fmt.Errorf("%s: not inside a git repository", dir)
		}
		return nil, fmt.Errorf("open repository %s: %w", dir, err)
	}
	root := abs
	if wt, err := r.Worktree(); err == nil {
		root = wt.Filesystem.Root()
	}
	return &Repo{Root: root, repo: r}, nil
}

// Resolve finds the commit a revision names: a branch, a tag, a hash or an
// expression such as HEAD~2.
func (r *Repo) Resolve(rev string) (*Commit, error) {
	if rev == "" {
		return nil, errors.New("empty revision")
	}
	h, err := r.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, fmt.Errorf("revision %q: not found in %s", rev, r.Root)
	}
	c, err := r.repo.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("revision %q: %w", rev, err)
	}
	return &Commit{Rev: rev, Commit: c}, nil
}

// MergeBase returns the best common ancestor of a and b, the commit a pull
// request from b into a is compared against.
func (r *Repo) MergeBase(a, b *Commit) (*Commit, error) {
	bases, err := a.Commit.MergeBase(b.Commit)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		bases, err = presentMergeBases(a.Commit, b.Commit) // a shallow clone
	}
	if err != nil {
		return nil, fmt.Errorf("merge base of %s and %s: %w", a.Rev, b.Rev, err)
	}
	if len(bases) == 0 {
		return nil, fmt.Errorf("%s and %s have no common ancestor", a.Rev, b.Rev)
	}
	// Several best common ancestors happen after criss-cross merges; git
	// merge-base prints one of them too. Pick the earliest hash for a
	// stable answer.
	sort.Slice(bases, func(i, j int) bool { return bases[i].Hash.String() < bases[j].Hash.String() })
	return &Commit{Rev: "merge-base(" + a.Rev + ", " + b.Rev + ")", Commit: bases[0]}, nil
}

// ReadFile returns one file as it is at commit c. p is a repository path
// with forward slashes. The error wraps ErrNotExist when there is no such
// file.
func (r *Repo) ReadFile(c *Commit, p string) (schema.File, error) {
	tree, err := c.Tree()
	if err != nil {
		return schema.File{}, fmt.Errorf("%s:%s: %w", c.Rev, p, err)
	}
	f, err := tree.File(cleanPath(p))
	if err != nil {
		if errors.Is(err, object.ErrFileNotFound) || errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
			return schema.File{}, fmt.Errorf("%s:%s: %w", c.Rev, p, ErrNotExist)
		}
		return schema.File{}, fmt.Errorf("%s:%s: %w", c.Rev, p, err)
	}
	data, err := readBlob(f)
	if err != nil {
		return schema.File{}, fmt.Errorf("%s:%s: %w", c.Rev, p, err)
	}
	return schema.File{Path: cleanPath(p), Data: data}, nil
}

// IsDir reports whether p is a folder at commit c (false when it is a file
// or does not exist).
func (r *Repo) IsDir(c *Commit, p string) (bool, error) {
	tree, err := c.Tree()
	if err != nil {
		return false, fmt.Errorf("%s: %w", c.Rev, err)
	}
	p = cleanPath(p)
	if p == "" {
		return true, nil
	}
	e, err := tree.FindEntry(p)
	if err != nil {
		return false, nil
	}
	return e.Mode == filemode.Dir, nil
}

// ReadDir returns the regular files under folder p at commit c whose name
// passes keep, sorted by path, with repository paths. With recursive false
// only the folder's own files are read. The error wraps ErrNotExist when
// there is no such folder.
func (r *Repo) ReadDir(c *Commit, p string, recursive bool, keep func(name string) bool) ([]schema.File, error) {
	root, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("%s:%s: %w", c.Rev, p, err)
	}
	p = cleanPath(p)
	tree := root
	if p != "" {
		if tree, err = root.Tree(p); err != nil {
			return nil, fmt.Errorf("%s:%s: %w", c.Rev, p, ErrNotExist)
		}
	}
	var files []schema.File
	walker := object.NewTreeWalker(tree, recursive, nil)
	defer walker.Close()
	for {
		name, entry, err := walker.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%s: %w", c.Rev, p, err)
		}
		if !entry.Mode.IsFile() || entry.Mode == filemode.Symlink || !keep(path.Base(name)) {
			continue
		}
		full := path.Join(p, name)
		f, err := tree.TreeEntryFile(&entry)
		if err != nil {
			return nil, fmt.Errorf("%s:%s: %w", c.Rev, full, err)
		}
		data, err := readBlob(f)
		if err != nil {
			return nil, fmt.Errorf("%s:%s: %w", c.Rev, full, err)
		}
		files = append(files, schema.File{Path: full, Data: data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// ChangedPaths lists the repository paths that differ between commits a
// and b (added, removed or modified files), sorted.
func (r *Repo) ChangedPaths(a, b *Commit) ([]string, error) {
	ta, err := a.Tree()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Rev, err)
	}
	tb, err := b.Tree()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Rev, err)
	}
	changes, err := object.DiffTree(ta, tb)
	if err != nil {
		return nil, fmt.Errorf("changes between %s and %s: %w", a.Rev, b.Rev, err)
	}
	seen := map[string]bool{}
	for _, ch := range changes {
		for _, n := range []string{ch.From.Name, ch.To.Name} {
			if n != "" {
				seen[n] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// Touches reports whether any of changed is p itself or lies under folder p.
func Touches(changed []string, p string) bool {
	p = cleanPath(p)
	for _, c := range changed {
		if p == "" || c == p || strings.HasPrefix(c, p+"/") {
			return true
		}
	}
	return false
}

func cleanPath(p string) string {
	p = path.Clean(strings.TrimPrefix(filepath.ToSlash(p), "/"))
	if p == "." {
		return ""
	}
	return p
}

func readBlob(f *object.File) ([]byte, error) {
	rd, err := f.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}
