package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// setTableOptions plans a change of ENGINE, character set and collation or
// another table option. A table's string columns without their own
// collation follow the table's, as the readers model them, so a collation
// change is CONVERT TO CHARACTER SET (which converts the rows), not only
// DEFAULT CHARSET. Both ENGINE= and CONVERT TO copy the table (MySQL
// manual, "Online DDL Operations": changing the engine or converting the
// character set is ALGORITHM=COPY only).
func (p *my) setTableOptions(c *schema.SetTableOptions) ([]*item, error) {
	if c.Table.Name == "" {
		return nil, errMissing("table name")
	}
	t := p.afterRename(c.Table)
	up, err := p.tableOptionClauses(c.From, c.To)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", t, err)
	}
	down, err := p.tableOptionClauses(c.To, c.From)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", t, err)
	}
	if up == "" {
		return nil, nil
	}
	cl := &clause{table: t, up: up, down: down, downAgain: down, obj: "options", algo: algoCopy}
	pos := schema.Pos{}
	if tb := p.toTable(t); tb != nil {
		pos = tb.Pos
	}
	it := p.alterItem(cl, rankTable, "options", pos)
	if p.collationOf(c.From) != p.collationOf(c.To) {
		it.step.Hazards = append(it.step.Hazards, hazard(HazardDataLoss, t, "",
			"CONVERT TO CHARACTER SET "+dialect.CharsetOfCollation(p.collationOf(c.To))+": characters the target set lacks become '?'"))
	}
	return []*item{it}, nil
}

// collationOf is the table collation options imply.
func (p *my) collationOf(opts map[string]string) string {
	if c := opts["collate"]; c != "" {
		return c
	}
	return p.f.DefaultCollation
}

// tableOptionClauses is the ALTER TABLE clause list that turns options
// from into options to.
func (p *my) tableOptionClauses(from, to map[string]string) (string, error) {
	var out []string
	if from["engine"] != to["engine"] {
		e := to["engine"]
		if e == "" {
			e = p.f.DefaultEngine
		}
		out = append(out, "ENGINE="+e)
	}
	if fc, tc := p.collationOf(from), p.collationOf(to); fc != tc {
		out = append(out, "CONVERT TO CHARACTER SET "+dialect.CharsetOfCollation(tc)+" COLLATE "+tc)
	}
	for _, k := range sortedKeys(to) {
		if k != "engine" && k != "charset" && k != "collate" && from[k] != to[k] {
			out = append(out, strings.ToUpper(k)+"="+to[k])
		}
	}
	for _, k := range sortedKeys(from) {
		if _, ok := to[k]; ok || k == "engine" || k == "charset" || k == "collate" {
			continue
		}
		if strings.ToLower(k) != "row_format" {
			return "", fmt.Errorf("option %s cannot be reset to its default: %w", k, ErrUnsupported)
		}
		out = append(out, "ROW_FORMAT=DEFAULT")
	}
	return strings.Join(out, ", "), nil
}
