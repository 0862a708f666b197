package config

import (
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads a configuration file. name is used in error messages
// (normally ".github/migrate-bot.yml"). Every error is an *Error naming the
// line and the key.
func Parse(name string, data []byte) (*Config, error) {
	p := &parser{file: name}
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, p.errf(0, "", "the file is empty: want `version: 1` and a `projects` list")
		}
		return nil, p.yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, p.errf(extra.Line, "", "more than one YAML document: want one")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, p.errf(root.Line, "", "want a mapping with `version` and `projects`, found %s", kindName(root))
	}
	cfg := &Config{File: name}
	var sawVersion, sawProjects bool
	err := p.mapping(root, "", func(key string, k, v *yaml.Node) error {
		switch key {
		case "version":
			sawVersion = true
			n, err := p.integer(v, "version")
			if err != nil {
				return err
			}
			if n != SupportedVersion {
				return p.errf(v.Line, "version", "unsupported version %d (want %d)", n, SupportedVersion)
			}
			cfg.Version = n
		case "projects":
			sawProjects = true
			projects, err := p.projects(v)
			if err != nil {
				return err
			}
			cfg.Projects = projects
		case "lint":
			l, err := p.lintSection(v, "lint")
			if err != nil {
				return err
			}
			cfg.Lint = l
		default:
			return p.errf(k.Line, key, "unknown key (want version, projects or lint)")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !sawVersion {
		return nil, p.errf(root.Line, "version", "missing: add `version: %d`", SupportedVersion)
	}
	if !sawProjects {
		return nil, p.errf(root.Line, "projects", "missing: list at least one project")
	}
	return cfg, nil
}

// Project returns the project with the given name, or nil.
func (c *Config) Project(name string) *Project {
	for _, p := range c.Projects {
		if p.Name == name {
			return p
		}
	}
	return nil
}

type parser struct{ file string }

// schemaExts are the schema file extensions a project's schema may have
// (the readers of pipeline.KindOf).
var schemaExts = []string{".prisma", ".sql", ".py", ".yaml", ".yml", ".json"}

func (p *parser) errf(line int, key, format string, args ...any) error {
	return &Error{File: p.file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)}
}

// yamlError turns a yaml.v3 syntax error ("yaml: line 3: mapping values are
// not allowed in this context") into an *Error with the line.
func (p *parser) yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return p.errf(n, "", "invalid YAML: %s", text)
			}
		}
	}
	return p.errf(0, "", "invalid YAML: %s", msg)
}

// mapping calls fn for each key of a mapping node in order, rejecting
// duplicate and non-string keys. prefix is the key path of the mapping.
func (p *parser) mapping(n *yaml.Node, prefix string, fn func(key string, k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n.Line, prefix, "want a mapping, found %s", kindName(n))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := k.Value
		if prefix != "" {
			path = prefix + "." + k.Value
		}
		if k.Kind != yaml.ScalarNode {
			return p.errf(k.Line, prefix, "keys must be plain words")
		}
		if first, dup := seen[k.Value]; dup {
			return p.errf(k.Line, path, "duplicate key (first at line %d)", first)
		}
		seen[k.Value] = k.Line
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) scalar(v *yaml.Node, key string) (string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return "", p.errf(v.Line, key, "want a value, found %s", kindName(v))
	}
	return v.Value, nil
}

func (p *parser) str(v *yaml.Node, key string) (string, error) {
	s, err := p.scalar(v, key)
	if err != nil {
		return "", err
	}
	if v.Tag != "!!str" {
		return "", p.errf(v.Line, key, "want a string, found %s %q", strings.TrimPrefix(v.Tag, "!!"), s)
	}
	return s, nil
}

func (p *parser) integer(v *yaml.Node, key string) (int, error) {
	s, err := p.scalar(v, key)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || v.Tag != "!!int" {
		return 0, p.errf(v.Line, key, "want a whole number, found %q", s)
	}
	return n, nil
}

func (p *parser) projects(v *yaml.Node) ([]*Project, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, p.errf(v.Line, "projects", "want a list of projects, found %s", kindName(v))
	}
	if len(v.Content) == 0 {
		return nil, p.errf(v.Line, "projects", "the list is empty: add at least one project")
	}
	var out []*Project
	names := map[string]int{}
	for i, item := range v.Content {
		pr, err := p.project(item, i)
		if err != nil {
			return nil, err
		}
		if first, dup := names[pr.Name]; dup {
			return nil, p.errf(pr.Line, pr.Key()+".name", "duplicate project name %q (first at line %d)", pr.Name, first)
		}
		names[pr.Name] = pr.Line
		out = append(out, pr)
	}
	return out, nil
}

func (p *parser) project(n *yaml.Node, i int) (*Project, error) {
	pr := &Project{Index: i, Line: n.Line, Format: FormatSQL}
	prefix := pr.Key()
	lines := map[string]int{}
	err := p.mapping(n, prefix, func(key string, k, v *yaml.Node) error {
		full := prefix + "." + key
		lines[key] = v.Line
		var err error
		switch key {
		case "name":
			pr.Name, err = p.str(v, full)
			if err == nil {
				if msg := checkName(pr.Name); msg != "" {
					err = p.errf(v.Line, full, "%s", msg)
				}
			}
		case "schema":
			pr.Schema, err = p.path(v, full)
			if err == nil {
				if ext := path.Ext(pr.Schema); ext != "" && !slices.Contains(schemaExts, strings.ToLower(ext)) {
					err = p.errf(v.Line, full, "%q: want a .prisma, .sql, .py (SQLAlchemy models) or .yaml/.yml/.json (schema document) file, or a folder of them", pr.Schema)
				}
			}
		case "dialect":
			pr.Dialect, err = p.str(v, full)
		case "dialect_version":
			// Accept 15 and "15" alike; 15.4 reads as a float, which is fine.
			pr.DialectVersion, err = p.scalar(v, full)
		case "format":
			pr.Format, err = p.str(v, full)
			if err == nil && !slices.Contains(Formats, pr.Format) {
				err = p.errf(v.Line, full, "unknown format %q (want %s)", pr.Format, strings.Join(Formats, ", "))
			}
		case "migrations":
			pr.Migrations, err = p.path(v, full)
		case "renames":
			pr.Renames, err = p.renames(v, full)
		case "lint":
			pr.Lint, err = p.lintSection(v, full)
		default:
			err = p.errf(k.Line, full, "unknown key (want name, schema, dialect, dialect_version, format, migrations, renames or lint)")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, req := range []string{"name", "schema", "migrations"} {
		if _, ok := lines[req]; !ok {
			return nil, p.errf(n.Line, prefix+"."+req, "missing (every project needs name, schema and migrations)")
		}
	}
	dmsg, vmsg := checkDialect(pr.Dialect, pr.DialectVersion)
	if dmsg != "" {
		return nil, p.errf(lines["dialect"], prefix+".dialect", "%s", dmsg)
	}
	if vmsg != "" {
		return nil, p.errf(lines["dialect_version"], prefix+".dialect_version", "%s", vmsg)
	}
	return pr, nil
}

func (p *parser) path(v *yaml.Node, key string) (string, error) {
	s, err := p.str(v, key)
	if err != nil {
		return "", err
	}
	if msg := checkRepoPath(s); msg != "" {
		return "", p.errf(v.Line, key, "%s", msg)
	}
	return strings.TrimSuffix(s, "/"), nil
}

func (p *parser) renames(v *yaml.Node, key string) ([]Rename, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, p.errf(v.Line, key, "want a list of OLD=NEW entries, found %s", kindName(v))
	}
	var out []Rename
	for i, item := range v.Content {
		k := fmt.Sprintf("%s[%d]", key, i)
		s, err := p.str(item, k)
		if err != nil {
			return nil, err
		}
		if msg := checkRename(s); msg != "" {
			return nil, p.errf(item.Line, k, "%s", msg)
		}
		out = append(out, Rename{Value: s, Line: item.Line})
	}
	return out, nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an empty document"
}
