package mysqlddl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"

	// The parser's value driver: literals become test_driver.ValueExpr.
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Parse reads MySQL or MariaDB DDL files, in order, into one schema for
// dialect d (which must be of the MySQL family). The result is normalized
// and has Dialect d.Name. Bad input is a *schema.PosError.
func Parse(d *dialect.Dialect, files ...schema.File) (*schema.Schema, error) {
	if d == nil || d.MySQL == nil {
		return nil, fmt.Errorf("mysqlddl: dialect %v is not MySQL or MariaDB", dialectName(d))
	}
	r := &reader{d: d, s: &schema.Schema{Dialect: d.Name}, tables: map[string]*tableState{}, p: parser.New()}
	for _, f := range files {
		if err := r.file(f); err != nil {
			return nil, err
		}
	}
	for _, ts := range r.order {
		if r.tables[strings.ToLower(ts.t.Name.Name)] == ts {
			r.s.Tables = append(r.s.Tables, ts.t)
		}
	}
	r.triggerObjects()
	return r.s.Normalize(), nil
}

func dialectName(d *dialect.Dialect) string {
	if d == nil {
		return "nil"
	}
	return d.Name
}

// reader carries the state of one Parse call.
type reader struct {
	d      *dialect.Dialect
	s      *schema.Schema
	p      *parser.Parser
	src    *source
	stmt   statement
	tables map[string]*tableState // by lower-case name: MySQL table names are case-insensitive here
	order  []*tableState
	// stashed are the default expressions of the current statement that
	// stand behind placeholders (defaults.go), by placeholder name.
	stashed map[string]string
	// triggers are the triggers read so far (trigger.go).
	triggers []*trigger
}

// file reads one file's statements.
func (r *reader) file(f schema.File) error {
	r.src = newSource(f.Path, f.Data)
	for _, st := range split(r.src.data) {
		r.stmt = st
		if err := r.statement(); err != nil {
			return err
		}
	}
	return nil
}

// at returns the position of an offset within the current statement.
func (r *reader) at(off int) schema.Pos {
	line, col := r.src.pos(r.stmt.offset + off)
	return schema.Pos{File: r.src.path, Line: line, Col: col}
}

// errorf returns a *schema.PosError at an offset of the current statement.
func (r *reader) errorf(off int, format string, args ...any) error {
	return schema.Errorf(r.at(off), format, args...)
}

// refused are statements the reader does not model, by their leading
// words after CREATE [OR REPLACE] [DEFINER=...].
var refused = regexp.MustCompile(`(?i)^create\s+(?:or\s+replace\s+)?(?:definer\s*=\s*\S+\s+)?(?:aggregate\s+)?(trigger|procedure|function|event)\b`)

// tidbPos finds "line L column C" in a TiDB parser error.
var tidbPos = regexp.MustCompile(`line (\d+) column (\d+)`)

// statement reads the current statement.
func (r *reader) statement() error {
	text := r.stmt.text
	if mentionsTrigger(text) {
		blanked := blankComments(text)
		if m := triggerHead.FindStringSubmatchIndex(blanked); m != nil {
			return r.createTrigger(text, m)
		}
		if m := dropTriggerStmt.FindStringSubmatch(blanked); m != nil {
			return r.dropTrigger(m)
		}
	}
	if m := refused.FindStringSubmatch(text); m != nil {
		if strings.EqualFold(m[1], "trigger") {
			return r.errorf(0, "CREATE TRIGGER: expected CREATE TRIGGER name {BEFORE|AFTER} {INSERT|UPDATE|DELETE} ON table FOR EACH ROW body")
		}
		return r.errorf(0, "CREATE %s is not supported by the MySQL reader: keep routines and events out of schema files", strings.ToUpper(m[1]))
	}
	r.stashed = nil
	stmts, err := r.parse(text)
	if err != nil {
		stashed, exprs, ok := stashDefaults(text)
		if !ok {
			return r.syntaxError(err)
		}
		again, err2 := r.parse(stashed)
		if err2 != nil {
			// The placeholders keep the lines, so the second error points
			// at what is really wrong.
			return r.syntaxError(err2)
		}
		stmts, r.stashed = again, exprs
	}
	for _, n := range stmts {
		if err := r.node(n); err != nil {
			return err
		}
	}
	return nil
}

// parse runs the TiDB parser on one statement. The parser's value driver
// panics on some literals (decimals of more than 81 digits); a panic is a
// syntax error, and the parser is replaced as its state is then unknown.
func (r *reader) parse(text string) (stmts []ast.StmtNode, err error) {
	defer func() {
		if p := recover(); p != nil {
			r.p = parser.New()
			stmts, err = nil, fmt.Errorf("the parser failed: %v", p)
		}
	}()
	stmts, _, err = r.p.Parse(text, "", "")
	return stmts, err
}

// syntaxError turns a TiDB parse error into a positioned one.
func (r *reader) syntaxError(err error) error {
	msg := err.Error()
	off := 0
	if m := tidbPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		off = offsetOf(r.stmt.text, line, col)
		msg = strings.TrimSpace(tidbPos.ReplaceAllString(msg, ""))
	}
	msg = strings.TrimSpace(msg)
	if len(msg) > 200 {
		msg = msg[:200] + "..."
	}
	return r.errorf(off, "syntax error: %s", msg)
}

// offsetOf converts a 1-based line and a column (TiDB counts bytes and
// points just past the offending token) to a byte offset in text.
func offsetOf(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		j := strings.IndexByte(text[off:], '\n')
		if j < 0 {
			return off
		}
		off += j + 1
	}
	return min(off+max(col-1, 0), len(text))
}

// node applies one parsed statement.
func (r *reader) node(n ast.StmtNode) error {
	switch n := n.(type) {
	case *ast.CreateTableStmt:
		return r.createTable(n)
	case *ast.AlterTableStmt:
		return r.alterTable(n)
	case *ast.CreateIndexStmt:
		return r.createIndex(n)
	case *ast.DropIndexStmt:
		return r.dropIndex(n)
	case *ast.DropTableStmt:
		return r.dropTable(n)
	case *ast.RenameTableStmt:
		return r.renameTable(n)
	case *ast.CreateViewStmt:
		return r.createView(n)
	case *ast.SetStmt, *ast.UseStmt, *ast.LockTablesStmt, *ast.UnlockTablesStmt,
		*ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt, *ast.SelectStmt, *ast.SetOprStmt,
		*ast.BeginStmt, *ast.CommitStmt, *ast.RollbackStmt, *ast.CreateDatabaseStmt,
		*ast.DropDatabaseStmt, *ast.AlterDatabaseStmt, *ast.SetDefaultRoleStmt,
		*ast.FlushStmt, *ast.LoadDataStmt, *ast.TruncateTableStmt, *ast.AnalyzeTableStmt,
		*ast.DropProcedureStmt, *ast.DoStmt:
		// Session, transaction and data statements do not change the
		// schema (mysqldump output is full of them).
		return nil
	case *ast.ProcedureInfo:
		return r.errorf(0, "CREATE PROCEDURE is not supported by the MySQL reader: keep routines out of schema files")
	}
	return r.errorf(0, "statement %s is not supported by the MySQL reader", statementKind(n))
}

// statementKind names a statement for messages: its first two words.
func statementKind(n ast.StmtNode) string {
	f := strings.Fields(n.Text())
	if len(f) > 2 {
		f = f[:2]
	}
	return strings.ToUpper(strings.Join(f, " "))
}

// table returns the state of an existing table or an error at off.
func (r *reader) table(name ast.CIStr, schemaName ast.CIStr, off int) (*tableState, error) {
	ts := r.tables[strings.ToLower(name.O)]
	if ts == nil {
		return nil, r.errorf(off, "table %s does not exist", name.O)
	}
	return ts, nil
}

// ParseEach reads several schemas, each from its own files in order (a
// plan's base and head), as Parse reads each, on their own goroutines. On
// error, which is the first failing side's error in order, the schemas of
// the sides before it are set and the others are nil.
func ParseEach(d *dialect.Dialect, sides ...[]schema.File) ([]*schema.Schema, error) {
	out := make([]*schema.Schema, len(sides))
	errs := make([]error, len(sides))
	var wg sync.WaitGroup
	for i, files := range sides {
		wg.Go(func() { out[i], errs[i] = Parse(d, files...) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			clear(out[i:])
			return out, err
		}
	}
	return out, nil
}
