package prismamig

import (
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/plan"
	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// labels name each kind of change in the vocabulary of the comments Prisma
// writes before its statements (prisma-engines sql-migration-connector,
// SqlMigrationStep::description: CreateTable, AlterTable, CreateIndex,
// AddForeignKey, ...). Kinds Prisma never generates get a name in the same
// style. Every kind in schema.AllChangeKinds has one; a test proves it.
var labels = map[string]string{
	"AddNamespace":     "CreateSchema",
	"DropNamespace":    "DropSchema",
	"AddExtension":     "CreateExtension",
	"DropExtension":    "DropExtension",
	"AddEnum":          "CreateEnum",
	"DropEnum":         "DropEnum",
	"RenameEnum":       "AlterEnum",
	"AddEnumValue":     "AlterEnum",
	"DropEnumValue":    "AlterEnum",
	"ReorderEnum":      "AlterEnum",
	"AddSequence":      "CreateSequence",
	"DropSequence":     "DropSequence",
	"AlterSequence":    "AlterSequence",
	"RenameSequence":   "AlterSequence",
	"AddTable":         "CreateTable",
	"DropTable":        "DropTable",
	"RenameTable":      "RenameTable",
	"SetTableComment":  "AlterTable",
	"SetTableOptions":  "AlterTable",
	"AddColumn":        "AlterTable",
	"DropColumn":       "AlterTable",
	"RenameColumn":     "AlterTable",
	"AlterColumn":      "AlterTable",
	"AddPrimaryKey":    "AlterTable",
	"DropPrimaryKey":   "AlterTable",
	"AddUnique":        "CreateIndex",
	"DropUnique":       "DropIndex",
	"AddIndex":         "CreateIndex",
	"DropIndex":        "DropIndex",
	"RenameIndex":      "RenameIndex",
	"AddForeignKey":    "AddForeignKey",
	"DropForeignKey":   "DropForeignKey",
	"AddCheck":         "AlterTable",
	"DropCheck":        "AlterTable",
	"RenameConstraint": "AlterTable",
	"AddObject":        "Create",
	"DropObject":       "Drop",
	"ReplaceObject":    "Replace",
}

// Label is the comment Prisma would put before a step's statements:
// "CreateTable", "AlterTable", ... SQLite table rebuilds are
// "RedefineTables", as Prisma calls its own; a view or function step names
// the object kind ("CreateView", "DropFunction").
func Label(s *plan.Step) string {
	for _, stmt := range append(append([]string(nil), s.Up...), s.Down...) {
		if strings.HasPrefix(stmt, "PRAGMA foreign_keys") || strings.HasPrefix(stmt, `CREATE TABLE "new_`) {
			return "RedefineTables"
		}
	}
	if s.Change == nil {
		return ""
	}
	l := labels[s.Change.Kind()]
	var obj *schema.Object
	switch c := s.Change.(type) {
	case *schema.AddObject:
		obj = c.Object
	case *schema.DropObject:
		obj = c.Object
	case *schema.ReplaceObject:
		obj = c.To
	}
	if obj != nil {
		kind := "Object"
		if obj.Kind != "" {
			kind = ""
			for _, w := range strings.Fields(string(obj.Kind)) {
				kind += strings.ToUpper(w[:1]) + w[1:]
			}
		}
		l += kind
	}
	return l
}
