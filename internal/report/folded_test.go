package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// TestFoldedSteps: a step that carries out several changes lists the
// others in folded, and their empty steps name it in folded_into, in the
// JSON, text and Markdown reports.
func TestFoldedSteps(t *testing.T) {
	d, err := dialect.Mariadb("10.11")
	if err != nil {
		t.Fatal(err)
	}
	tbl := schema.QName{Name: "t"}
	a := &schema.AddColumn{Table: tbl, Column: &schema.Column{Name: "a"}}
	b := &schema.AddColumn{Table: tbl, Column: &schema.Column{Name: "b"}}
	carrier := &plan.Step{Change: a, Folded: []schema.Change{b},
		Up: []string{"ALTER TABLE `t` ADD COLUMN `a` int, ADD COLUMN `b` int, ALGORITHM=INSTANT"}}
	folded := &plan.Step{Change: b, FoldedInto: carrier}
	doc := Build(Input{Dialect: d, Plan: &plan.Plan{Dialect: d.Name, Steps: []*plan.Step{carrier, folded}},
		Changes: []schema.Change{a, b}})
	var buf bytes.Buffer
	if err := JSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Steps []struct {
			Folded     []Change `json:"folded"`
			FoldedInto *int     `json:"folded_into"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Steps) != 2 || len(got.Steps[0].Folded) != 1 || got.Steps[0].Folded[0].Object != "t.b" ||
		got.Steps[0].FoldedInto != nil || got.Steps[1].FoldedInto == nil || *got.Steps[1].FoldedInto != 1 ||
		got.Steps[1].Folded == nil || len(got.Steps[1].Folded) != 0 {
		t.Errorf("JSON steps: %s", buf.String())
	}
	for _, c := range []struct {
		name   string
		render func(*bytes.Buffer) error
		want   []string
	}{
		{"text", func(w *bytes.Buffer) error { return Text(w, doc) }, []string{
			"also carries out AddColumn t.b\n", "carried out by step 1\n"}},
		{"markdown", func(w *bytes.Buffer) error { return Markdown(w, doc) }, []string{
			"AddColumn `t.a`, with 1 more change |", "AddColumn `t.b`, carried out by step 1 |"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var w bytes.Buffer
			if err := c.render(&w); err != nil {
				t.Fatal(err)
			}
			for _, want := range c.want {
				if !strings.Contains(w.String(), want) {
					t.Errorf("report lacks %q:\n%s", want, w.String())
				}
			}
		})
	}
}
