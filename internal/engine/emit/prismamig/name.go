package prismamig

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/emit/timestamp"
)

// TimestampLayout is the UTC timestamp that starts a Prisma migration
// folder's name (prisma/prisma packages/migrate/src/utils/now.ts).
const TimestampLayout = timestamp.Layout

// maxNameLen is Prisma's limit on the slugified name
// (promptForMigrationName.ts: maxMigrationNameLength).
const maxNameLen = 200

// decamelize separates the words of camelCase and PascalCase names as
// @sindresorhus/slugify does before lowercasing ("addUserEmail" ->
// "add User Email", "APIKeys" -> "API Keys").
var decamelize = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`([A-Z]{2,})(\d+)`), "$1 $2"},
	{regexp.MustCompile(`([a-z\d]+)([A-Z]{2,})`), "$1 $2"},
	{regexp.MustCompile(`([a-z\d])([A-Z])`), "$1 $2"},
	{regexp.MustCompile(`([A-Z]+)([A-Z][a-rt-z\d]+)`), "$1 $2"},
}

// transliterations are the common Latin letters slugify spells in ASCII;
// other characters outside [a-z0-9] become separators.
var transliterations = strings.NewReplacer(
	"&", " and ", "ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss",
	"à", "a", "á", "a", "â", "a", "ã", "a", "å", "a", "æ", "ae", "ç", "c", "è", "e", "é", "e",
	"ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i", "ñ", "n", "ò", "o", "ó", "o",
	"ô", "o", "õ", "o", "ø", "o", "ù", "u", "ú", "u", "û", "u", "ý", "y", "ÿ", "y", "œ", "oe",
	"À", "A", "Á", "A", "Â", "A", "Ã", "A", "Å", "A", "Æ", "AE", "Ç", "C", "È", "E", "É", "E",
	"Ê", "E", "Ë", "E", "Ì", "I", "Í", "I", "Î", "I", "Ï", "I", "Ñ", "N", "Ò", "O", "Ó", "O",
	"Ô", "O", "Õ", "O", "Ø", "O", "Ù", "U", "Ú", "U", "Û", "U", "Ý", "Y", "Œ", "OE",
)

// Slug returns the migration name as `prisma migrate dev --name` writes it
// into the folder name: slugify(name, {separator: "_"}) cut to 200
// characters ("Add userEmail!" -> "add_user_email").
func Slug(name string) string {
	name = transliterations.Replace(name)
	for _, d := range decamelize {
		name = d.re.ReplaceAllString(name, d.repl)
	}
	name = strings.ToLower(name)
	var b strings.Builder
	sep := false
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	s := b.String()
	if len(s) > maxNameLen {
		s = strings.TrimRight(s[:maxNameLen], "_")
	}
	return s
}

// NextTimestamp returns the timestamp of the next migration: now (UTC,
// whole seconds), or one second after the newest timestamp in existing.
func NextTimestamp(existing []string, now time.Time) time.Time {
	return timestamp.Next(existing, now)
}

// folderNames returns n folder names starting at ts, one second apart:
// <ts>_<slug>, then <ts+1>_<slug>_2, ... Each must sort after every
// existing folder.
func folderNames(existing []string, ts time.Time, slug string, n int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		name := ts.Add(time.Duration(i) * time.Second).Format(TimestampLayout)
		if slug != "" {
			name += "_" + slug
		}
		if i > 0 {
			name += fmt.Sprintf("_%d", i+1)
		}
		out[i] = name
	}
	for _, e := range existing {
		if e >= out[0] {
			return nil, fmt.Errorf("existing migration %q would sort after the new %q: Prisma applies folders in name order, so the new migration cannot be placed last with a timestamp name", e, out[0])
		}
	}
	return out, nil
}
