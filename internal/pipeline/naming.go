package pipeline

import (
	"strings"
	"unicode"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
	"github.com/migrate-bot/migrate-bot/internal/report"
)

// MaxNameLen keeps file names readable and well under file system limits.
const MaxNameLen = 60

// SanitizeName lower-cases a migration name and turns every run of
// characters other than letters and digits into one underscore.
func SanitizeName(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	out := b.String()
	if len(out) > MaxNameLen {
		out = strings.TrimRight(out[:MaxNameLen], "_")
	}
	return out
}

// minor change kinds follow from a main change (the index of a new table)
// and make poor names.
var minorKinds = map[string]bool{
	"AddNamespace": true, "AddExtension": true, "AddIndex": true, "DropIndex": true,
	"AddForeignKey": true, "DropForeignKey": true, "SetTableComment": true,
	"AddSequence": true, "RenameSequence": true,
}

// DeriveName names a migration after its main change: the verb of the
// change kind and the object without the default namespace, as
// "add_users_email"; "_and_more" when other objects change too.
func DeriveName(changes []schema.Change, defaultNamespace string) string {
	if len(changes) == 0 {
		return "migration"
	}
	main := changes[0]
	for _, c := range changes {
		if !minorKinds[c.Kind()] {
			main = c
			break
		}
	}
	d := report.Describe(main)
	object := strings.TrimPrefix(d.Object, defaultNamespace+".")
	name := SanitizeName(verb(d.Kind) + "_" + object)
	owner := ownerOf(d.Object)
	for _, c := range changes {
		if c != main && ownerOf(report.Describe(c).Object) != owner {
			name = SanitizeName(name[:min(len(name), MaxNameLen-len("_and_more"))] + "_and_more")
			break
		}
	}
	if name == "" {
		return "migration"
	}
	return name
}

// verb is the first word of a change kind ("AddColumn" -> "add").
func verb(kind string) string {
	for i, r := range kind {
		if i > 0 && unicode.IsUpper(r) {
			return strings.ToLower(kind[:i])
		}
	}
	return strings.ToLower(kind)
}

// ownerOf is the table (or type) an object belongs to: the first two parts
// of "schema.table.member".
func ownerOf(object string) string {
	parts := strings.SplitN(object, ".", 3)
	if len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return object
}
