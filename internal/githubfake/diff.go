package githubfake

import (
	"fmt"
	"strconv"
	"strings"
)

// fileDiff is one file of a pull request's diff, as the files endpoint
// reports it.
type fileDiff struct {
	path, prevPath string
	status         string // added, removed, modified, renamed, copied, changed
	sha            string // blob of the file at head (at base when removed)
	additions      int
	deletions      int
	patch          string // the hunks, from the first "@@"; "" for binary files
}

var statusNames = map[byte]string{'A': "added", 'D': "removed", 'M': "modified", 'R': "renamed", 'C': "copied", 'T': "changed"}

// diffLocked computes the diff from commit a to commit b of repo with git
// (renames detected, like GitHub), cached by the pair.
func (s *Server) diffLocked(r *Repo, a, b string) ([]*fileDiff, error) {
	key := r.Dir + " " + a + " " + b
	if d, ok := s.diffs[key]; ok {
		return d, nil
	}
	raw, err := s.git(r.Dir, nil, nil, "diff", "--raw", "-z", "-M", "--no-abbrev", a, b)
	if err != nil {
		return nil, err
	}
	var files []*fileDiff
	fields := strings.Split(raw, "\x00")
	for i := 0; i+1 < len(fields); {
		meta := strings.Fields(strings.TrimPrefix(fields[i], ":"))
		if len(meta) < 5 {
			return nil, fmt.Errorf("git diff --raw: unexpected %q", fields[i])
		}
		f := &fileDiff{status: statusNames[meta[4][0]], sha: meta[3]}
		if f.sha == zeroSHA {
			f.sha = meta[2]
		}
		f.path = fields[i+1]
		i += 2
		if meta[4][0] == 'R' || meta[4][0] == 'C' {
			f.prevPath, f.path = f.path, fields[i]
			i++
		}
		files = append(files, f)
	}
	patch, err := s.git(r.Dir, nil, nil, "diff", "--no-color", "--no-ext-diff", "-M", "--full-index", a, b)
	if err != nil {
		return nil, err
	}
	sections := splitDiff(patch)
	if len(sections) != len(files) {
		return nil, fmt.Errorf("git diff: %d patches for %d files", len(sections), len(files))
	}
	for i, sec := range sections {
		files[i].patch, files[i].additions, files[i].deletions = hunks(sec)
	}
	s.diffs[key] = files
	return files, nil
}

// splitDiff cuts git's patch output into one section per file.
func splitDiff(patch string) []string {
	var out []string
	lines := strings.SplitAfter(patch, "\n")
	var cur strings.Builder
	for _, l := range lines {
		if strings.HasPrefix(l, "diff --git ") && cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// hunks returns a file section's hunks (what GitHub puts in "patch") and
// its added and deleted line counts.
func hunks(section string) (patch string, adds, dels int) {
	i := strings.Index(section, "\n@@ ")
	if i < 0 {
		return "", 0, 0
	}
	patch = strings.TrimSuffix(section[i+1:], "\n")
	for _, l := range strings.Split(patch, "\n") {
		switch {
		case strings.HasPrefix(l, "@@"):
		case strings.HasPrefix(l, "+"):
			adds++
		case strings.HasPrefix(l, "-"):
			dels++
		}
	}
	return patch, adds, dels
}

// diffLines lists the lines of a patch a review comment may sit on: right
// maps new-side lines (added or context) and left old-side lines (deleted
// or context) to their hunk's number (from 1); hunkRight gives the hunk text
// up to a new-side line (a review comment's diff_hunk).
type diffLines struct {
	right, left map[int]int
	hunkRight   map[int]string
}

// parseHunks reads the hunk headers and lines of a patch.
func parseHunks(patch string) diffLines {
	d := diffLines{right: map[int]int{}, left: map[int]int{}, hunkRight: map[int]string{}}
	var oldN, newN, h int
	var hunk strings.Builder
	for _, l := range strings.Split(patch, "\n") {
		if strings.HasPrefix(l, "@@") {
			oldN, newN = hunkStarts(l)
			h++
			hunk.Reset()
			hunk.WriteString(l)
			continue
		}
		hunk.WriteString("\n" + l)
		switch {
		case strings.HasPrefix(l, "+"):
			d.right[newN] = h
			d.hunkRight[newN] = hunk.String()
			newN++
		case strings.HasPrefix(l, "-"):
			d.left[oldN] = h
			oldN++
		case strings.HasPrefix(l, "\\"):
		default:
			d.right[newN], d.left[oldN] = h, h
			d.hunkRight[newN] = hunk.String()
			oldN++
			newN++
		}
	}
	return d
}

// hunkStarts reads "@@ -a,b +c,d @@" and returns a and c.
func hunkStarts(header string) (int, int) {
	f := strings.Fields(header)
	if len(f) < 3 {
		return 0, 0
	}
	num := func(s string) int {
		s = strings.TrimLeft(s, "-+")
		if i := strings.IndexByte(s, ','); i >= 0 {
			s = s[:i]
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	return num(f[1]), num(f[2])
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
