package schemadoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// decoder reads the nodes of one file, reporting errors at their lines.
type decoder struct {
	file string
}

func (dc *decoder) errorf(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return schema.Errorf(schema.Pos{File: dc.file, Line: line}, format, args...)
}

// yamlLine matches the line yaml.v3 puts in its syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// root decodes the file's single document and returns its top mapping; an
// empty file is an empty document.
func (dc *decoder) root(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, dc.syntaxError(err, data)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, dc.errorf(&extra, "a schema document file holds one YAML document, found a second one")
	} else if !errors.Is(err, io.EOF) {
		return nil, dc.syntaxError(err, data)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return nil, nil
	}
	if err := dc.noAliases(top); err != nil {
		return nil, err
	}
	return top, nil
}

// syntaxError reports a YAML or JSON syntax error at the line yaml.v3
// names, or (for the errors it gives no line, which it finds at the end of
// the input) at the file's last line.
func (dc *decoder) syntaxError(err error, data []byte) error {
	msg := err.Error()
	line := bytes.Count(bytes.TrimRight(data, "\n"), []byte("\n")) + 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			fmt.Sscan(m[1], &line)
		}
		msg = m[2]
	}
	return schema.Errorf(schema.Pos{File: dc.file, Line: line}, "not valid YAML or JSON: %s", msg)
}

// noAliases refuses anchors, aliases and merge keys: a schema is written
// out, and refusing them keeps a small file from expanding to a huge one.
func (dc *decoder) noAliases(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return dc.errorf(n, "YAML anchors and aliases are not supported in a schema document")
	}
	if n.Tag == "!!merge" {
		return dc.errorf(n, "YAML merge keys (<<) are not supported in a schema document")
	}
	for _, c := range n.Content {
		if err := dc.noAliases(c); err != nil {
			return err
		}
	}
	return nil
}

// pair is one key and value of a mapping.
type pair struct {
	key   string
	keyN  *yaml.Node
	value *yaml.Node
}

// mapping returns the pairs of a mapping node in order. Keys must be
// strings, unique, and (when allowed is not nil) among allowed.
func (dc *decoder) mapping(n *yaml.Node, what string, allowed []string) ([]pair, error) {
	if n.Kind != yaml.MappingNode {
		return nil, dc.errorf(n, "%s: want a mapping, found %s", what, describe(n))
	}
	seen := map[string]int{}
	var out []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
			return nil, dc.errorf(k, "%s: a key must be a name, found %s", what, describe(k))
		}
		if first, dup := seen[k.Value]; dup {
			return nil, dc.errorf(k, "%s: %q given twice (first on line %d)", what, k.Value, first)
		}
		seen[k.Value] = k.Line
		if allowed != nil && !slices.Contains(allowed, k.Value) {
			return nil, dc.errorf(k, "%s: unknown key %q (known: %s)", what, k.Value, strings.Join(allowed, ", "))
		}
		out = append(out, pair{key: k.Value, keyN: k, value: v})
	}
	return out, nil
}

// str reads a string scalar (any scalar but null, as written).
func (dc *decoder) str(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", dc.errorf(n, "%s: want a string, found %s", what, describe(n))
	}
	return n.Value, nil
}

// name reads a non-empty string without NUL bytes.
func (dc *decoder) name(n *yaml.Node, what string) (string, error) {
	s, err := dc.str(n, what)
	if err != nil {
		return "", err
	}
	if s == "" || strings.ContainsRune(s, 0) {
		return "", dc.errorf(n, "%s: want a non-empty name", what)
	}
	return s, nil
}

// boolean reads a true/false scalar.
func (dc *decoder) boolean(n *yaml.Node, what string) (bool, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return false, dc.errorf(n, "%s: want true or false, found %s", what, describe(n))
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", nil
}

// names reads a list of names, or a single name as a list of one.
func (dc *decoder) names(n *yaml.Node, what string) ([]string, error) {
	if n.Kind == yaml.ScalarNode {
		s, err := dc.name(n, what)
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, dc.errorf(n, "%s: want a list of names, found %s", what, describe(n))
	}
	if len(n.Content) == 0 {
		return nil, dc.errorf(n, "%s: the list is empty", what)
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		s, err := dc.name(c, what)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// list returns the items of a sequence node.
func (dc *decoder) list(n *yaml.Node, what string) ([]*yaml.Node, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, dc.errorf(n, "%s: want a list, found %s", what, describe(n))
	}
	return n.Content, nil
}

// listOf decodes a list whose items item decodes, stopping at the first
// error (which names its item's line). An empty list gives nil.
func listOf[T any](dc *decoder, n *yaml.Node, what string, item func(*yaml.Node, string) (T, error)) ([]T, error) {
	items, err := dc.list(n, what)
	if err != nil {
		return nil, err
	}
	var out []T
	for _, it := range items {
		v, err := item(it, what)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// describe names the kind of a node for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null"
		case "!!bool":
			return "a boolean (" + n.Value + ")"
		case "!!int", "!!float":
			return "a number (" + n.Value + ")"
		}
		return fmt.Sprintf("the string %q", n.Value)
	}
	return "nothing"
}
