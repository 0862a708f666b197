// Package gitrepo reads a git repository the way the bot reads a pull
// request: resolve a revision, find the merge base of two commits, read a
// file or a folder as it is at a commit, and list the paths that changed
// between two commits. It uses go-git, so it needs no git binary and runs
// nothing from the repository.
package gitrepo
