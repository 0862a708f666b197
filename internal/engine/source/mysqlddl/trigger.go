package mysqlddl

import (
	"regexp"
	"slices"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Triggers. The TiDB grammar has no CREATE TRIGGER, so the header is read
// here:
//
//	CREATE [OR REPLACE] [DEFINER = user] TRIGGER [IF NOT EXISTS] name
//	    {BEFORE | AFTER} {INSERT | UPDATE | DELETE} ON table
//	    FOR EACH ROW [{FOLLOWS | PRECEDES} other] body
//
// and the body is kept as written, as the server keeps it
// (information_schema.TRIGGERS.ACTION_STATEMENT). The Definition is the
// one introspect/mysql builds from the catalog: "CREATE TRIGGER `name`
// TIMING EVENT ON `table` FOR EACH ROW body", so that a trigger read from
// a file equals the same trigger read from the server. The definer and
// FOLLOWS/PRECEDES (the order among triggers of one event) are not
// modelled, like in introspection. A trigger goes with its table: renamed
// with it, dropped with it.

// triggerName is an identifier, possibly schema-qualified, backquoted or
// bare.
const triggerName = "(?:(?:`(?:[^`]|``)+`|[\\w$]+)\\s*\\.\\s*)?(?:`(?:[^`]|``)+`|[\\w$]+)"

// triggerUser is a DEFINER value: CURRENT_USER[()] or user[@host], each
// part quoted or bare.
const triggerUser = "(?:current_user(?:\\s*\\(\\s*\\))?|(?:'[^']*'|`[^`]*`|\"[^\"]*\"|[\\w$.-]+)(?:\\s*@\\s*(?:'[^']*'|`[^`]*`|\"[^\"]*\"|[\\w$.%-]+))?)"

var (
	triggerHead = regexp.MustCompile(`(?is)^create\s+(or\s+replace\s+)?(?:definer\s*=\s*` + triggerUser + `\s+)?trigger\s+(if\s+not\s+exists\s+)?(` +
		triggerName + `)\s+(before|after)\s+(insert|update|delete)\s+on\s+(` + triggerName + `)\s+for\s+each\s+row\s+(?:(?:follows|precedes)\s+` +
		triggerName + `\s+)?`)
	dropTriggerStmt = regexp.MustCompile(`(?is)^drop\s+trigger\s+(if\s+exists\s+)?(` + triggerName + `)\s*$`)
	// compoundStart and compoundEnd recognise a BEGIN ... END body.
	compoundStart = regexp.MustCompile(`(?i)^(?:[\w$]+\s*:\s*)?begin\b`)
	compoundEnd   = regexp.MustCompile(`(?i)\bend(?:\s+[\w$]+)?$`)
)

// trigger is a trigger read so far, on the state of its table (a later
// RENAME TABLE renames it, DROP TABLE drops it).
type trigger struct {
	name, timing, event, body string
	ts                        *tableState
	pos                       schema.Pos
}

// unqualified is the last part of a possibly qualified name, unquoted.
func unqualified(name string) string {
	i := len(name)
	if strings.HasSuffix(name, "`") {
		// The opening backquote of the last part: the first backquote
		// before the end that is not doubled.
		j := len(name) - 2
		for j >= 0 {
			if name[j] == '`' {
				if j > 0 && name[j-1] == '`' {
					j -= 2
					continue
				}
				break
			}
			j--
		}
		return strings.ReplaceAll(name[j+1:len(name)-1], "``", "`")
	}
	if k := strings.LastIndexAny(name[:i], ". \t\r\n"); k >= 0 {
		return name[k+1:]
	}
	return name
}

// createTrigger reads CREATE TRIGGER, whose header head matched (the
// submatch indexes of triggerHead).
func (r *reader) createTrigger(text string, m []int) error {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return text[m[2*i]:m[2*i+1]]
	}
	name, table := unqualified(group(3)), unqualified(group(6))
	// The server keeps the body from its first token: comments before it
	// are not part of it.
	body := strings.TrimSpace(text[m[1]:])
	for body != "" && (body[0] == '#' || body[0] == '-' || body[0] == '/') {
		j := skipQuoted(body, 0)
		if j == 0 {
			break
		}
		body = strings.TrimSpace(body[j:])
	}
	if body == "" {
		return r.errorf(0, "CREATE TRIGGER %s has no body", name)
	}
	if compoundStart.MatchString(body) && !compoundEnd.MatchString(body) {
		return r.errorf(0, "CREATE TRIGGER %s: the BEGIN ... END body is cut at a semicolon: put the trigger between DELIMITER lines, as mysqldump writes it", name)
	}
	ts := r.tables[strings.ToLower(table)]
	if ts == nil {
		return r.errorf(m[12], "CREATE TRIGGER %s: table %s does not exist", name, table)
	}
	tr := &trigger{name: name, timing: strings.ToUpper(group(4)), event: strings.ToUpper(group(5)),
		body: body, ts: ts, pos: r.at(0)}
	if i := r.triggerIndex(name); i >= 0 {
		switch {
		case group(2) != "":
			return nil
		case group(1) == "":
			return r.errorf(0, "trigger %s is created twice (first at %s)", name, r.triggers[i].pos)
		}
		r.triggers[i] = tr
		return nil
	}
	r.triggers = append(r.triggers, tr)
	return nil
}

// dropTrigger reads DROP TRIGGER [IF EXISTS] name.
func (r *reader) dropTrigger(m []string) error {
	name := unqualified(m[2])
	i := r.triggerIndex(name)
	if i < 0 {
		if m[1] != "" {
			return nil
		}
		return r.errorf(0, "trigger %s does not exist", name)
	}
	r.triggers = slices.Delete(r.triggers, i, i+1)
	return nil
}

// triggerIndex finds a live trigger (on a table that still exists) by
// name, or returns -1.
func (r *reader) triggerIndex(name string) int {
	r.triggers = slices.DeleteFunc(r.triggers, func(t *trigger) bool { return !r.live(t.ts) })
	return slices.IndexFunc(r.triggers, func(t *trigger) bool { return strings.EqualFold(t.name, name) })
}

// live reports whether a table state is still the table of its name (not
// dropped, not replaced).
func (r *reader) live(ts *tableState) bool {
	return r.tables[strings.ToLower(ts.t.Name.Name)] == ts
}

// triggerObjects adds the triggers on tables that still exist to the
// schema, with their tables' final names.
func (r *reader) triggerObjects() {
	for _, tr := range r.triggers {
		if !r.live(tr.ts) {
			continue
		}
		table := tr.ts.t.Name
		r.s.Objects = append(r.s.Objects, &schema.Object{
			Kind: schema.ObjectTrigger, Name: schema.QName{Name: tr.name}, Table: &table,
			Definition: "CREATE TRIGGER " + r.d.Quote(tr.name) + " " + tr.timing + " " + tr.event + " ON " +
				r.d.Quote(table.Name) + " FOR EACH ROW " + tr.body,
			DependsOn: []schema.QName{table}, Pos: tr.pos,
		})
	}
}

// blankComments returns text with its comments (outside quotes) replaced
// by blanks of the same length, so that a header with comments between
// its words matches triggerHead at the same offsets.
func blankComments(text string) string {
	b := []byte(text)
	for i := 0; i < len(b); {
		j := skipQuoted(text, i)
		if j == i {
			i++
			continue
		}
		if c := text[i]; c == '#' || c == '-' || c == '/' {
			for k := i; k < j; k++ {
				if b[k] != '\n' {
					b[k] = ' '
				}
			}
		}
		i = j
	}
	return string(b)
}

// mentionsTrigger picks the statements worth matching against the
// trigger statements: CREATE or DROP with the word TRIGGER somewhere. It
// is a plain scan (a pattern backtracking over every CREATE TABLE costs
// more than the rest of the statement's reading).
func mentionsTrigger(text string) bool {
	if len(text) < 4 || !strings.EqualFold(text[:4], "drop") && (len(text) < 6 || !strings.EqualFold(text[:6], "create")) {
		return false
	}
	for i := 0; i+7 <= len(text); i++ {
		if text[i]|0x20 == 't' && strings.EqualFold(text[i:i+7], "trigger") {
			return true
		}
	}
	return false
}
