package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 (OASIS, docs.oasis-open.org/sarif/sarif/v2.1.0): the subset
// of the object model migrate-bot fills. Property names follow the spec's
// JSON schema (sarif-schema-2.1.0.json).

// SARIFSchema is the $schema URI of the documents SARIF writes.
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// InformationURI is where the tool and its rules are documented.
const InformationURI = "https://github.com/migrate-bot/migrate-bot"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string             `json:"ruleId"`
	RuleIndex        int                `json:"ruleIndex"`
	Level            string             `json:"level"`
	Message          sarifText          `json:"message"`
	Locations        []sarifLocation    `json:"locations"`
	RelatedLocations []sarifLocation    `json:"relatedLocations,omitempty"`
	Suppressions     []sarifSuppression `json:"suppressions"`
	Properties       map[string]any     `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical         `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// sarifLevel maps a finding severity to a SARIF level (notice is note).
func sarifLevel(severity string) string {
	switch severity {
	case "error":
		return "error"
	case "warning":
		return "warning"
	}
	return "note"
}

// SARIF writes the findings of one or more plan documents (a --repo run
// has one per project) as one SARIF 2.1.0 log with one run. The driver
// lists every rule (id = code, shortDescription = title, fullDescription
// and help = the rule's documentation, defaultConfiguration.level = its
// default severity). Each finding is a result located at its schema file
// and line, with the migration file line as a related location; a finding
// without a schema position is located at the migration line, or at the
// table as a logical location. Accepted findings carry an external
// suppression whose justification is the reason. toolVersion is the
// binary's version.
func SARIF(w io.Writer, toolVersion string, docs ...*Document) error {
	driver := sarifDriver{Name: "migrate-bot", Version: toolVersion, InformationURI: InformationURI}
	index := map[string]int{}
	for i, r := range RuleDocs() {
		index[r.Code] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.Code, Name: ruleName(r.Title),
			ShortDescription:     sarifText{r.Title},
			FullDescription:      sarifText{r.Doc},
			Help:                 sarifText{r.Doc},
			HelpURI:              InformationURI + "#rules",
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for _, doc := range docs {
		for _, f := range doc.Findings {
			run.Results = append(run.Results, sarifFinding(doc, f, index))
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifFinding(doc *Document, f Finding, index map[string]int) sarifResult {
	msg := f.Title + ": " + f.Message
	res := sarifResult{
		RuleID: f.Code, RuleIndex: index[f.Code], Level: sarifLevel(f.Severity),
		Message: sarifText{msg}, Locations: []sarifLocation{}, Suppressions: []sarifSuppression{},
	}
	if _, ok := index[f.Code]; !ok {
		res.RuleIndex = -1
	}
	props := map[string]any{"severity": f.Severity}
	if f.Step > 0 {
		props["step"] = f.Step
	}
	if doc.Project != "" {
		props["project"] = doc.Project
	}
	res.Properties = props
	var migration *sarifLocation
	if f.MigrationFile != "" {
		migration = &sarifLocation{
			PhysicalLocation: &sarifPhysicalLocation{
				ArtifactLocation: sarifArtifact{URI: fileURI(f.MigrationFile)},
				Region:           &sarifRegion{StartLine: f.MigrationLine},
			},
			Message: &sarifText{fmt.Sprintf("step %d of the generated migration", f.Step)},
		}
	}
	switch {
	case f.SourceFile != "":
		loc := sarifLocation{PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: sarifArtifact{URI: fileURI(f.SourceFile)}}}
		if f.SourceLine > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.SourceLine}
		}
		res.Locations = append(res.Locations, loc)
		if migration != nil {
			id := 1
			migration.ID = &id
			res.RelatedLocations = []sarifLocation{*migration}
		}
	case migration != nil:
		migration.Message = nil
		res.Locations = append(res.Locations, *migration)
	case f.Object != "":
		res.Locations = append(res.Locations, sarifLocation{LogicalLocations: []sarifLogical{{FullyQualifiedName: f.Object, Kind: "table"}}})
	}
	if f.Accepted {
		res.Suppressions = append(res.Suppressions, sarifSuppression{Kind: "external", Justification: f.AcceptReason})
	}
	return res
}

// ruleName turns a title into the PascalCase name SARIF viewers show:
// "Table dropped" is "TableDropped".
func ruleName(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// fileURI makes a path a SARIF artifact URI: a relative path stays
// relative (to the repository root, as code scanning expects), with
// forward slashes and escaped; an absolute path becomes a file:// URI.
func fileURI(p string) string {
	p = filepath.ToSlash(p)
	if strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}
