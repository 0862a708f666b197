package plan

import (
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// pgPersistence is the Table.Options key the PostgreSQL reader sets to
// "unlogged" for CREATE UNLOGGED TABLE; every other key is a storage
// parameter of WITH (...).
const pgPersistence = "persistence"

// setTableOptions plans a change of persistence and storage parameters.
// SET LOGGED / SET UNLOGGED rewrite the table under ACCESS EXCLUSIVE
// (PostgreSQL manual, ALTER TABLE: "SET { LOGGED | UNLOGGED } ... rewrites
// the table"); SET (...) and RESET (...) of storage parameters change only
// the catalog, but some parameters take ACCESS EXCLUSIVE, so that lock is
// claimed for all.
func (p *pg) setTableOptions(c *schema.SetTableOptions) ([]*item, error) {
	if c.Table.Name == "" {
		return nil, errMissing("table name")
	}
	t := p.afterRename(c.Table)
	up := p.tableOptionClauses(c.From, c.To)
	down := p.tableOptionClauses(c.To, c.From)
	if len(up) == 0 {
		return nil, nil
	}
	alter := func(cl []string) []string {
		return []string{"ALTER TABLE " + p.qn(t) + " " + strings.Join(cl, ", ")}
	}
	s := step(alter(up), alter(down), p.lock(LockAccessExclusive, t), p.tablePos(t))
	if c.From[pgPersistence] != c.To[pgPersistence] {
		s.Rewrite = true
		s.Hazards = append(s.Hazards, hazard(HazardRewrite, t, "", "SET "+persistenceWord(c.To)))
	}
	return []*item{at(phaseColumn, t.String()+"\x00options", s)}, nil
}

// tableOptionClauses are the ALTER TABLE clauses that turn options from
// into options to.
func (p *pg) tableOptionClauses(from, to map[string]string) []string {
	var out []string
	if from[pgPersistence] != to[pgPersistence] {
		out = append(out, "SET "+persistenceWord(to))
	}
	var set, reset []string
	for _, k := range sortedKeys(to) {
		if k != pgPersistence && from[k] != to[k] {
			set = append(set, k+" = "+to[k])
		}
	}
	for _, k := range sortedKeys(from) {
		if _, ok := to[k]; !ok && k != pgPersistence {
			reset = append(reset, k)
		}
	}
	if len(set) > 0 {
		out = append(out, "SET ("+strings.Join(set, ", ")+")")
	}
	if len(reset) > 0 {
		out = append(out, "RESET ("+strings.Join(reset, ", ")+")")
	}
	return out
}

func persistenceWord(opts map[string]string) string {
	if opts[pgPersistence] == "unlogged" {
		return "UNLOGGED"
	}
	return "LOGGED"
}

// sortedKeys are a map's keys in order.
func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
