package gitrepo

import (
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// A shallow clone (the bot fetches only as deep as the merge base) holds
// commits whose parents are absent. go-git's MergeBase walks every
// ancestor and fails there; presentMergeBases finds the best common
// ancestors among the commits present, skipping absent parents.

// presentMergeBases: the commits reachable from both a and b (among those
// present) that no other such commit reaches.
func presentMergeBases(a, b *object.Commit) ([]*object.Commit, error) {
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
