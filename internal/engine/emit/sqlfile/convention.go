package sqlfile

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Tool is the migration runner whose file layout a directory follows.
type Tool string

// The runners whose layouts FilesFor writes.
const (
	// GolangMigrate: <version>_<name>.up.sql and .down.sql pairs
	// (golang-migrate, and plain psql runners).
	GolangMigrate Tool = "golang-migrate"
	// Goose: one <version>_<name>.sql with -- +goose Up / -- +goose Down.
	Goose Tool = "goose"
	// Dbmate: one <timestamp>_<name>.sql with -- migrate:up / -- migrate:down.
	Dbmate Tool = "dbmate"
)

// Versioning is how a directory numbers its migrations.
type Versioning string

// The version schemes.
const (
	// Timestamp: UTC YYYYMMDDHHMMSS (golang-migrate -format 20060102150405,
	// goose create, dbmate new).
	Timestamp Versioning = "timestamp"
	// UnixTimestamp: seconds since 1970 (golang-migrate create's default).
	UnixTimestamp Versioning = "unix"
	// Sequence: 1, 2, 3 or zero-padded 000001, 000002 (migrate create
	// -seq -digits 6, goose fix).
	Sequence Versioning = "sequence"
)

// Convention is the layout of an existing migrations directory.
type Convention struct {
	Tool       Tool
	Versioning Versioning
	// Width is the number of digits of zero-padded sequence numbers
	// ("000012": 6); 0 when they are not padded.
	Width int
}

// DefaultConvention is what an empty directory gets: golang-migrate pairs
// with timestamps.
var DefaultConvention = Convention{Tool: GolangMigrate, Versioning: Timestamp}

var (
	pairName   = regexp.MustCompile(`^(\d+)_.*\.(up|down)\.sql$`)
	singleName = regexp.MustCompile(`^(\d+)_.*\.sql$`)
	goName     = regexp.MustCompile(`^(\d+)_.*\.go$`)
)

// migrationVersions returns the version prefixes of the migration files
// among names (base names or paths), and how many look like each tool's.
func migrationVersions(names []string) (versions []string, pairs, singles, goFiles int) {
	for _, n := range names {
		n = path.Base(n)
		if m := pairName.FindStringSubmatch(n); m != nil {
			versions, pairs = append(versions, m[1]), pairs+1
		} else if m := singleName.FindStringSubmatch(n); m != nil {
			versions, singles = append(versions, m[1]), singles+1
		} else if m := goName.FindStringSubmatch(n); m != nil {
			versions, goFiles = append(versions, m[1]), goFiles+1
		}
	}
	return versions, pairs, singles, goFiles
}

// DetectConvention reads the convention of a directory from its file
// names. Up/down pairs are golang-migrate; single .sql files are goose when
// numbered by sequence or accompanied by .go migrations, and dbmate when
// named by timestamp (goose can use timestamps too: DetectConventionFS
// tells them apart by the markers inside). Other files (README, .keep) are
// ignored; a directory without migrations gets DefaultConvention.
func DetectConvention(names []string) Convention {
	versions, pairs, singles, goFiles := migrationVersions(names)
	if len(versions) == 0 {
		return DefaultConvention
	}
	c := Convention{Tool: GolangMigrate}
	c.Versioning, c.Width = versioning(versions)
	switch {
	case pairs >= singles && goFiles == 0:
		c.Tool = GolangMigrate
	case goFiles > 0 || c.Versioning == Sequence:
		c.Tool = Goose
	default:
		c.Tool = Dbmate
	}
	return c
}

// DetectConventionFS is DetectConvention on the directory dir of fsys,
// with single .sql files told apart by their markers ("-- +goose Up" or
// "-- migrate:up").
func DetectConventionFS(fsys fs.FS, dir string) (Convention, []string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return Convention{}, nil, fmt.Errorf("read migrations %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	c := DetectConvention(names)
	if c.Tool == GolangMigrate {
		return c, names, nil
	}
	for _, n := range slices.Backward(names) {
		if !singleName.MatchString(n) || pairName.MatchString(n) {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, n))
		if err != nil {
			return Convention{}, nil, err
		}
		switch text := string(data); {
		case strings.Contains(text, "-- +goose Up"):
			c.Tool = Goose
		case strings.Contains(text, "-- migrate:up"):
			c.Tool = Dbmate
		default:
			continue
		}
		break
	}
	return c, names, nil
}

// isTimestamp reports whether v is a 14-digit YYYYMMDDHHMMSS time.
func isTimestamp(v string) bool {
	_, err := time.Parse(timestampLayout, v)
	return len(v) == len(timestampLayout) && err == nil
}

const timestampLayout = "20060102150405"

// isUnix reports whether v looks like seconds since 1970 between 2001
// and 2286 (ten digits, not zero-padded).
func isUnix(v string) bool { return len(v) == 10 && v[0] != '0' }

// versioning decides the scheme from the newest version: timestamps win
// over sequence numbers (goose's hybrid versioning keeps sequences for
// applied migrations and timestamps for new ones).
func versioning(versions []string) (Versioning, int) {
	newest := slices.MaxFunc(versions, compareVersions)
	switch {
	case isTimestamp(newest):
		return Timestamp, 0
	case isUnix(newest):
		return UnixTimestamp, 0
	}
	width := 0
	for _, v := range versions {
		if len(v) > 1 && v[0] == '0' && !isTimestamp(v) {
			width = max(width, len(v))
		}
	}
	return Sequence, width
}

// compareVersions orders numeric version strings by value.
func compareVersions(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// NextVersion returns the version of the next migration in a directory
// holding existing (file names) under the convention: the newest sequence
// number plus one at the same width (gaps are kept: 3, 7 -> 8), or the
// time now (UTC), moved to one second after the newest timestamp when now
// would not sort after it.
func NextVersion(c Convention, existing []string, now time.Time) string {
	versions, _, _, _ := migrationVersions(existing)
	newest := ""
	if len(versions) > 0 {
		newest = slices.MaxFunc(versions, compareVersions)
	}
	switch c.Versioning {
	case Sequence:
		n := uint64(0)
		if newest != "" {
			n, _ = strconv.ParseUint(strings.TrimLeft(newest, "0")+"0", 10, 64)
			n /= 10
		}
		return fmt.Sprintf("%0*d", c.Width, n+1)
	case UnixTimestamp:
		v := now.Unix()
		if n, err := strconv.ParseInt(newest, 10, 64); err == nil && v <= n {
			v = n + 1
		}
		return strconv.FormatInt(v, 10)
	default:
		ts := now.UTC().Truncate(time.Second)
		if t, err := time.Parse(timestampLayout, newest); err == nil && !ts.After(t) {
			ts = t.Add(time.Second)
		} else if newest != "" && compareVersions(ts.Format(timestampLayout), newest) <= 0 {
			// A non-timestamp version bigger than any timestamp: count on.
			n, _ := strconv.ParseUint(newest, 10, 64)
			return strconv.FormatUint(n+1, 10)
		}
		return ts.Format(timestampLayout)
	}
}
