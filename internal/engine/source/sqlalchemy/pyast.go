package sqlalchemy

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// node is one node of a Python syntax tree, copied out of tree-sitter so
// the rest of the reader is plain Go: its kind (tree-sitter-python's node
// names: "call", "attribute", "identifier", "string" ...), the field name
// it has in its parent ("function", "arguments" ...), where it starts, its
// source text and its named children.
type node struct {
	kind       string
	field      string
	pos        schema.Pos
	src        []byte
	start, end uint
	children   []*node
}

// text is the node's source text.
func (n *node) text() string { return string(n.src[n.start:n.end]) }

// get returns the first child with the field name, or nil.
func (n *node) get(field string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.field == field {
			return c
		}
	}
	return nil
}

// all returns every child with the field name.
func (n *node) all(field string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.field == field {
			out = append(out, c)
		}
	}
	return out
}

// first returns the first child of the kind, or nil.
func (n *node) first(kind string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.kind == kind {
			return c
		}
	}
	return nil
}

// maxDepth bounds the copied tree: deeper nesting is refused with an error
// rather than risking the Go stack on hostile input.
const maxDepth = 200

// parsePython parses one file with tree-sitter-python and copies the tree.
// A syntax error is a *schema.PosError at the first broken node.
func parsePython(f schema.File) (*node, error) {
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(sitter.NewLanguage(python.Language())); err != nil {
		return nil, schema.Errorf(schema.Pos{File: f.Path}, "python grammar: %v", err)
	}
	tree := p.Parse(f.Data, nil)
	if tree == nil {
		return nil, schema.Errorf(schema.Pos{File: f.Path}, "python parser returned no tree")
	}
	defer tree.Close()
	root := tree.RootNode()
	if root.HasError() {
		bad := firstError(root)
		return nil, schema.Errorf(pointPos(f.Path, bad), "Python syntax error near %q", snippet(bad.Utf8Text(f.Data)))
	}
	c := copier{file: f.Path, src: f.Data, cur: root.Walk()}
	defer c.cur.Close()
	n, err := c.copy(root, "", 0)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// firstError finds the first ERROR or MISSING node under n, in source
// order; n itself when none is found below it.
func firstError(n *sitter.Node) *sitter.Node {
	for i := uint(0); i < n.ChildCount(); i++ {
		c := n.Child(i)
		if c == nil {
			continue
		}
		if c.IsError() || c.IsMissing() {
			return c
		}
		if c.HasError() {
			return firstError(c)
		}
	}
	return n
}

func pointPos(file string, n *sitter.Node) schema.Pos {
	p := n.StartPosition()
	return schema.Pos{File: file, Line: int(p.Row) + 1, Col: int(p.Column) + 1}
}

func snippet(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return s
}

type copier struct {
	file string
	src  []byte
	cur  *sitter.TreeCursor
}

func (c *copier) copy(n *sitter.Node, field string, depth int) (*node, error) {
	out := &node{kind: n.Kind(), field: field, pos: pointPos(c.file, n), src: c.src, start: n.StartByte(), end: n.EndByte()}
	if depth > maxDepth {
		return nil, schema.Errorf(out.pos, "Python expression nested more than %d levels deep", maxDepth)
	}
	count := n.ChildCount()
	for i := uint(0); i < count; i++ {
		ch := n.Child(i)
		if ch == nil || !ch.IsNamed() || ch.Kind() == "comment" {
			continue
		}
		k, err := c.copy(ch, n.FieldNameForChild(uint32(i)), depth+1)
		if err != nil {
			return nil, err
		}
		out.children = append(out.children, k)
	}
	return out, nil
}
