package bot

import (
	"strconv"
	"strings"
)

// DiffLines is the set of lines of one file, on the RIGHT (head) side, that
// a pull request's diff shows: added lines and the context lines of each
// hunk. GitHub accepts a review comment only on such a line ("line must be
// part of the diff", 422 otherwise).
type DiffLines map[int]bool

// ParseDiffLines reads the unified diff GitHub gives as a changed file's
// patch (hunks only, no file header) and returns the head-side lines it
// shows. A missing patch (binary or too large a file) shows no line.
func ParseDiffLines(patch string) DiffLines {
	lines := DiffLines{}
	right := 0
	inHunk := false
	for _, l := range strings.Split(patch, "\n") {
		if strings.HasPrefix(l, "@@") {
			start, ok := hunkStart(l)
			right, inHunk = start, ok
			continue
		}
		if !inHunk || l == "" {
			continue
		}
		switch l[0] {
		case '+', ' ':
			lines[right] = true
			right++
		case '-', '\\':
			// A removed line exists only on the left side; "\ No newline at
			// end of file" belongs to neither.
		default:
			inHunk = false
		}
	}
	return lines
}

// hunkStart reads the head-side start line of a hunk header
// "@@ -a,b +c,d @@ ...".
func hunkStart(header string) (int, bool) {
	fields := strings.Fields(header)
	for _, f := range fields[1:] {
		if !strings.HasPrefix(f, "+") {
			continue
		}
		num, _, _ := strings.Cut(f[1:], ",")
		n, err := strconv.Atoi(num)
		if err != nil || n < 0 {
			return 0, false
		}
		return n, true
	}
	return 0, false
}

// Contains reports whether line is shown by the diff.
func (d DiffLines) Contains(line int) bool { return line > 0 && d[line] }

// Last returns the highest head-side line the diff shows, 0 when none.
func (d DiffLines) Last() int {
	last := 0
	for l := range d {
		last = max(last, l)
	}
	return last
}
