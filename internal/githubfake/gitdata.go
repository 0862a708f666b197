package githubfake

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

const gitDataDoc = "https://docs.github.com/rest/git"

// unprocessable answers a Git Data API 422 with GitHub's message.
func (c *call) unprocessable(msg, doc string) {
	c.fail(http.StatusUnprocessableEntity, msg, doc)
}

func (s *Server) createBlob(c *call) {
	var req struct {
		Content  *string `json:"content"`
		Encoding string  `json:"encoding"`
	}
	if !c.decode(&req) {
		return
	}
	if req.Content == nil {
		c.invalid(gitDataDoc+"/blobs#create-a-blob", fieldError("Blob", "content", "missing_field"))
		return
	}
	data := []byte(*req.Content)
	switch req.Encoding {
	case "", "utf-8":
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(*req.Content, "\n", ""))
		if err != nil {
			c.unprocessable("Invalid Base64 content", gitDataDoc+"/blobs#create-a-blob")
			return
		}
		data = b
	default:
		c.invalid(gitDataDoc+"/blobs#create-a-blob", fieldError("Blob", "encoding", "invalid"))
		return
	}
	shas, err := s.writeBlobs(c.repo, [][]byte{data})
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error(), docs)
		return
	}
	c.json(http.StatusCreated, map[string]string{"sha": shas[0], "url": s.gitURL(c.repo, "blobs", shas[0])})
}

func (s *Server) gitURL(r *Repo, kind, sha string) string {
	return fmt.Sprintf("%srepos/%s/git/%s/%s", s.APIURL(), r.FullName(), kind, sha)
}

func (s *Server) getBlob(c *call) {
	sha := c.r.PathValue("sha")
	if s.objectType(c.repo, sha) != "blob" {
		c.notFound()
		return
	}
	raw, err := s.gitBytes(c.repo.Dir, nil, nil, "cat-file", "blob", sha)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error(), docs)
		return
	}
	if wantsRaw(c.r) {
		c.raw(raw)
		return
	}
	c.json(http.StatusOK, &github.Blob{
		SHA: github.String(sha), NodeID: github.String("B_" + sha[:12]), Size: github.Int(len(raw)),
		URL: github.String(s.gitURL(c.repo, "blobs", sha)), Encoding: github.String("base64"),
		Content: github.String(wrap60(base64.StdEncoding.EncodeToString(raw))),
	})
}

var treeModes = map[string]string{"100644": "blob", "100755": "blob", "120000": "blob", "040000": "tree", "160000": "commit"}

func (s *Server) createTree(c *call) {
	const doc = gitDataDoc + "/trees#create-a-tree"
	var req struct {
		BaseTree string `json:"base_tree"`
		Tree     []struct {
			Path    string          `json:"path"`
			Mode    string          `json:"mode"`
			Type    string          `json:"type"`
			SHA     json.RawMessage `json:"sha"`
			Content *string         `json:"content"`
		} `json:"tree"`
	}
	if !c.decode(&req) {
		return
	}
	if req.Tree == nil {
		c.invalid(doc, fieldError("Tree", "tree", "missing_field"))
		return
	}
	base := ""
	if req.BaseTree != "" {
		if t := s.objectType(c.repo, req.BaseTree); t != "tree" && t != "commit" {
			c.unprocessable("base_tree is not a valid tree oid", doc)
			return
		}
		base = req.BaseTree
	}
	var entries []indexEntry
	var contents [][]byte
	var contentAt []int
	for _, e := range req.Tree {
		clean := path.Clean(e.Path)
		if e.Path == "" || strings.HasPrefix(e.Path, "/") || clean != e.Path || strings.HasPrefix(clean, "..") || strings.Contains(clean, "/../") {
			c.unprocessable("tree.path contains a malformed path component", doc)
			return
		}
		typ, ok := treeModes[e.Mode]
		if !ok || (e.Type != "" && e.Type != typ) {
			c.unprocessable(fmt.Sprintf("Must supply a valid tree.mode and tree.type for %s", e.Path), doc)
			return
		}
		shaNull := string(bytes.TrimSpace(e.SHA)) == "null"
		var sha string
		if len(e.SHA) > 0 && !shaNull {
			if err := json.Unmarshal(e.SHA, &sha); err != nil {
				c.unprocessable("tree.sha is not a string", doc)
				return
			}
		}
		switch {
		case sha != "" && e.Content != nil:
			c.unprocessable("Must supply either tree.sha or tree.content, not both", doc)
			return
		case e.Content != nil:
			if typ != "blob" {
				c.unprocessable("tree.content is only allowed for blobs", doc)
				return
			}
			contentAt = append(contentAt, len(entries))
			contents = append(contents, []byte(*e.Content))
			entries = append(entries, indexEntry{path: e.Path, mode: e.Mode})
		case sha != "":
			if s.objectType(c.repo, sha) != typ && typ != "commit" {
				c.unprocessable(fmt.Sprintf("tree.sha %s is not a valid %s", sha, typ), doc)
				return
			}
			entries = append(entries, indexEntry{path: e.Path, mode: e.Mode, sha: sha, tree: typ == "tree"})
		case shaNull:
			// Deleting a path the base tree does not have is an error on GitHub.
			if base == "" {
				c.unprocessable("GitRPC::BadObjectState", doc)
				return
			}
			found, err := s.lsTree(c.repo, base, e.Path, true, false)
			if err != nil || len(found) == 0 {
				c.unprocessable("GitRPC::BadObjectState", doc)
				return
			}
			entries = append(entries, indexEntry{path: e.Path})
		default:
			c.unprocessable("Must supply tree.sha or tree.content", doc)
			return
		}
	}
	shas, err := s.writeBlobs(c.repo, contents)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error(), docs)
		return
	}
	for i, at := range contentAt {
		entries[at].sha = shas[i]
	}
	tree, err := s.buildTree(c.repo, base, entries)
	if err != nil {
		c.unprocessable("GitRPC::BadObjectState", doc)
		return
	}
	c.json(http.StatusCreated, s.treeJSON(c.repo, tree, false))
}

func (s *Server) treeJSON(r *Repo, sha string, recursive bool) *github.Tree {
	entries, _ := s.lsTree(r, sha, "", false, recursive)
	out := &github.Tree{SHA: github.String(sha), Truncated: github.Bool(false), Entries: []*github.TreeEntry{}}
	for _, e := range entries {
		te := &github.TreeEntry{
			SHA: github.String(e.sha), Path: github.String(e.path), Mode: github.String(e.mode), Type: github.String(e.typ),
			URL: github.String(s.gitURL(r, e.typ+"s", e.sha)),
		}
		if e.typ == "blob" {
			te.Size = github.Int(e.size)
		}
		out.Entries = append(out.Entries, te)
	}
	return out
}

func (s *Server) getTree(c *call) {
	sha := c.r.PathValue("sha")
	if t := s.objectType(c.repo, sha); t != "tree" && t != "commit" {
		c.notFound()
		return
	}
	tree, err := s.git(c.repo.Dir, nil, nil, "rev-parse", sha+"^{tree}")
	if err != nil {
		c.notFound()
		return
	}
	c.json(http.StatusOK, s.treeJSON(c.repo, tree, c.r.URL.Query().Get("recursive") != ""))
}

// gitIdent is the author or committer object of the Git Data API.
type gitIdent struct {
	Name  string            `json:"name"`
	Email string            `json:"email"`
	Date  *github.Timestamp `json:"date"`
}

func (s *Server) createCommit(c *call) {
	const doc = gitDataDoc + "/commits#create-a-commit"
	var req struct {
		Message   *string   `json:"message"`
		Tree      string    `json:"tree"`
		Parents   []string  `json:"parents"`
		Author    *gitIdent `json:"author"`
		Committer *gitIdent `json:"committer"`
		Signature string    `json:"signature"`
	}
	if !c.decode(&req) {
		return
	}
	if req.Message == nil {
		c.invalid(doc, fieldError("Commit", "message", "missing_field"))
		return
	}
	if s.objectType(c.repo, req.Tree) != "tree" {
		c.unprocessable("Tree SHA does not exist", doc)
		return
	}
	for _, p := range req.Parents {
		if s.objectType(c.repo, p) != "commit" {
			c.unprocessable("Parent SHA does not exist or is not a commit object", doc)
			return
		}
	}
	now := s.now()
	// With no author, committer or signature GitHub writes the commit as the
	// App's bot and signs it ("Signature verification for bots").
	author := ident{name: s.BotLogin(), email: s.botEmail(), when: now}
	committer := ident{name: "GitHub", email: "noreply@github.com", when: now}
	verified := req.Author == nil && req.Committer == nil && req.Signature == ""
	if req.Author != nil {
		author = identOf(req.Author, now)
		committer = author
	}
	if req.Committer != nil {
		committer = identOf(req.Committer, now)
	}
	sha, err := s.commitTree(c.repo, req.Tree, req.Parents, *req.Message, author, committer)
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error(), docs)
		return
	}
	if verified {
		s.verified[sha] = true
	}
	c.json(http.StatusCreated, s.commitJSON(c.repo, sha))
}

func identOf(g *gitIdent, now time.Time) ident {
	id := ident{name: g.Name, email: g.Email, when: now}
	if g.Date != nil {
		id.when = g.Date.Time
	}
	return id
}

// commitJSON reads commit sha and renders GitHub's git commit object.
func (s *Server) commitJSON(r *Repo, sha string) *github.Commit {
	raw, err := s.git(r.Dir, nil, nil, "cat-file", "commit", sha)
	if err != nil {
		return nil
	}
	head, message, _ := strings.Cut(raw, "\n\n")
	out := &github.Commit{
		SHA: github.String(sha), NodeID: github.String("C_" + sha[:12]), Message: github.String(message),
		URL:     github.String(s.gitURL(r, "commits", sha)),
		HTMLURL: github.String(fmt.Sprintf("%s/%s/commit/%s", s.URL(), r.FullName(), sha)),
		Parents: []*github.Commit{},
	}
	for _, line := range strings.Split(head, "\n") {
		key, val, _ := strings.Cut(line, " ")
		switch key {
		case "tree":
			out.Tree = &github.Tree{SHA: github.String(val)}
		case "parent":
			out.Parents = append(out.Parents, &github.Commit{SHA: github.String(val), URL: github.String(s.gitURL(r, "commits", val)),
				HTMLURL: github.String(fmt.Sprintf("%s/%s/commit/%s", s.URL(), r.FullName(), val))})
		case "author":
			out.Author = parseIdent(val)
		case "committer":
			out.Committer = parseIdent(val)
		}
	}
	reason := "unsigned"
	if s.verified[sha] {
		reason = "valid"
	}
	out.Verification = &github.SignatureVerification{Verified: github.Bool(s.verified[sha]), Reason: github.String(reason)}
	return out
}

// parseIdent reads "Name <email> 1700000000 +0000".
func parseIdent(v string) *github.CommitAuthor {
	name, rest, _ := strings.Cut(v, " <")
	email, rest, _ := strings.Cut(rest, "> ")
	var sec int64
	fmt.Sscan(rest, &sec)
	return &github.CommitAuthor{Name: github.String(name), Email: github.String(email), Date: &github.Timestamp{Time: time.Unix(sec, 0).UTC()}}
}

func (s *Server) getCommit(c *call) {
	sha := c.r.PathValue("sha")
	if s.objectType(c.repo, sha) != "commit" {
		c.notFound()
		return
	}
	c.json(http.StatusOK, s.commitJSON(c.repo, sha))
}
