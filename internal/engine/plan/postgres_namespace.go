package plan

import "github.com/migrate-bot/migrate-bot/internal/engine/schema"

// Namespaces and extensions: CREATE SCHEMA / CREATE EXTENSION with
// IF NOT EXISTS both ways, so ups and downs can be re-run. They lock no
// table.

func (p *pg) addNamespace(c *schema.AddNamespace) ([]*item, error) {
	n := c.Namespace
	if n == nil || n.Name == "" {
		return nil, errMissing("namespace")
	}
	up := []string{"CREATE SCHEMA IF NOT EXISTS " + p.q(n.Name)}
	if n.Comment != "" {
		up = append(up, p.comment("SCHEMA "+p.q(n.Name), n.Comment))
	}
	down := []string{"DROP SCHEMA IF EXISTS " + p.q(n.Name)}
	return []*item{at(phaseCreateNamespace, n.Name, step(up, down, Lock{}, n.Pos))}, nil
}

func (p *pg) dropNamespace(c *schema.DropNamespace) ([]*item, error) {
	n := c.Namespace
	if n == nil || n.Name == "" {
		return nil, errMissing("namespace")
	}
	// No CASCADE: a namespace that still holds objects makes the step fail
	// instead of dropping what the plan does not know about.
	up := []string{"DROP SCHEMA " + p.q(n.Name)}
	down := []string{"CREATE SCHEMA IF NOT EXISTS " + p.q(n.Name)}
	if n.Comment != "" {
		down = append(down, p.comment("SCHEMA "+p.q(n.Name), n.Comment))
	}
	s := step(up, down, Lock{}, n.Pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, schema.QName{Schema: n.Name}, "", "drop namespace")}
	return []*item{at(phaseDropNamespace, n.Name, s)}, nil
}

func (p *pg) createExtension(e *schema.Extension) string {
	s := "CREATE EXTENSION IF NOT EXISTS " + p.q(e.Name)
	if e.Schema != "" {
		s += " SCHEMA " + p.q(e.Schema)
	}
	return s
}

func (p *pg) addExtension(c *schema.AddExtension) ([]*item, error) {
	e := c.Extension
	if e == nil || e.Name == "" {
		return nil, errMissing("extension")
	}
	up := []string{p.createExtension(e)}
	down := []string{"DROP EXTENSION IF EXISTS " + p.q(e.Name)}
	return []*item{at(phaseCreateExtension, e.Name, step(up, down, Lock{}, e.Pos))}, nil
}

func (p *pg) dropExtension(c *schema.DropExtension) ([]*item, error) {
	e := c.Extension
	if e == nil || e.Name == "" {
		return nil, errMissing("extension")
	}
	// No CASCADE: objects that use the extension's types or functions make
	// the step fail rather than disappear with it.
	up := []string{"DROP EXTENSION " + p.q(e.Name)}
	down := []string{p.createExtension(e)}
	s := step(up, down, Lock{}, e.Pos)
	s.Hazards = []Hazard{hazard(HazardBreaking, schema.QName{Schema: e.Schema, Name: e.Name}, "", "drop extension")}
	return []*item{at(phaseDropExtension, e.Name, s)}, nil
}
