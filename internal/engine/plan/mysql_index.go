package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/migrate-bot/migrate-bot/internal/engine/schema"
)

// Indexes and keys. Secondary indexes are built and dropped INPLACE with
// LOCK=NONE; a FULLTEXT or SPATIAL index is built INPLACE but blocks writes
// (LOCK=SHARED). A primary key is added INPLACE (the table is rebuilt);
// dropping one alone copies the table, but dropping and adding one in the
// same statement is INPLACE (MySQL manual, "Primary Key Operations"), so a
// replaced primary key is one statement.

// indexDef renders an index as ALTER TABLE ADD and CREATE TABLE write it:
// [UNIQUE|FULLTEXT|SPATIAL] INDEX name (parts) [USING method].
func (p *my) indexDef(ix *schema.Index) (string, error) {
	if ix == nil || ix.Name == "" || len(ix.Parts) == 0 {
		return "", fmt.Errorf("index without name or keys: %w", ErrUnsupported)
	}
	if ix.Where != "" || len(ix.Include) > 0 || ix.NullsNotDistinct {
		return "", fmt.Errorf("index %s: partial, covering and NULLS NOT DISTINCT indexes do not exist on %s: %w", ix.Name, p.d.Name, ErrUnsupported)
	}
	kind, using := "INDEX ", ""
	switch m := strings.ToUpper(ix.Method); m {
	case "FULLTEXT", "SPATIAL":
		kind = m + " INDEX "
	case "", "BTREE":
	case "HASH", "RTREE":
		using = " USING " + m
	default:
		return "", fmt.Errorf("index %s: method %s does not exist on %s: %w", ix.Name, ix.Method, p.d.Name, ErrUnsupported)
	}
	if ix.Unique {
		kind = "UNIQUE " + kind
	}
	parts := make([]string, len(ix.Parts))
	for i, part := range ix.Parts {
		switch {
		case part.Expr != "":
			if !p.d.Caps.FunctionalIndexes {
				return "", fmt.Errorf("index %s: expression keys need MySQL 8.0.13+: %w", ix.Name, ErrUnsupported)
			}
			parts[i] = "(" + part.Expr + ")"
		case part.Column != "":
			parts[i] = p.q(part.Column)
			if part.Length > 0 {
				parts[i] += "(" + strconv.Itoa(part.Length) + ")"
			}
		default:
			return "", fmt.Errorf("index %s: key without column or expression: %w", ix.Name, ErrUnsupported)
		}
		if part.Desc {
			parts[i] += " DESC"
		}
	}
	return kind + p.q(ix.Name) + " (" + strings.Join(parts, ", ") + ")" + using, nil
}

// indexAlgo is the class of building an index.
func indexAlgo(ix *schema.Index) algo {
	switch strings.ToUpper(ix.Method) {
	case "FULLTEXT", "SPATIAL":
		return algoInplaceShared
	}
	return algoInplace
}

// addIndexClause is the clause that adds an index, with its rollback.
func (p *my) addIndexClause(t schema.QName, ix *schema.Index) (*clause, error) {
	def, err := p.indexDef(ix)
	if err != nil {
		return nil, err
	}
	return &clause{
		table: t, up: "ADD " + def,
		down: "DROP INDEX " + p.q(ix.Name), downAgain: "DROP INDEX" + p.ifExists(false) + " " + p.q(ix.Name),
		obj: "index:" + ix.Name, algo: indexAlgo(ix),
	}, nil
}

func (p *my) addIndex(c *schema.AddIndex) ([]*item, error) {
	ix := c.Index
	if ix == nil || c.Table.Name == "" {
		return nil, errMissing("index")
	}
	t := p.afterRename(c.Table)
	cl, err := p.addIndexClause(t, ix)
	if err != nil {
		return nil, err
	}
	var cols []string
	for _, part := range ix.Parts {
		cols = append(cols, part.Column)
	}
	rank, name := p.keyOnAutoColumn(cl, cols, rankAddIndex, ix.Name)
	it := p.alterItem(cl, rank, name, ix.Pos)
	if !p.isNew(t) {
		it.step.Scan = true
		if ix.Unique {
			it.step.Hazards = append(it.step.Hazards, hazard(HazardMayFail, t, "", "duplicate values"))
		}
	}
	return []*item{it}, nil
}

// backsForeignKey returns the name of a foreign key of the target that
// needs index ix (its columns start the index) and that no other index or
// key of the target serves; "" when there is none. MySQL refuses to drop
// the only index of a foreign key.
func (p *my) backsForeignKey(t schema.QName, ix *schema.Index) string {
	tb := p.toTable(t)
	if tb == nil {
		return ""
	}
	serves := func(cols []string, keys []string) bool {
		return len(keys) >= len(cols) && slices.Equal(keys[:len(cols)], cols)
	}
	for _, fk := range tb.ForeignKeys {
		var ixCols []string
		for _, part := range ix.Parts {
			ixCols = append(ixCols, part.Column)
		}
		if !serves(fk.Columns, ixCols) {
			continue
		}
		served := tb.PrimaryKey != nil && serves(fk.Columns, tb.PrimaryKey.Columns)
		for _, other := range tb.Indexes {
			var cols []string
			for _, part := range other.Parts {
				cols = append(cols, part.Column)
			}
			served = served || serves(fk.Columns, cols)
		}
		for _, u := range tb.Uniques {
			served = served || serves(fk.Columns, u.Columns)
		}
		if !served {
			return fk.Name
		}
	}
	return ""
}

func (p *my) dropIndex(c *schema.DropIndex) ([]*item, error) {
	ix := c.Index
	if ix == nil || ix.Name == "" || c.Table.Name == "" {
		return nil, errMissing("index")
	}
	t := p.afterRename(c.Table)
	if fk := p.backsForeignKey(t, ix); fk != "" {
		return nil, fmt.Errorf("index %s on %s is the only index of foreign key %s, which stays: MySQL refuses to drop it; drop the foreign key first or keep an index on its columns: %w", ix.Name, t, fk, ErrUnsupported)
	}
	def, err := p.indexDef(ix)
	if err != nil {
		return nil, err
	}
	cl := &clause{
		table: t, up: "DROP INDEX " + p.q(ix.Name),
		down: "ADD " + def, downAgain: addIfNotExists(def, p.ifExists(true)),
		obj: "index:" + ix.Name, algo: algoInplace,
	}
	return []*item{p.alterItem(cl, rankDropIndex, ix.Name, ix.Pos)}, nil
}

// addIfNotExists puts IF NOT EXISTS after the INDEX keyword of an index
// definition ("ADD UNIQUE INDEX IF NOT EXISTS `a` (...)"), as MariaDB
// spells it.
func addIfNotExists(def, ifNotExists string) string {
	if ifNotExists == "" {
		return "ADD " + def
	}
	i := strings.Index(def, "INDEX ") + len("INDEX")
	return "ADD " + def[:i] + ifNotExists + def[i:]
}

func (p *my) renameIndex(c *schema.RenameIndex) ([]*item, error) {
	if c.Table.Name == "" || c.From == "" || c.To == "" {
		return nil, errMissing("index name")
	}
	t := p.afterRename(c.Table)
	if !p.d.Caps.RenameIndexSyntax {
		return nil, fmt.Errorf("index %s on %s: RENAME INDEX needs MariaDB 10.5.2+: %w", c.From, t, ErrUnsupported)
	}
	cl := &clause{
		table: t, up: "RENAME INDEX " + p.q(c.From) + " TO " + p.q(c.To),
		down: "RENAME INDEX " + p.q(c.To) + " TO " + p.q(c.From), obj: "index:" + c.From, algo: algoInplace,
	}
	cl.downAgain = cl.down
	if p.f.InstantRenameIndex {
		cl.algo = algoInstant
	}
	pos := schema.Pos{}
	if tb := p.toTable(t); tb != nil {
		if ix := tb.Index(c.To); ix != nil {
			pos = ix.Pos
		}
	}
	it := p.alterItem(cl, rankRename, "", pos)
	it.inputOrder = true
	return []*item{it}, nil
}

// uniqueDef renders a UNIQUE constraint as a unique key.
func (p *my) uniqueDef(u *schema.Unique) string {
	name := ""
	if u.Name != "" {
		name = p.q(u.Name) + " "
	}
	return "UNIQUE KEY " + name + "(" + p.idents(u.Columns) + ")"
}

func (p *my) addUnique(c *schema.AddUnique) ([]*item, error) {
	u := c.Unique
	if u == nil || u.Name == "" || len(u.Columns) == 0 || c.Table.Name == "" {
		return nil, errMissing("unique constraint")
	}
	parts := make([]schema.IndexPart, len(u.Columns))
	for i, col := range u.Columns {
		parts[i] = schema.IndexPart{Column: col}
	}
	return p.addIndex(&schema.AddIndex{Table: c.Table, Index: &schema.Index{Name: u.Name, Unique: true, Parts: parts, Pos: u.Pos}})
}

func (p *my) dropUnique(c *schema.DropUnique) ([]*item, error) {
	u := c.Unique
	if u == nil || u.Name == "" || len(u.Columns) == 0 || c.Table.Name == "" {
		return nil, errMissing("unique constraint")
	}
	parts := make([]schema.IndexPart, len(u.Columns))
	for i, col := range u.Columns {
		parts[i] = schema.IndexPart{Column: col}
	}
	return p.dropIndex(&schema.DropIndex{Table: c.Table, Index: &schema.Index{Name: u.Name, Unique: true, Parts: parts, Pos: u.Pos}})
}

func (p *my) addPrimaryKey(c *schema.AddPrimaryKey) ([]*item, error) {
	pk := c.PrimaryKey
	if pk == nil || len(pk.Columns) == 0 || c.Table.Name == "" {
		return nil, errMissing("primary key")
	}
	t := p.afterRename(c.Table)
	cl := &clause{
		table: t, up: "ADD PRIMARY KEY (" + p.idents(pk.Columns) + ")",
		down: "DROP PRIMARY KEY", obj: "primary key", algo: algoInplace,
	}
	cl.downAgain = cl.down
	rank, name := p.keyOnAutoColumn(cl, pk.Columns, rankPrimaryKey, "1")
	it := p.alterItem(cl, rank, name, pk.Pos)
	if !p.isNew(t) {
		it.step.Rewrite, it.step.Scan = true, true
		it.step.Hazards = append(it.step.Hazards, hazard(HazardMayFail, t, "", "duplicate or NULL values"),
			hazard(HazardRewrite, t, "", "primary key rebuilds the table"))
	}
	return []*item{it}, nil
}

func (p *my) dropPrimaryKey(c *schema.DropPrimaryKey) ([]*item, error) {
	pk := c.PrimaryKey
	if pk == nil || len(pk.Columns) == 0 || c.Table.Name == "" {
		return nil, errMissing("primary key")
	}
	t := p.afterRename(c.Table)
	// Dropped alone it copies; replaced by another key in the same
	// statement it is INPLACE, and the two steps are adjacent (rank).
	a := algoCopy
	if p.pkAdded[c.Table] || p.pkAdded[t] {
		a = algoInplace
	}
	cl := &clause{
		table: t, up: "DROP PRIMARY KEY",
		down: "ADD PRIMARY KEY (" + p.idents(pk.Columns) + ")", obj: "primary key", algo: a,
	}
	cl.downAgain = cl.down
	it := p.alterItem(cl, rankPrimaryKey, "0", pk.Pos)
	it.step.Rewrite = it.step.Rewrite || !p.isNew(t)
	return []*item{it}, nil
}
