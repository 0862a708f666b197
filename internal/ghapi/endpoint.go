package ghapi

import (
	"strings"
)

// Endpoint normalizes a request into a low-cardinality name for metrics
// and messages: the method and the path with owners, repository names,
// numbers, SHAs, refs and file paths replaced by placeholders, e.g.
// "GET /repos/{owner}/{repo}/pulls/{n}/files". A base path before
// "repos/", "app/", "installation/" (GitHub Enterprise's /api/v3) is
// dropped.
func Endpoint(method, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		if s == "repos" || s == "app" || s == "installation" || s == "rate_limit" {
			segs = segs[i:]
			break
		}
	}
	out := make([]string, 0, len(segs))
	for i := 0; i < len(segs); i++ {
		s := segs[i]
		switch {
		case i == 1 && segs[0] == "repos":
			out = append(out, "{owner}")
			continue
		case i == 2 && segs[0] == "repos":
			out = append(out, "{repo}")
			continue
		case s == "contents" || (s == "refs" && i > 0 && segs[i-1] == "git") || (s == "ref" && i > 0 && segs[i-1] == "git"):
			out = append(out, s)
			if i+1 < len(segs) {
				if s == "contents" {
					out = append(out, "{path}")
				} else {
					out = append(out, "{ref}")
				}
			}
			i = len(segs)
			continue
		case isNumber(s):
			out = append(out, "{n}")
			continue
		case isSHA(s):
			out = append(out, "{sha}")
			continue
		case i > 0 && segs[i-1] == "permission" || i > 0 && segs[i-1] == "collaborators":
			out = append(out, "{user}")
			continue
		}
		out = append(out, s)
	}
	return method + " /" + strings.Join(out, "/")
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isSHA(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
