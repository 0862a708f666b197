package githubfake

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// ident is a git author or committer.
type ident struct {
	name, email string
	when        time.Time
}

// zeroSHA is git's null object id.
const zeroSHA = "0000000000000000000000000000000000000000"

// git runs the git CLI in dir with a clean environment and returns its
// standard output with the trailing newline removed.
func (s *Server) git(dir string, env []string, stdin []byte, args ...string) (string, error) {
	out, err := s.gitBytes(dir, env, stdin, args...)
	return strings.TrimSuffix(string(out), "\n"), err
}

// gitBytes runs the git CLI like git and returns its output untouched.
func (s *Server) gitBytes(dir string, env []string, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + s.home, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_TERMINAL_PROMPT=0", "LANG=C", "LC_ALL=C",
	}, env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.Bytes(), nil
}

// initBare creates an empty bare repository for owner/name.
func (s *Server) initBare(owner, name, branch string) (string, error) {
	dir := filepath.Join(s.root, owner, name+".git")
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	if _, err := s.git(s.root, nil, nil, "init", "--bare", "--quiet", "--initial-branch="+branch, dir); err != nil {
		return "", err
	}
	// Accept pushes over smart HTTP (the token is checked in front of
	// http-backend) and keep objects of refs/pull/* reachable.
	if _, err := s.git(dir, nil, nil, "config", "http.receivepack", "true"); err != nil {
		return "", err
	}
	return dir, nil
}

// resolveCommit returns the commit a ref, branch or SHA names in repo, ""
// when none.
func (s *Server) resolveCommit(r *Repo, ref string) string {
	if ref == "" {
		ref = r.defaultBranch
	}
	if strings.HasPrefix(ref, "-") {
		return ""
	}
	sha, err := s.git(r.Dir, nil, nil, "rev-parse", "--verify", "--quiet", ref+"^{commit}")
	if err != nil {
		return ""
	}
	return sha
}

// objectType returns git's type of sha in repo ("blob", "tree", "commit"),
// "" when absent.
func (s *Server) objectType(r *Repo, sha string) string {
	if !isSHA(sha) {
		return ""
	}
	t, err := s.git(r.Dir, nil, nil, "cat-file", "-t", sha)
	if err != nil {
		return ""
	}
	return t
}

func isSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// indexEntry is one change applied to a temporary index: a blob at path
// (mode, sha), a whole tree grafted at path, or a removal (sha == "").
type indexEntry struct {
	path, mode, sha string
	tree            bool
}

// buildTree writes a tree: base (a tree or commit, "" for empty) with the
// entries applied, using a temporary index file.
func (s *Server) buildTree(r *Repo, base string, entries []indexEntry) (string, error) {
	idx, err := os.CreateTemp(s.home, "index-*")
	if err != nil {
		return "", err
	}
	idxPath := idx.Name()
	idx.Close()
	os.Remove(idxPath)
	defer os.Remove(idxPath)
	env := []string{"GIT_INDEX_FILE=" + idxPath}
	if base == "" {
		_, err = s.git(r.Dir, env, nil, "read-tree", "--empty")
	} else {
		_, err = s.git(r.Dir, env, nil, "read-tree", base)
	}
	if err != nil {
		return "", err
	}
	var info bytes.Buffer
	for _, e := range entries {
		switch {
		case e.sha == "":
			fmt.Fprintf(&info, "0 %s\t%s\n", zeroSHA, e.path)
		case e.tree:
			// Replace whatever sits at path with the tree's content, entry by
			// entry (read-tree --prefix needs a work tree).
			ls, err := s.git(r.Dir, env, nil, "ls-files", "-z", "--", e.path)
			if err != nil {
				return "", err
			}
			for _, p := range strings.Split(ls, "\x00") {
				if p != "" {
					fmt.Fprintf(&info, "0 %s\t%s\n", zeroSHA, p)
				}
			}
			sub, err := s.git(r.Dir, nil, nil, "ls-tree", "-r", "-z", e.sha)
			if err != nil {
				return "", err
			}
			for _, line := range strings.Split(sub, "\x00") {
				meta, name, ok := strings.Cut(line, "\t")
				if f := strings.Fields(meta); ok && len(f) == 3 {
					fmt.Fprintf(&info, "%s %s\t%s/%s\n", f[0], f[2], strings.TrimSuffix(e.path, "/"), name)
				}
			}
		default:
			fmt.Fprintf(&info, "%s %s\t%s\n", e.mode, e.sha, e.path)
		}
	}
	if info.Len() > 0 {
		if _, err := s.git(r.Dir, env, info.Bytes(), "update-index", "--index-info"); err != nil {
			return "", err
		}
	}
	return s.git(r.Dir, env, nil, "write-tree")
}

// writeBlobs stores contents as blobs and returns their SHAs in order.
func (s *Server) writeBlobs(r *Repo, contents [][]byte) ([]string, error) {
	if len(contents) == 0 {
		return nil, nil
	}
	dir, err := os.MkdirTemp(s.home, "blobs-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var paths bytes.Buffer
	for i, c := range contents {
		p := filepath.Join(dir, fmt.Sprint(i))
		if err := os.WriteFile(p, c, 0o644); err != nil {
			return nil, err
		}
		paths.WriteString(p + "\n")
	}
	out, err := s.git(r.Dir, nil, paths.Bytes(), "hash-object", "-w", "--no-filters", "--stdin-paths")
	if err != nil {
		return nil, err
	}
	shas := strings.Split(out, "\n")
	if len(shas) != len(contents) {
		return nil, fmt.Errorf("hash-object: %d objects for %d contents", len(shas), len(contents))
	}
	return shas, nil
}

// commitTree writes a commit of tree with parents and returns its SHA.
func (s *Server) commitTree(r *Repo, tree string, parents []string, message string, author, committer ident) (string, error) {
	args := []string{"commit-tree", tree}
	for _, p := range parents {
		args = append(args, "-p", p)
	}
	env := []string{
		"GIT_AUTHOR_NAME=" + author.name, "GIT_AUTHOR_EMAIL=" + author.email,
		"GIT_AUTHOR_DATE=" + author.when.UTC().Format(time.RFC3339),
		"GIT_COMMITTER_NAME=" + committer.name, "GIT_COMMITTER_EMAIL=" + committer.email,
		"GIT_COMMITTER_DATE=" + committer.when.UTC().Format(time.RFC3339),
	}
	return s.git(r.Dir, env, []byte(message), args...)
}

// commitFiles commits changes (nil content deletes) on top of parent ("" for
// a root commit) and returns the new commit; it does not move any ref.
func (s *Server) commitFiles(r *Repo, parent string, files map[string][]byte, message string, who ident) (string, error) {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var contents [][]byte
	var written []string
	for _, p := range paths {
		if files[p] != nil {
			contents = append(contents, files[p])
			written = append(written, p)
		}
	}
	shas, err := s.writeBlobs(r, contents)
	if err != nil {
		return "", err
	}
	blob := map[string]string{}
	for i, p := range written {
		blob[p] = shas[i]
	}
	entries := make([]indexEntry, 0, len(paths))
	for _, p := range paths {
		entries = append(entries, indexEntry{path: p, mode: "100644", sha: blob[p]})
	}
	tree, err := s.buildTree(r, parent, entries)
	if err != nil {
		return "", err
	}
	var parents []string
	if parent != "" {
		parents = []string{parent}
	}
	return s.commitTree(r, tree, parents, message, who, who)
}

// updateRef moves ref to sha if it still points at old (zeroSHA: must not
// exist; "": any value).
func (s *Server) updateRef(r *Repo, ref, sha, old string) error {
	args := []string{"update-ref", ref, sha}
	if old != "" {
		args = append(args, old)
	}
	_, err := s.git(r.Dir, nil, nil, args...)
	return err
}

// isAncestor reports whether a is an ancestor of (or equal to) b.
func (s *Server) isAncestor(r *Repo, a, b string) bool {
	_, err := s.git(r.Dir, nil, nil, "merge-base", "--is-ancestor", a, b)
	return err == nil
}
