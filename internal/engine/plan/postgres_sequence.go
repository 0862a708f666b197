package plan

import (
	"fmt"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Standalone sequences: CREATE / ALTER / DROP SEQUENCE with every option
// the model carries. A zero option means "the server's default" and is not
// written. OWNED BY is a separate step after the tables exist, since the
// owning table may be created by the same plan.

// seqOptions renders the options of s; with diff set, only those that
// differ from old (and, for ALTER, NO MINVALUE / NO MAXVALUE when an option
// goes back to its default).
func (p *pg) seqOptions(s, old *schema.Sequence) string {
	var b []string
	alter := old != nil
	if old == nil {
		old = &schema.Sequence{}
	}
	if s.Type != "" && (s.Type != old.Type || !alter) {
		b = append(b, "AS "+s.Type)
	}
	if s.Increment != 0 && s.Increment != old.Increment {
		b = append(b, fmt.Sprintf("INCREMENT BY %d", s.Increment))
	}
	switch {
	case s.Min != 0 && s.Min != old.Min:
		b = append(b, fmt.Sprintf("MINVALUE %d", s.Min))
	case s.Min == 0 && old.Min != 0:
		b = append(b, "NO MINVALUE")
	}
	switch {
	case s.Max != 0 && s.Max != old.Max:
		b = append(b, fmt.Sprintf("MAXVALUE %d", s.Max))
	case s.Max == 0 && old.Max != 0:
		b = append(b, "NO MAXVALUE")
	}
	if s.Start != 0 && s.Start != old.Start {
		b = append(b, fmt.Sprintf("START WITH %d", s.Start))
	}
	if s.Cache != 0 && s.Cache != old.Cache {
		b = append(b, fmt.Sprintf("CACHE %d", s.Cache))
	}
	if s.Cycle && (!old.Cycle || !alter) {
		b = append(b, "CYCLE")
	} else if !s.Cycle && old.Cycle {
		b = append(b, "NO CYCLE")
	}
	return strings.Join(b, " ")
}

func (p *pg) createSequence(s *schema.Sequence, ifNotExists bool) []string {
	stmt := "CREATE SEQUENCE "
	if ifNotExists {
		stmt += "IF NOT EXISTS "
	}
	stmt += p.qn(s.Name)
	if o := p.seqOptions(s, nil); o != "" {
		stmt += " " + o
	}
	out := []string{stmt}
	if s.Comment != "" {
		out = append(out, p.comment("SEQUENCE "+p.qn(s.Name), s.Comment))
	}
	return out
}

// ownedBy renders OWNED BY for an owner "table.column" (the table in the
// sequence's namespace) or "schema.table.column", or OWNED BY NONE. It
// says IF EXISTS so a rollback that runs after the sequence is gone does
// nothing.
func (p *pg) ownedBy(s *schema.Sequence, owner string) string {
	stmt := "ALTER SEQUENCE IF EXISTS " + p.qn(s.Name) + " OWNED BY "
	parts := strings.Split(owner, ".")
	switch {
	case owner == "":
		return stmt + "NONE"
	case len(parts) == 3:
		return stmt + p.col(schema.QName{Schema: parts[0], Name: parts[1]}, parts[2])
	}
	i := strings.LastIndex(owner, ".")
	if i <= 0 {
		return stmt + "NONE"
	}
	return stmt + p.col(schema.QName{Schema: s.Name.Schema, Name: owner[:i]}, owner[i+1:])
}

func (p *pg) addSequence(c *schema.AddSequence) ([]*item, error) {
	s := c.Sequence
	if s == nil || s.Name.Name == "" {
		return nil, errMissing("sequence")
	}
	key := s.Name.String()
	down := []string{"DROP SEQUENCE IF EXISTS " + p.qn(s.Name)}
	items := []*item{at(phaseCreateType, key, step(p.createSequence(s, false), down, Lock{}, s.Pos))}
	if s.OwnedBy != "" {
		own := step([]string{p.ownedBy(s, s.OwnedBy)}, []string{p.ownedBy(s, "")}, Lock{}, s.Pos)
		items = append(items, at(phaseTableParts, key, own))
	}
	return items, nil
}

func (p *pg) dropSequence(c *schema.DropSequence) ([]*item, error) {
	s := c.Sequence
	if s == nil || s.Name.Name == "" {
		return nil, errMissing("sequence")
	}
	down := p.createSequence(s, true)
	if s.OwnedBy != "" {
		down = append(down, p.ownedBy(s, s.OwnedBy))
	}
	st := step([]string{"DROP SEQUENCE " + p.qn(s.Name)}, down, Lock{}, s.Pos)
	// The rollback re-creates the sequence at its start value: the position
	// it had reached is lost.
	st.DownLosesData = true
	st.Hazards = []Hazard{
		hazard(HazardBreaking, s.Name, "", "drop sequence"),
		hazard(HazardIrreversible, s.Name, "", "sequence position"),
	}
	return []*item{at(phaseDropType, s.Name.String(), st)}, nil
}

func (p *pg) alterSequence(c *schema.AlterSequence) ([]*item, error) {
	from, to := c.From, c.To
	if from == nil || to == nil || to.Name.Name == "" {
		return nil, errMissing("sequence")
	}
	if nw, ok := p.seqRenamed[to.Name]; ok {
		// Renames run first: the sequence has its new name by then.
		renamed := *to
		renamed.Name = nw
		to = &renamed
	}
	var up, down []string
	if o := p.seqOptions(to, from); o != "" {
		up = append(up, "ALTER SEQUENCE "+p.qn(to.Name)+" "+o)
	}
	if o := p.seqOptions(from, to); o != "" {
		down = append(down, "ALTER SEQUENCE IF EXISTS "+p.qn(to.Name)+" "+o)
	}
	if from.OwnedBy != to.OwnedBy {
		up = append(up, p.ownedBy(to, to.OwnedBy))
		down = append(down, p.ownedBy(to, from.OwnedBy))
	}
	if from.Comment != to.Comment {
		up = append(up, p.comment("SEQUENCE "+p.qn(to.Name), to.Comment))
		down = append(down, p.comment("SEQUENCE "+p.qn(to.Name), from.Comment))
	}
	if len(up) == 0 {
		return nil, fmt.Errorf("sequence %s: nothing changes: %w", to.Name, ErrUnsupported)
	}
	ph := phaseCreateType
	if to.OwnedBy != "" {
		ph = phaseTableParts // the owning column may be new
	}
	return []*item{at(ph, to.Name.String(), step(up, down, Lock{}, to.Pos))}, nil
}

func (p *pg) renameSequence(c *schema.RenameSequence) ([]*item, error) {
	if c.From.Name == "" || c.To.Name == "" {
		return nil, errMissing("sequence name")
	}
	up := p.renameRelation("SEQUENCE", c.From, c.To, false)
	down := p.renameRelation("SEQUENCE", c.To, c.From, true)
	pos := schema.Pos{}
	if p.to != nil {
		if s := p.to.Sequence(c.To); s != nil {
			pos = s.Pos
		}
	}
	s := step(up, down, Lock{}, pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, c.From, "", "rename sequence")}
	it := at(phaseRename, "", s)
	it.inputOrder = true
	return []*item{it}, nil
}

// renameRelation renders ALTER <kind> from RENAME TO to, with SET SCHEMA
// first when the namespace changes too. With ifExists (rollbacks of table
// and sequence renames; ALTER TYPE has no such clause) a second run finds
// nothing under the name and does nothing.
func (p *pg) renameRelation(kind string, from, to schema.QName, ifExists bool) []string {
	head := "ALTER " + kind + " "
	if ifExists {
		head += "IF EXISTS "
	}
	var out []string
	cur := from
	if from.Schema != to.Schema && to.Schema != "" {
		out = append(out, head+p.qn(from)+" SET SCHEMA "+p.q(to.Schema))
		cur.Schema = to.Schema
	}
	if cur.Name != to.Name {
		out = append(out, head+p.qn(cur)+" RENAME TO "+p.q(to.Name))
	}
	return out
}
