package report

import (
	"encoding/json"
	"io"
)

// JSON writes the document as indented JSON (docs/report-json.md).
func JSON(w io.Writer, doc *Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// RepoDocument is the report of a --repo run: one Document per planned
// project, with the revisions compared.
type RepoDocument struct {
	Version int `json:"version"`
	// Base, Head and MergeBase are the revisions as given and resolved.
	Base      Revision `json:"base"`
	Head      Revision `json:"head"`
	MergeBase Revision `json:"merge_base"`
	// Projects are the projects whose schema changed, each planned.
	Projects []*Document `json:"projects"`
	// Unchanged names the projects whose schema path did not change.
	Unchanged []string `json:"unchanged"`
	// Errors are projects that could not be planned, with the reason.
	Errors []ProjectError `json:"errors"`
}

// Revision is a revision as the user named it and the commit it resolved to.
type Revision struct {
	Rev    string `json:"rev"`
	Commit string `json:"commit"`
}

// ProjectError is a project that could not be planned.
type ProjectError struct {
	Project string `json:"project"`
	Error   string `json:"error"`
}

// RepoJSON writes a --repo run's document as indented JSON.
func RepoJSON(w io.Writer, doc *RepoDocument) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
