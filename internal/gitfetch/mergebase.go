package gitfetch

import (
	"errors"
	"fmt"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/migrate-bot/migrate-bot/internal/gitrepo"
)

// ErrNoMergeBase is returned when the fetched histories of two commits
// share no commit (unrelated histories, or a shallow fetch that stopped
// above the merge base).
var ErrNoMergeBase = errors.New("no common ancestor in the fetched history")

// MergeBase returns the best common ancestor of a and b among the commits
// present, as `git merge-base` does, in a shallow repository too: parents
// beyond the shallow boundary are skipped where go-git's own merge base
// (gitrepo.Repo.MergeBase) fails, since it walks every ancestor. Several
// best ancestors (criss-cross merges) give the smallest hash, as
// gitrepo.Repo.MergeBase does.
func MergeBase(a, b *gitrepo.Commit) (*gitrepo.Commit, error) {
	bases, err := mergeBases(a.Commit, b.Commit)
	if err != nil {
		return nil, fmt.Errorf("merge base of %s and %s: %w", a.Rev, b.Rev, err)
	}
	if len(bases) == 0 {
		return nil, fmt.Errorf("merge base of %s and %s: %w", a.Rev, b.Rev, ErrNoMergeBase)
	}
	sort.Slice(bases, func(i, j int) bool { return bases[i].Hash.String() < bases[j].Hash.String() })
	return &gitrepo.Commit{Rev: "merge-base(" + a.Rev + ", " + b.Rev + ")", Commit: bases[0]}, nil
}

// mergeBases: the commits reachable from both a and b (among those
// present) that no other such commit reaches.
func mergeBases(a, b *object.Commit) ([]*object.Commit, error) {
	fromA, err := ancestors([]*object.Commit{a}, nil)
	if err != nil {
		return nil, err
	}
	fromB, err := ancestors([]*object.Commit{b}, nil)
	if err != nil {
		return nil, err
	}
	var common []*object.Commit
	for h, c := range fromA {
		if _, ok := fromB[h]; ok {
			common = append(common, c)
		}
	}
	if len(common) == 0 {
		return nil, nil
	}
	// Everything strictly below a common commit is not a best one.
	var parents []*object.Commit
	for _, c := range common {
		ps, err := presentParents(c)
		if err != nil {
			return nil, err
		}
		parents = append(parents, ps...)
	}
	below, err := ancestors(parents, nil)
	if err != nil {
		return nil, err
	}
	var best []*object.Commit
	for _, c := range common {
		if _, ok := below[c.Hash]; !ok {
			best = append(best, c)
		}
	}
	return best, nil
}

// ancestors walks from starts (included) through the parents that are
// present.
func ancestors(starts []*object.Commit, seen map[plumbing.Hash]*object.Commit) (map[plumbing.Hash]*object.Commit, error) {
	if seen == nil {
		seen = map[plumbing.Hash]*object.Commit{}
	}
	queue := append([]*object.Commit{}, starts...)
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if _, ok := seen[c.Hash]; ok {
			continue
		}
		seen[c.Hash] = c
		ps, err := presentParents(c)
		if err != nil {
			return nil, err
		}
		queue = append(queue, ps...)
	}
	return seen, nil
}

// presentParents are c's parents that the repository holds; a shallow
// commit's parents are absent.
func presentParents(c *object.Commit) ([]*object.Commit, error) {
	var out []*object.Commit
	for i := range c.NumParents() {
		p, err := c.Parent(i)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
