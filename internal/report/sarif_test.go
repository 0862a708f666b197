package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// sarifProps are the properties SARIF 2.1.0's JSON schema allows on each
// object migrate-bot writes (every one of them has additionalProperties
// false in sarif-schema-2.1.0.json), with the required ones listed
// first up to the '|' marker. The schema file itself is not vendored (no
// copy could be fetched here); these lists are transcribed from it.
var sarifProps = map[string]string{
	"log":           "version runs | $schema inlineExternalProperties properties",
	"run":           "tool | invocations conversion language versionControlProvenance originalUriBaseIds artifacts logicalLocations graphs results automationDetails runAggregates baselineGuid redactionTokens defaultEncoding defaultSourceLanguage newlineSequences columnKind externalPropertyFileReferences threadFlowLocations taxonomies addresses translations policies webRequests webResponses specialLocations properties",
	"tool":          "driver | extensions properties",
	"toolComponent": "name | guid product productSuite shortDescription fullDescription fullName version semanticVersion dottedQuadFileVersion releaseDateUtc downloadUri informationUri globalMessageStrings notifications rules taxa locations language contents isComprehensive localizedDataSemanticVersion minimumRequiredLocalizedDataSemanticVersion associatedComponent translationMetadata supportedTaxonomies properties organization",
	"rule":          "id | deprecatedIds guid deprecatedGuids name deprecatedNames shortDescription fullDescription messageStrings defaultConfiguration helpUri help relationships properties",
	"config":        "| enabled level rank parameters properties",
	"mmString":      "text | markdown properties",
	"message":       "| text markdown id arguments properties",
	"result":        "message | guid correlationGuid ruleId ruleIndex rule kind level analysisTarget locations webRequest webResponse fingerprints partialFingerprints codeFlows graphs graphTraversals stacks relatedLocations suppressions baselineState rank attachments hostedViewerUri workItemUris provenance fixes taxa properties",
	"location":      "| id physicalLocation logicalLocations message annotations relationships properties",
	"physical":      "| address artifactLocation region contextRegion properties",
	"artifact":      "| uri uriBaseId index description properties",
	"region":        "| startLine startColumn endLine endColumn charOffset charLength byteOffset byteLength snippet message sourceLanguage properties",
	"logical":       "| name index fullyQualifiedName decoratedName parentIndex kind properties",
	"suppression":   "kind | guid status justification location properties",
}

// checkObject fails when obj lacks a required property or has one the
// schema does not allow.
func checkObject(t *testing.T, kind, path string, v any) map[string]any {
	t.Helper()
	obj, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: want an object, got %T", path, v)
	}
	req, opt, _ := strings.Cut(sarifProps[kind], "|")
	required, allowed := strings.Fields(req), append(strings.Fields(req), strings.Fields(opt)...)
	for _, r := range required {
		if _, ok := obj[r]; !ok {
			t.Errorf("%s (%s): required property %q missing", path, kind, r)
		}
	}
	for k := range obj {
		if !slices.Contains(allowed, k) {
			t.Errorf("%s (%s): property %q not allowed", path, kind, k)
		}
	}
	return obj
}

var sarifLevels = []string{"none", "note", "warning", "error"}

func checkLocation(t *testing.T, path string, v any) {
	t.Helper()
	loc := checkObject(t, "location", path, v)
	if id, ok := loc["id"]; ok && id.(float64) < -1 {
		t.Errorf("%s.id = %v, want >= -1", path, id)
	}
	if pl, ok := loc["physicalLocation"]; ok {
		phys := checkObject(t, "physical", path+".physicalLocation", pl)
		a, ok := phys["artifactLocation"]
		if !ok {
			t.Fatalf("%s.physicalLocation: want artifactLocation (anyOf address, artifactLocation)", path)
		}
		art := checkObject(t, "artifact", path+".physicalLocation.artifactLocation", a)
		if uri, _ := art["uri"].(string); uri == "" {
			t.Errorf("%s: empty uri", path)
		}
		if r, ok := phys["region"]; ok {
			reg := checkObject(t, "region", path+".physicalLocation.region", r)
			if reg["startLine"].(float64) < 1 {
				t.Errorf("%s: startLine %v, want >= 1", path, reg["startLine"])
			}
		}
	}
	for i, l := range asList(loc["logicalLocations"]) {
		checkObject(t, "logical", path+".logicalLocations["+string(rune('0'+i))+"]", l)
	}
	if m, ok := loc["message"]; ok {
		checkObject(t, "message", path+".message", m)
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestSARIF(t *testing.T) {
	doc := sample(t, SeverityError)
	var buf bytes.Buffer
	if err := SARIF(&buf, "v1.2.3", doc); err != nil {
		t.Fatal(err)
	}
	var log any
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	root := checkObject(t, "log", "$", log)
	if root["version"] != "2.1.0" {
		t.Errorf("version = %v", root["version"])
	}
	runs := asList(root["runs"])
	if len(runs) != 1 {
		t.Fatalf("runs = %d, want 1", len(runs))
	}
	run := checkObject(t, "run", "runs[0]", runs[0])
	tool := checkObject(t, "tool", "tool", run["tool"])
	driver := checkObject(t, "toolComponent", "driver", tool["driver"])
	if driver["name"] != "migrate-bot" || driver["version"] != "v1.2.3" || driver["informationUri"] != InformationURI {
		t.Errorf("driver = %v %v %v", driver["name"], driver["version"], driver["informationUri"])
	}
	ruleIndex := map[string]int{}
	for i, r := range asList(driver["rules"]) {
		rule := checkObject(t, "rule", "rules[]", r)
		for _, k := range []string{"shortDescription", "fullDescription", "help"} {
			text := checkObject(t, "mmString", "rules[]."+k, rule[k])
			if text["text"] == "" {
				t.Errorf("rule %v: empty %s", rule["id"], k)
			}
		}
		cfg := checkObject(t, "config", "rules[].defaultConfiguration", rule["defaultConfiguration"])
		if !slices.Contains(sarifLevels, cfg["level"].(string)) {
			t.Errorf("rule %v: level %v", rule["id"], cfg["level"])
		}
		ruleIndex[rule["id"].(string)] = i
	}
	if len(ruleIndex) < 41 || ruleIndex["MB000"] != 0 {
		t.Errorf("driver lists %d rules", len(ruleIndex))
	}
	results := asList(run["results"])
	if len(results) != len(doc.Findings) {
		t.Fatalf("results = %d, want one per finding (%d)", len(results), len(doc.Findings))
	}
	want := []struct {
		rule, level, schema, migration string
		suppressed                     bool
	}{
		{"MB205", "warning", "schema.prisma:12", "1_x.up.sql:4", false},
		{"MB102", "error", "", "1_x.up.sql:5", false},
		{"MB113", "note", "", "1_x.up.sql:4", false},
		{"MB202", "warning", "", "1_x.up.sql:5", true},
	}
	for i, r := range results {
		res := checkObject(t, "result", "results[]", r)
		checkObject(t, "message", "results[].message", res["message"])
		if !slices.Contains(sarifLevels, res["level"].(string)) {
			t.Errorf("level %v", res["level"])
		}
		if int(res["ruleIndex"].(float64)) != ruleIndex[res["ruleId"].(string)] {
			t.Errorf("result %d: ruleIndex does not point at its rule", i)
		}
		var locs []string
		for _, l := range asList(res["locations"]) {
			checkLocation(t, "results[].locations[]", l)
			locs = append(locs, locString(l))
		}
		for _, l := range asList(res["relatedLocations"]) {
			checkLocation(t, "results[].relatedLocations[]", l)
			locs = append(locs, locString(l))
		}
		sups := asList(res["suppressions"])
		for _, s := range sups {
			sup := checkObject(t, "suppression", "results[].suppressions[]", s)
			if sup["kind"] != "external" || sup["justification"] != "no reader uses it" {
				t.Errorf("suppression = %v", sup)
			}
		}
		w := want[i]
		wantLocs := []string{}
		for _, l := range []string{w.schema, w.migration} {
			if l != "" {
				wantLocs = append(wantLocs, l)
			}
		}
		if res["ruleId"] != w.rule || res["level"] != w.level || (len(sups) > 0) != w.suppressed || !slices.Equal(locs, wantLocs) {
			t.Errorf("result %d = %v %v locations %v suppressions %v, want %+v", i, res["ruleId"], res["level"], locs, sups, w)
		}
	}
}

func locString(v any) string {
	pl, ok := v.(map[string]any)["physicalLocation"].(map[string]any)
	if !ok {
		return "logical"
	}
	s := pl["artifactLocation"].(map[string]any)["uri"].(string)
	if r, ok := pl["region"].(map[string]any); ok {
		s += ":" + strings.TrimSuffix(strings.TrimSuffix(jsonNum(r["startLine"]), ".0"), ".")
	}
	return s
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"prisma/schema.prisma": "prisma/schema.prisma",
		"/tmp/a b/x.sql":       "file:///tmp/a%20b/x.sql",
		"db/my schema.sql":     "db/my%20schema.sql",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
