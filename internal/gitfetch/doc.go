// Package gitfetch keeps a bare clone of a repository per working folder
// and fetches into it what a job needs, over HTTPS with an installation
// token (Basic auth x-access-token:<token>, as GitHub documents for Apps).
//
// Fetches are shallow where the history allows: the refs are fetched at a
// small depth, and when two refs are asked for (a base and a pull
// request's head) the history is deepened step by step until their merge
// base is present, and fetched whole as the last resort. A folder is
// re-used between jobs of the same repository, so later fetches bring only
// the objects that are missing. Fork pull requests are fetched through the
// base repository's refs/pull/N/head, which the installation token can
// read. Refs are fetched with forced refspecs: a force-pushed pull request
// head replaces the old one.
package gitfetch
