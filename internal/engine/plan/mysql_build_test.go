package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/migrate-bot/migrate-bot/internal/engine/dialect"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

func myDialect(t testing.TB, name, version string) *dialect.Dialect {
	t.Helper()
	d, err := dialect.Lookup(name, version)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// myNoSuchThing are the change kinds MySQL has no object for.
var myNoSuchThing = map[string]bool{
	"AddNamespace": true, "DropNamespace": true, "AddExtension": true, "DropExtension": true,
	"AddEnum": true, "DropEnum": true, "RenameEnum": true, "AddEnumValue": true, "DropEnumValue": true,
	"ReorderEnum": true, "AddSequence": true, "DropSequence": true, "AlterSequence": true, "RenameSequence": true,
}

// TestMysqlBuildCoversEveryChangeKind: every kind either plans, with one
// non-transactional step per change, or is ErrUnsupported with a message
// that says why, on MySQL 8.0 and MariaDB 10.11.
func TestMysqlBuildCoversEveryChangeKind(t *testing.T) {
	minimal := minimalChanges()
	minimal["SetTableOptions"] = &schema.SetTableOptions{Table: qn("t"), To: map[string]string{"engine": "MyISAM"}}
	for _, d := range []*dialect.Dialect{myDialect(t, "mysql", "8.0"), myDialect(t, "mariadb", "10.11")} {
		for _, zero := range schema.AllChangeKinds() {
			kind := zero.Kind()
			t.Run(d.Name+"/"+kind, func(t *testing.T) {
				c, ok := minimal[kind]
				if !ok {
					t.Fatalf("no minimal instance of %s", kind)
				}
				p, err := Build([]schema.Change{c}, minimalSource(), nil, d)
				if myNoSuchThing[kind] {
					if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "MySQL") && !strings.Contains(err.Error(), "sequences") {
						t.Fatalf("Build(%s) = %v, want ErrUnsupported saying why", kind, err)
					}
					return
				}
				if kind == "RenameConstraint" && errors.Is(err, ErrUnsupported) && strings.Contains(err.Error(), "primary key") {
					return // the minimal instance renames a primary key, always PRIMARY on MySQL
				}
				if err != nil {
					t.Fatalf("Build(%s): %v", kind, err)
				}
				for i, s := range p.Steps {
					if s.Transactional {
						t.Errorf("step %d is transactional: MySQL DDL commits implicitly", i)
					}
					if len(s.Up) == 0 || s.Change != c {
						t.Errorf("step %d: up %v, change %v", i, s.Up, s.Change)
					}
					for _, stmt := range append(append([]string(nil), s.Up...), s.Down...) {
						if strings.Contains(stmt, `"`) && !strings.Contains(stmt, "'") {
							t.Errorf("double quotes in MySQL statement: %s", stmt)
						}
					}
				}
			})
		}
	}
}

func TestMysqlZeroValuesFailCleanly(t *testing.T) {
	d := myDialect(t, "mariadb", "")
	for _, zero := range schema.AllChangeKinds() {
		if _, err := Build([]schema.Change{zero}, nil, nil, d); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Build(zero %s) = %v, want ErrUnsupported", zero.Kind(), err)
		}
	}
}

func myTable(name string, cols ...*schema.Column) *schema.Table {
	id := &schema.Column{Name: "id", Type: schema.Type{Norm: "int"}, NotNull: true}
	return &schema.Table{Name: schema.QName{Name: name}, Columns: append([]*schema.Column{id}, cols...),
		PrimaryKey: &schema.PrimaryKey{Name: "PRIMARY", Columns: []string{"id"}}}
}

func myCol(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: schema.Type{Norm: typ}}
}

// TestMysqlSQLByVersion proves the SQL of cases that differ by server and
// version, MySQL 8-only ones included (no MySQL server runs here).
func TestMysqlSQLByVersion(t *testing.T) {
	t1 := myTable("t", myCol("a", "int"), myCol("b", "varchar(20)"), myCol("e", "enum('x','y')"))
	t1.Checks = []*schema.Check{{Name: "ck", Expr: "`a` > 0"}}
	tq := schema.QName{Name: "t"}
	src := &schema.Schema{Tables: []*schema.Table{t1}}
	withC := t1.Clone()
	withC.Columns = append(withC.Columns[:2:2], append([]*schema.Column{myCol("c", "int")}, withC.Columns[2:]...)...)
	dst := &schema.Schema{Tables: []*schema.Table{withC}}
	addC := &schema.AddColumn{Table: tq, Column: myCol("c", "int")}
	tests := []struct {
		name, dialect, version string
		changes                []schema.Change
		to                     *schema.Schema
		up, down               string
	}{
		{"add column at position, MySQL 8.0.29: instant", "mysql", "8.0.29", []schema.Change{addC}, dst,
			"ALTER TABLE `t` ADD COLUMN `c` int NULL AFTER `a`, ALGORITHM=INSTANT", "ALTER TABLE `t` DROP COLUMN `c`"},
		{"add column MySQL 8.0.28: appended, instant", "mysql", "8.0.28", []schema.Change{addC}, dst,
			"ALTER TABLE `t` ADD COLUMN `c` int NULL, ALGORITHM=INSTANT", "ALTER TABLE `t` DROP COLUMN `c`"},
		{"add column MySQL 8.0.11: inplace", "mysql", "8.0.11", []schema.Change{addC}, dst,
			"ALTER TABLE `t` ADD COLUMN `c` int NULL, ALGORITHM=INPLACE, LOCK=NONE", "ALTER TABLE `t` DROP COLUMN `c`"},
		{"add column MariaDB: re-runnable rollback", "mariadb", "10.11", []schema.Change{addC}, dst,
			"ALTER TABLE `t` ADD COLUMN `c` int NULL AFTER `a`, ALGORITHM=INSTANT", "ALTER TABLE `t` DROP COLUMN IF EXISTS `c`"},
		{"drop check MySQL: DROP CHECK", "mysql", "8.0", []schema.Change{&schema.DropCheck{Table: tq, Check: t1.Checks[0]}}, nil,
			"ALTER TABLE `t` DROP CHECK `ck`, ALGORITHM=INPLACE, LOCK=NONE", "ALTER TABLE `t` ADD CONSTRAINT `ck` CHECK (`a` > 0)"},
		{"drop check MariaDB: DROP CONSTRAINT", "mariadb", "10.11", []schema.Change{&schema.DropCheck{Table: tq, Check: t1.Checks[0]}}, nil,
			"ALTER TABLE `t` DROP CONSTRAINT `ck`, ALGORITHM=INSTANT", "ALTER TABLE `t` ADD CONSTRAINT IF NOT EXISTS `ck` CHECK (`a` > 0)"},
		{"rename column MySQL 5.7: CHANGE COLUMN", "mysql", "5.7", []schema.Change{&schema.RenameColumn{Table: tq, From: "a", To: "a2"}}, nil,
			"ALTER TABLE `t` CHANGE COLUMN `a` `a2` int NULL, ALGORITHM=INPLACE, LOCK=NONE", "ALTER TABLE `t` CHANGE COLUMN `a2` `a` int NULL"},
		{"rename column MySQL 8.0.28: instant", "mysql", "8.0.28", []schema.Change{&schema.RenameColumn{Table: tq, From: "a", To: "a2"}}, nil,
			"ALTER TABLE `t` RENAME COLUMN `a` TO `a2`, ALGORITHM=INSTANT", "ALTER TABLE `t` RENAME COLUMN `a2` TO `a`"},
		{"varchar extend MySQL: inplace", "mysql", "8.0", []schema.Change{&schema.AlterColumn{Table: tq, From: t1.Columns[2], To: myCol("b", "varchar(60)"), What: schema.ChangeType}}, nil,
			"ALTER TABLE `t` MODIFY COLUMN `b` varchar(60) NULL, ALGORITHM=INPLACE, LOCK=NONE", "ALTER TABLE `t` MODIFY COLUMN `b` varchar(20) NULL"},
		{"varchar across the length prefix MySQL: copy", "mysql", "8.0", []schema.Change{&schema.AlterColumn{Table: tq, From: t1.Columns[2], To: myCol("b", "varchar(100)"), What: schema.ChangeType}}, nil,
			"ALTER TABLE `t` MODIFY COLUMN `b` varchar(100) NULL, LOCK=SHARED", "ALTER TABLE `t` MODIFY COLUMN `b` varchar(20) NULL"},
		{"enum append MySQL 8.0: instant", "mysql", "8.0", []schema.Change{&schema.AlterColumn{Table: tq, From: t1.Columns[3], To: myCol("e", "enum('x','y','z')"), What: schema.ChangeType}}, nil,
			"ALTER TABLE `t` MODIFY COLUMN `e` enum('x','y','z') NULL, ALGORITHM=INSTANT", "ALTER TABLE `t` MODIFY COLUMN `e` enum('x','y') NULL"},
		{"enum insert in the middle: copy", "mysql", "8.0", []schema.Change{&schema.AlterColumn{Table: tq, From: t1.Columns[3], To: myCol("e", "enum('x','z','y')"), What: schema.ChangeType}}, nil,
			"ALTER TABLE `t` MODIFY COLUMN `e` enum('x','z','y') NULL, LOCK=SHARED", "ALTER TABLE `t` MODIFY COLUMN `e` enum('x','y') NULL"},
		{"drop index MySQL: no IF EXISTS in the rollback", "mysql", "8.0", []schema.Change{&schema.DropIndex{Table: tq, Index: &schema.Index{Name: "ia", Parts: []schema.IndexPart{{Column: "a"}}}}}, nil,
			"ALTER TABLE `t` DROP INDEX `ia`, ALGORITHM=INPLACE, LOCK=NONE", "ALTER TABLE `t` ADD INDEX `ia` (`a`)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Build(tt.changes, src, tt.to, myDialect(t, tt.dialect, tt.version))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Statements(true), ";\n"); got != tt.up {
				t.Errorf("up:\n got %s\nwant %s", got, tt.up)
			}
			if got := strings.Join(p.Statements(false), ";\n"); got != tt.down {
				t.Errorf("down:\n got %s\nwant %s", got, tt.down)
			}
		})
	}
}

// TestMysqlMergesByAlgorithm: clauses of one table merge within a class
// and never across (an INSTANT add column is not mixed with an index).
func TestMysqlMergesByAlgorithm(t *testing.T) {
	t1 := myTable("t", myCol("a", "int"), myCol("b", "int"))
	tq := schema.QName{Name: "t"}
	changes := []schema.Change{
		&schema.AddColumn{Table: tq, Column: myCol("c", "int")},
		&schema.AddColumn{Table: tq, Column: myCol("d", "int")},
		&schema.AddIndex{Table: tq, Index: &schema.Index{Name: "ia", Parts: []schema.IndexPart{{Column: "a"}}}},
		&schema.AddIndex{Table: tq, Index: &schema.Index{Name: "ib", Parts: []schema.IndexPart{{Column: "b"}}}},
	}
	to := &schema.Schema{Tables: []*schema.Table{t1.Clone()}}
	p, err := Build(changes, &schema.Schema{Tables: []*schema.Table{t1}}, to, myDialect(t, "mysql", "8.0.28"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"ALTER TABLE `t` ADD COLUMN `c` int NULL, ADD COLUMN `d` int NULL, ALGORITHM=INSTANT",
		"ALTER TABLE `t` ADD INDEX `ia` (`a`), ADD INDEX `ib` (`b`), ALGORITHM=INPLACE, LOCK=NONE",
	}
	if got := p.Statements(true); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("up:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(p.Steps) != 4 {
		t.Fatalf("%d steps, want one per change", len(p.Steps))
	}
	wantDown := "ALTER TABLE `t` DROP INDEX `ib`, DROP INDEX `ia`\nALTER TABLE `t` DROP COLUMN `d`, DROP COLUMN `c`"
	if got := strings.Join(p.Statements(false), "\n"); got != wantDown {
		t.Fatalf("down:\n%s\nwant\n%s", got, wantDown)
	}
}
