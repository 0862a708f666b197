package acceptance

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// A case file is a txtar archive: a free-text description, then sections
// that each start with a line "-- NAME --".
//
//	base.prisma, head.prisma       the two Prisma schemas, or
//	base/*.prisma, head/*.prisma   multi-file Prisma schemas (a schema folder), or
//	base.sql, head.sql             the two SQL schemas in the directory's dialect (an empty one is allowed)
//	seed.sql                       optional INSERTs run on the base database before the up
//	flags                          optional, one per line:
//	                                 rename OLD=NEW      a --rename flag (diff.ParseRename syntax)
//	                                 dialect-version V   plan for version V ("15", "10.11", "8.0.29";
//	                                                     default: the server's)
//	expect                         optional, one per line (see expectation.check)
//	expect-up.sql, expect-down.sql optional, the exact statements of the up and the
//	                               down migration, each followed by ";" and a new line
//	                               (required for the server-less testdata/mysql8 cases)
//
// Unknown sections, flags and expectations are errors, so a typo can never
// turn a check into nothing.

// format is the kind of schema a case is written in.
type format string

const (
	formatPrisma format = "prisma"
	formatSQL    format = "sql"
)

// testCase is one parsed case file.
type testCase struct {
	Name        string
	Description string
	Format      format
	Base, Head  []schema.File
	Seed        string
	Renames     []string
	Version     string
	Expect      []expectation
	// WantUp and WantDown are the expect-up.sql and expect-down.sql
	// sections; Has* say whether they were given.
	WantUp, WantDown       string
	HasWantUp, HasWantDown bool
}

// expectation is one line of the expect section.
type expectation struct {
	Verb string
	Arg  string
	Line string
}

// expectVerbs are the verbs an expect line may use, with whether they take
// an argument.
var expectVerbs = map[string]bool{
	"no-changes":       false,
	"likely-rename":    true,
	"step-count":       true,
	"change":           true,
	"no-change":        true,
	"sql-contains":     true,
	"sql-not-contains": true,
	"down-contains":    true,
	"hazard":           true,
	"no-hazard":        true,
}

// readTxtar splits a txtar archive into its leading comment and its files,
// in order. The format is golang.org/x/tools/txtar's: a line "-- NAME --"
// starts a file; everything before the first such line is the comment.
func readTxtar(data string) (comment string, names []string, files map[string]string) {
	files = map[string]string{}
	var cur *strings.Builder
	var b strings.Builder
	cur = &b
	flush := func(name string) {
		if name != "" {
			files[name] = cur.String()
		} else {
			comment = cur.String()
		}
	}
	name := ""
	for line := range strings.Lines(data) {
		trimmed := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush(name)
			name = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			names = append(names, name)
			cur = &strings.Builder{}
			continue
		}
		cur.WriteString(line)
	}
	flush(name)
	return comment, names, files
}

// loadCase reads and checks one case file.
func loadCase(path string) (*testCase, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &testCase{Name: strings.TrimSuffix(filepath.Base(path), ".txtar")}
	comment, names, files := readTxtar(string(data))
	c.Description = strings.TrimSpace(comment)
	if c.Description == "" {
		return nil, fmt.Errorf("%s: no description before the first section", path)
	}
	hasBase, hasHead := false, false
	for _, n := range names {
		body := files[n]
		ext := filepath.Ext(n)
		side, rest, inFolder := strings.Cut(n, "/")
		if !inFolder {
			side = strings.TrimSuffix(n, ext)
		}
		switch {
		case n == "flags":
			if err := c.readFlags(body); err != nil {
				return nil, fmt.Errorf("%s: flags: %w", path, err)
			}
		case n == "expect":
			if err := c.readExpect(body); err != nil {
				return nil, fmt.Errorf("%s: expect: %w", path, err)
			}
		case n == "seed.sql":
			c.Seed = body
		case n == "expect-up.sql":
			c.WantUp, c.HasWantUp = body, true
		case n == "expect-down.sql":
			c.WantDown, c.HasWantDown = body, true
		case (side == "base" || side == "head") && (!inFolder || rest != "") && (ext == ".prisma" || ext == ".sql"):
			f := format(strings.TrimPrefix(ext, "."))
			if c.Format != "" && c.Format != f {
				return nil, fmt.Errorf("%s: mixes Prisma and SQL schema files", path)
			}
			c.Format = f
			file := schema.File{Path: n, Data: []byte(body)}
			if side == "base" {
				c.Base, hasBase = append(c.Base, file), true
			} else {
				c.Head, hasHead = append(c.Head, file), true
			}
		default:
			return nil, fmt.Errorf("%s: unknown section %q", path, n)
		}
	}
	if !hasBase || !hasHead {
		return nil, fmt.Errorf("%s: needs a base and a head schema", path)
	}
	return c, nil
}

func (c *testCase) readFlags(body string) error {
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, arg, _ := strings.Cut(line, " ")
		arg = strings.TrimSpace(arg)
		switch key {
		case "rename":
			if arg == "" {
				return fmt.Errorf("%q: rename needs OLD=NEW", line)
			}
			c.Renames = append(c.Renames, arg)
		case "dialect-version":
			if !versionText.MatchString(arg) {
				return fmt.Errorf("%q: want a version such as 15, 10.11 or 8.0.29", line)
			}
			c.Version = arg
		default:
			return fmt.Errorf("unknown flag %q", line)
		}
	}
	return nil
}

func (c *testCase) readExpect(body string) error {
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, arg, _ := strings.Cut(line, " ")
		arg = strings.TrimSpace(arg)
		takesArg, ok := expectVerbs[verb]
		if !ok {
			return fmt.Errorf("unknown expectation %q (known: %s)", line, strings.Join(slices.Sorted(maps.Keys(expectVerbs)), ", "))
		}
		if takesArg != (arg != "") {
			return fmt.Errorf("%q: %s takes %s argument", line, verb, map[bool]string{true: "an", false: "no"}[takesArg])
		}
		if verb == "step-count" {
			if _, err := strconv.Atoi(arg); err != nil {
				return fmt.Errorf("%q: want a number", line)
			}
		}
		c.Expect = append(c.Expect, expectation{Verb: verb, Arg: arg, Line: line})
	}
	return nil
}

// versionText is the shape of a dialect-version flag; the dialect checks
// the value itself.
var versionText = regexp.MustCompile(`^[0-9]+(\.[0-9]+){0,2}$`)

// loadCases reads every case under dir, sorted by name.
func loadCases(dir string) ([]*testCase, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []*testCase
	for _, p := range paths {
		c, err := loadCase(p)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
