package plan

// Foreign keys around SQLite rebuilds. The rebuild procedure needs
// foreign key enforcement off (DROP TABLE would otherwise delete the
// rows of the table, with the actions ON DELETE implies, and fail while
// other tables reference it), and PRAGMA foreign_keys is a no-op inside a
// transaction (pragma.html#pragma_foreign_keys). So finish puts the
// pragmas in steps of their own that run outside any transaction: one
// before the first rebuild, one after the last; everything between runs
// in one transaction.
//
// Prisma's engine writes the same pragmas (PRAGMA defer_foreign_keys=ON;
// PRAGMA foreign_keys=OFF before, PRAGMA foreign_keys=ON; PRAGMA
// defer_foreign_keys=OFF after; defer_foreign_keys keeps the script
// correct when a runner wraps it all in one transaction) and relies on
// its runner: today's engine checks nothing, older ones wrote a bare
// PRAGMA foreign_key_check, whose result rows a runner executing
// statements ignores. SQLite has no RAISE outside triggers, so the last
// rebuild (and, for the rollback, the first) ends with an assertion that
// fails the transaction when pragma_foreign_key_check reports a row: the
// count of violations goes into a temporary table whose CHECK demands
// zero, and the CHECK failure rolls the transaction back.

// sqliteFKCheckTable is the temporary table of the assertion.
const sqliteFKCheckTable = "migrate_bot_foreign_key_check"

// fkCheck is the foreign key assertion.
func (p *sqlite) fkCheck() []string {
	tbl := "temp." + p.q(sqliteFKCheckTable)
	return []string{
		"PRAGMA foreign_key_check",
		"DROP TABLE IF EXISTS " + tbl,
		"CREATE TEMP TABLE " + p.q(sqliteFKCheckTable) + " (" + p.q("violations") + " INTEGER NOT NULL " +
			p.constraintPrefix("foreign keys hold after the table rebuild") + "CHECK (" + p.q("violations") + " = 0))",
		"INSERT INTO " + tbl + " SELECT count(*) FROM pragma_foreign_key_check",
		"DROP TABLE " + tbl,
	}
}

// The pragmas before and after the rebuilds.
var (
	sqliteFKOff = []string{"PRAGMA defer_foreign_keys=ON", "PRAGMA foreign_keys=OFF"}
	sqliteFKOn  = []string{"PRAGMA foreign_keys=ON", "PRAGMA defer_foreign_keys=OFF"}
)

func (p *sqlite) finish(pl *Plan) {
	p.linkFolded(pl)
	first, last := -1, -1
	for i, s := range pl.Steps {
		if p.rebuildSteps[s] {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return
	}
	a, b := pl.Steps[first], pl.Steps[last]
	b.Up = append(b.Up, p.fkCheck()...)
	a.Down = append(a.Down, p.fkCheck()...)
	off := &Step{Change: a.Change, Up: sqliteFKOff, Down: sqliteFKOn, Pos: a.Pos}
	on := &Step{Change: b.Change, Up: sqliteFKOn, Down: sqliteFKOff, Pos: b.Pos}
	steps := make([]*Step, 0, len(pl.Steps)+2)
	steps = append(steps, pl.Steps[:first]...)
	steps = append(steps, off)
	steps = append(steps, pl.Steps[first:last+1]...)
	steps = append(steps, on)
	steps = append(steps, pl.Steps[last+1:]...)
	pl.Steps = steps
}

// linkFolded records, on the step that carries out a group of changes,
// the group's other changes (Step.Folded, in plan order), and on their
// empty steps the step that carries them out (Step.FoldedInto).
func (p *sqlite) linkFolded(pl *Plan) {
	carrier := map[*Step]*Step{}
	for _, g := range p.folded {
		if g.step == nil {
			continue
		}
		for _, s := range g.folded {
			carrier[s] = g.step
		}
	}
	for _, s := range pl.Steps {
		if c := carrier[s]; c != nil && s.FoldedInto == nil {
			s.FoldedInto = c
			c.Folded = append(c.Folded, s.Change)
		}
	}
}
