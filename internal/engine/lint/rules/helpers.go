package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Helpers shared by the rules: walking steps, building findings, reading
// locks and types. No rule logic lives here.

// indexed is one step with its 1-based index in the plan.
type indexed struct {
	n int
	*plan.Step
}

// steps lists the plan's steps with their 1-based indexes.
func steps(ctx *lint.Context) []indexed {
	if ctx.Plan == nil {
		return nil
	}
	out := make([]indexed, 0, len(ctx.Plan.Steps))
	for i, s := range ctx.Plan.Steps {
		out = append(out, indexed{i + 1, s})
	}
	return out
}

// finding is a finding about step s on table t (and column col).
func finding(s indexed, sev lint.Severity, t schema.QName, col, format string, args ...any) lint.Finding {
	return lint.Finding{Severity: sev, Table: t.String(), Column: col,
		Message: fmt.Sprintf(format, args...), SourcePos: s.Pos, StepIndex: s.n}
}

// onExisting reports whether the step locks a table that exists before the
// plan: the planner records locks only on such tables, so a step on a
// table the plan creates has none.
func onExisting(s indexed) bool { return len(s.Lock.Tables) > 0 }

// blocking reports whether the step's lock blocks reads or writes.
func blocking(s indexed) bool { return s.Lock.BlocksReads || s.Lock.BlocksWrites }

// lockPhrase describes the step's lock with its article: "an ACCESS
// EXCLUSIVE lock on public.users (blocks reads and writes)".
func lockPhrase(s indexed) string {
	level := s.Lock.Level
	if level == "" {
		level = "table"
	}
	var tables []string
	for _, t := range s.Lock.Tables {
		tables = append(tables, t.String())
	}
	what := "blocks neither reads nor writes"
	switch {
	case s.Lock.BlocksReads && s.Lock.BlocksWrites:
		what = "blocks reads and writes"
	case s.Lock.BlocksWrites:
		what = "blocks writes"
	case s.Lock.BlocksReads:
		what = "blocks reads"
	}
	article := "a"
	if strings.ContainsRune("AEIOU", rune(level[0])) {
		article = "an"
	}
	return fmt.Sprintf("%s %s lock on %s (%s)", article, level, strings.Join(tables, ", "), what)
}

// rowsNote is " (N rows)" or, with a duration estimate, " (N rows, about
// D)" when Facts know the table; "" otherwise.
func rowsNote(ctx *lint.Context, t schema.QName) string {
	n, ok := ctx.Rows(t)
	if !ok {
		return ""
	}
	s := " (" + plural(n, "row")
	if d, ok := ctx.Duration(t); ok && d > 0 {
		s += ", " + aboutDuration(d)
	}
	return s + ")"
}

// aboutDuration renders an estimate: "under 1s" below a second (a rounded
// "about 0s" would read as instant), else "about 1.5s" / "about 2m30s".
func aboutDuration(d time.Duration) string {
	if d < time.Second {
		return "under 1s"
	}
	if d < time.Minute {
		return "about " + d.Round(100*time.Millisecond).String()
	}
	return "about " + d.Round(time.Second).String()
}

// scaled lowers sev to Notice when Facts say the table is empty, and
// attaches what Facts know about the table.
func scaled(ctx *lint.Context, f lint.Finding, t schema.QName) lint.Finding {
	if ctx.Empty(t) {
		f.Severity = lint.Notice
	}
	f.Evidence = ctx.Evidence(t)
	return f
}

// offending scales a finding by a count of offending rows: none is a
// notice, some is an error with the count in the message; unknown keeps
// the rule's severity.
func offending(f lint.Finding, n int64, ok bool, one, many string) lint.Finding {
	if !ok {
		return f
	}
	f.Evidence.Offending = lint.Count(n)
	if n == 0 {
		f.Severity = lint.Notice
		f.Message += "; the data has no " + many + " now"
		return f
	}
	f.Severity = lint.Error
	noun := many
	if n == 1 {
		noun = one
	}
	f.Message += fmt.Sprintf("; the data has %s %s now", num(n), noun)
	return f
}

// plural renders n with thousands separators and the noun: "1 row",
// "2,047 rows".
func plural(n int64, noun string) string {
	if n == 1 {
		return num(n) + " " + noun
	}
	return num(n) + " " + noun + "s"
}

// num renders n with thousands separators: 2,047.
func num(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// typeName is a type split into its base name and integer modifiers:
// "character varying(20)" is "character varying" [20]; "numeric(10,2)"
// is "numeric" [10 2]; "timestamp(3) without time zone" is "timestamp
// without time zone" [3]. Types with non-integer modifiers keep them in
// the base.
type typeName struct {
	base string
	mods []int
}

func parseType(norm string) typeName {
	norm = strings.TrimSpace(norm)
	open := strings.IndexByte(norm, '(')
	if open < 0 {
		return typeName{base: strings.ToLower(norm)}
	}
	end := strings.IndexByte(norm[open:], ')')
	if end < 0 {
		return typeName{base: strings.ToLower(norm)}
	}
	end += open
	t := typeName{base: strings.ToLower(strings.Join(strings.Fields(norm[:open]+norm[end+1:]), " "))}
	for _, m := range strings.Split(norm[open+1:end], ",") {
		n, err := strconv.Atoi(strings.TrimSpace(m))
		if err != nil {
			return typeName{base: strings.ToLower(norm)}
		}
		t.mods = append(t.mods, n)
	}
	return t
}

// intRank orders integer types by width (0: not an integer type). Both
// PostgreSQL and MySQL spellings are known.
func intRank(base string) int {
	switch base {
	case "tinyint":
		return 1
	case "smallint", "int2":
		return 2
	case "mediumint":
		return 3
	case "integer", "int", "int4":
		return 4
	case "bigint", "int8":
		return 5
	}
	return 0
}

// isString reports whether a base type holds text.
func isString(base string) bool {
	switch base {
	case "text", "character varying", "varchar", "character", "char", "bpchar",
		"tinytext", "mediumtext", "longtext", "citext":
		return true
	}
	return false
}

// boundedLen is the length limit of a string type, 0 when unbounded.
func boundedLen(t typeName) int {
	if isString(t.base) && len(t.mods) == 1 {
		return t.mods[0]
	}
	return 0
}

// leadingColumns is the first n key columns of an index, or nil when it
// has fewer or one of them is an expression.
func leadingColumns(parts []schema.IndexPart, n int) []string {
	var out []string
	for i := 0; i < len(parts) && i < n; i++ {
		if parts[i].Column == "" {
			return nil
		}
		out = append(out, parts[i].Column)
	}
	if len(out) < n {
		return nil
	}
	return out
}

// sameSet reports whether a and b hold the same names, in any order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		if seen[x] == 0 {
			return false
		}
		seen[x]--
	}
	return true
}

// keyCovers reports whether table t has a primary key, unique constraint
// or index whose leading columns are cols (in any order).
func keyCovers(t *schema.Table, cols []string) bool {
	if t == nil || len(cols) == 0 {
		return false
	}
	n := len(cols)
	if t.PrimaryKey != nil && len(t.PrimaryKey.Columns) >= n && sameSet(t.PrimaryKey.Columns[:n], cols) {
		return true
	}
	for _, u := range t.Uniques {
		if len(u.Columns) >= n && sameSet(u.Columns[:n], cols) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Where != "" {
			continue
		}
		if lead := leadingColumns(ix.Parts, n); lead != nil && sameSet(lead, cols) {
			return true
		}
	}
	return false
}

// addedColumns lists the columns a step adds: those of a new table, or the
// one of an AddColumn, with their table.
func addedColumns(c schema.Change) (schema.QName, []*schema.Column) {
	switch c := c.(type) {
	case *schema.AddTable:
		if c.Table != nil {
			return c.Table.Name, c.Table.Columns
		}
	case *schema.AddColumn:
		if c.Column != nil {
			return c.Table, []*schema.Column{c.Column}
		}
	}
	return schema.QName{}, nil
}

// newColumnTypes lists the columns whose type a step sets: added columns
// and columns whose type changes.
func newColumnTypes(c schema.Change) (schema.QName, []*schema.Column) {
	if a, ok := c.(*schema.AlterColumn); ok && a.What.Has(schema.ChangeType) && a.To != nil {
		return a.Table, []*schema.Column{a.To}
	}
	return addedColumns(c)
}

// group is one change with the steps that carry it out.
type group struct {
	change schema.Change
	steps  []indexed
}

// groups lists the plan's changes in the order of their first step, each
// with its steps.
func groups(ctx *lint.Context) []group {
	var out []group
	at := map[schema.Change]int{}
	for _, s := range steps(ctx) {
		if s.Change == nil {
			continue
		}
		i, ok := at[s.Change]
		if !ok {
			i = len(out)
			at[s.Change] = i
			out = append(out, group{change: s.Change})
		}
		out[i].steps = append(out[i].steps, s)
	}
	return out
}

// pick is the first step of g whose statements contain one of the words,
// or else its first step.
func (g group) pick(words ...string) indexed {
	for _, s := range g.steps {
		for _, u := range s.Up {
			for _, w := range words {
				if strings.Contains(u, w) {
					return s
				}
			}
		}
	}
	return g.steps[0]
}

// upContains reports whether a statement of the step contains word.
func upContains(s indexed, word string) bool {
	for _, u := range s.Up {
		if strings.Contains(strings.ToUpper(u), word) {
			return true
		}
	}
	return false
}

// family is the kind of value a type holds, for telling a change of
// meaning (integer to text) from a change of size (integer to bigint).
func family(c *schema.Column) string {
	if c.Type.Ref != nil {
		return "enum"
	}
	b := parseType(c.Type.Norm).base
	switch {
	case strings.HasSuffix(b, "[]"):
		return "array"
	case intRank(b) > 0:
		return "integer"
	case isString(b):
		return "string"
	case b == "numeric" || b == "decimal":
		return "numeric"
	case b == "real" || b == "double precision" || b == "float" || b == "double":
		return "float"
	case strings.HasPrefix(b, "timestamp") || b == "datetime":
		return "timestamp"
	case b == "json" || b == "jsonb":
		return "json"
	}
	return b
}

// serialOrIdentity reports whether a column fills itself from a sequence:
// serial, auto-increment or identity.
func serialOrIdentity(c *schema.Column) bool {
	return c.Identity != nil || c.Default != nil && c.Default.Kind == schema.DefaultSequence
}

// hasDBDefault reports whether inserts that omit the column still get a
// value from the database.
func hasDBDefault(c *schema.Column) bool {
	return c.Default != nil && c.Default.Expr != "" && !strings.EqualFold(c.Default.Expr, "NULL") ||
		c.Identity != nil || c.Generated != nil || c.Default != nil && c.Default.Kind == schema.DefaultSequence
}

// atColumn points a finding at the column's own line when the source
// gives one (a column of a new table is on its own line, not the table's).
func atColumn(f lint.Finding, c *schema.Column) lint.Finding {
	if c != nil && !c.Pos.IsZero() {
		f.SourcePos = c.Pos
	}
	return f
}
