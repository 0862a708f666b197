package githubfake

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/google/go-github/v60/github"
)

// treeEntry is one line of git ls-tree.
type treeEntry struct {
	mode, typ, sha, path string
	size                 int
}

// lsTree lists the entries of tree-ish at dir ("" for the root) or, with
// exact, the entry at that path itself.
func (s *Server) lsTree(r *Repo, treeish, p string, exact, recursive bool) ([]treeEntry, error) {
	args := []string{"ls-tree", "-z", "--long", "--full-tree"}
	if recursive {
		args = append(args, "-r", "-t")
	}
	args = append(args, treeish)
	if p != "" {
		if exact {
			args = append(args, "--", p)
		} else {
			args = append(args, "--", strings.TrimSuffix(p, "/")+"/")
		}
	}
	out, err := s.git(r.Dir, nil, nil, args...)
	if err != nil {
		return nil, err
	}
	var entries []treeEntry
	for _, line := range strings.Split(out, "\x00") {
		meta, name, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) < 4 {
			continue
		}
		size, _ := strconv.Atoi(f[3])
		entries = append(entries, treeEntry{mode: f[0], typ: f[1], sha: f[2], path: name, size: size})
	}
	return entries, nil
}

func contentType(e treeEntry) string {
	switch {
	case e.typ == "tree":
		return "dir"
	case e.typ == "commit":
		return "submodule"
	case e.mode == "120000":
		return "symlink"
	}
	return "file"
}

func (s *Server) contentJSON(r *Repo, commit string, e treeEntry) *github.RepositoryContent {
	api := fmt.Sprintf("%srepos/%s/contents/%s?ref=%s", s.APIURL(), r.FullName(), e.path, commit)
	rc := &github.RepositoryContent{
		Type:    github.String(contentType(e)),
		Name:    github.String(path.Base(e.path)),
		Path:    github.String(e.path),
		SHA:     github.String(e.sha),
		Size:    github.Int(e.size),
		URL:     github.String(api),
		HTMLURL: github.String(fmt.Sprintf("%s/%s/blob/%s/%s", s.URL(), r.FullName(), commit, e.path)),
		GitURL:  github.String(fmt.Sprintf("%srepos/%s/git/blobs/%s", s.APIURL(), r.FullName(), e.sha)),
	}
	if e.typ == "blob" {
		rc.DownloadURL = github.String(fmt.Sprintf("%s/raw/%s/%s/%s", s.URL(), r.FullName(), commit, e.path))
	} else {
		rc.Size = github.Int(0)
	}
	return rc
}

func (s *Server) getContents(c *call) {
	p := strings.Trim(c.r.PathValue("path"), "/")
	ref := c.r.URL.Query().Get("ref")
	commit := s.resolveCommit(c.repo, ref)
	if commit == "" {
		c.fail(http.StatusNotFound, "No commit found for the ref "+ref, "https://docs.github.com/rest/repos/contents#get-repository-content")
		return
	}
	if p != "" {
		entries, err := s.lsTree(c.repo, commit, p, true, false)
		if err != nil || len(entries) == 0 {
			c.fail(http.StatusNotFound, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content")
			return
		}
		if e := entries[0]; e.typ != "tree" {
			rc := s.contentJSON(c.repo, commit, e)
			if e.typ == "blob" {
				raw, err := s.gitBytes(c.repo.Dir, nil, nil, "cat-file", "blob", e.sha)
				if err != nil {
					c.fail(http.StatusInternalServerError, err.Error(), docs)
					return
				}
				if wantsRaw(c.r) {
					c.raw(raw)
					return
				}
				rc.Encoding = github.String("base64")
				rc.Content = github.String(wrap60(base64.StdEncoding.EncodeToString(raw)))
			}
			c.json(http.StatusOK, rc)
			return
		}
	}
	entries, err := s.lsTree(c.repo, commit, p, false, false)
	if err != nil {
		c.fail(http.StatusNotFound, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content")
		return
	}
	out := make([]*github.RepositoryContent, 0, len(entries))
	for _, e := range entries {
		out = append(out, s.contentJSON(c.repo, commit, e))
	}
	c.json(http.StatusOK, out)
}

// wrap60 breaks base64 text into 60-character lines, as GitHub's contents
// API does.
func wrap60(b64 string) string {
	var sb strings.Builder
	for len(b64) > 60 {
		sb.WriteString(b64[:60] + "\n")
		b64 = b64[60:]
	}
	sb.WriteString(b64 + "\n")
	return sb.String()
}

func (s *Server) getPermission(c *call) {
	u := s.users[c.r.PathValue("user")]
	if u == nil {
		c.fail(http.StatusNotFound, "Not Found", "https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user")
		return
	}
	role := c.repo.perms[u.login]
	if u == c.repo.owner {
		role = "admin"
	}
	if role == "" {
		role = "none"
		if !c.repo.private {
			role = "read"
		}
	}
	// "maintain is mapped to write and triage to read" in permission;
	// role_name keeps the assigned role.
	legacy := role
	switch role {
	case "maintain":
		legacy = "write"
	case "triage":
		legacy = "read"
	}
	c.json(http.StatusOK, map[string]any{"permission": legacy, "role_name": role, "user": s.userJSON(u)})
}

// rawFile answers a contents entry's download_url with the file's bytes.
func (s *Server) rawFile(c *call) {
	commit := s.resolveCommit(c.repo, c.r.PathValue("sha"))
	entries, err := s.lsTree(c.repo, commit, c.r.PathValue("path"), true, false)
	if commit == "" || err != nil || len(entries) != 1 || entries[0].typ != "blob" {
		http.Error(c.w, "404: Not Found", http.StatusNotFound)
		return
	}
	raw, err := s.gitBytes(c.repo.Dir, nil, nil, "cat-file", "blob", entries[0].sha)
	if err != nil {
		http.Error(c.w, err.Error(), http.StatusInternalServerError)
		return
	}
	c.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(raw)
}

// wantsRaw reports whether the request asks for the raw media type
// (application/vnd.github.raw, or .v3.raw as go-github sends it).
func wantsRaw(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return strings.Contains(a, "vnd.github.raw") || strings.Contains(a, "vnd.github.v3.raw")
}

// raw answers the bytes of a blob with the raw media type.
func (c *call) raw(b []byte) {
	c.w.Header().Set("Content-Type", "application/vnd.github.raw")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(b)
}
