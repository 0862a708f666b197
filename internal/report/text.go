package report

import (
	"fmt"
	"io"
	"strings"
)

// Text writes the terminal report: the verdict line, the steps with their
// lock, rewrite, scan and transaction properties and hazards, the
// findings (code, severity, title, message, schema and migration lines,
// evidence), likely renames with the flag that confirms them, and the
// migration files (their paths when written, their SQL when not, up then
// down under clear separators).
// KindCode is the kind of a migration file that is a program holding
// both directions: an Alembic revision (upgrade, downgrade) or a Knex
// module (up, down).
const KindCode = "code"

func Text(w io.Writer, doc *Document) error {
	p := &printer{w: w}
	if doc.Project != "" {
		p.f("Project %s (%s)\n", doc.Project, doc.Schema)
	}
	p.f("%s\n", doc.Verdict.Summary)
	if len(doc.Steps) > 0 {
		p.f("\nPlan for %s %s, %s:\n", doc.Dialect, doc.DialectVersion, plural(len(doc.Steps), "step"))
		for _, s := range doc.Steps {
			p.f("%3d. %s %s", s.Index, s.Change.Kind, s.Change.Object)
			if s.Change.Detail != "" {
				p.f(" (%s)", s.Change.Detail)
			}
			if s.Source != "" {
				p.f("  [%s]", s.Source)
			}
			p.f("\n     %s\n", StepProperties(s))
			if s.FoldedInto != 0 {
				p.f("     carried out by step %d\n", s.FoldedInto)
			}
			for _, c := range s.Folded {
				p.f("     also carries out %s %s", c.Kind, c.Object)
				if c.Detail != "" {
					p.f(" (%s)", c.Detail)
				}
				p.f("\n")
			}
			for _, h := range s.Hazards {
				p.f("     hazard %s: %s", h.Kind, hazardObject(h))
				if h.Detail != "" {
					p.f(" (%s)", h.Detail)
				}
				p.f("\n")
			}
		}
	}
	if len(doc.Findings) > 0 {
		p.f("\nFindings:\n")
		for _, f := range doc.Findings {
			p.finding(f)
		}
		p.f("\nExplain a rule with: migrate-bot rules CODE\n")
	}
	if len(doc.LikelyRenames) > 0 {
		p.f("\nLikely renames (without confirmation they are planned as a drop and an add, losing data):\n")
		for _, r := range doc.LikelyRenames {
			p.f("  %s %s -> %s: confirm with %s\n", r.Kind, renameFrom(r), r.To, r.Flag)
		}
	}
	if len(doc.Files) > 0 {
		written := false
		for _, f := range doc.Files {
			written = written || f.Written()
		}
		if written {
			p.f("\nFiles written:\n")
		}
		for _, f := range doc.Files {
			if f.Written() {
				p.f("  %s\n", f.Path)
				continue
			}
			what := f.Kind + " migration"
			if f.Kind == KindCode {
				what = "migration: upgrade and downgrade"
			}
			p.f("\n-- ===== %s (%s) =====\n", f.Name, what)
			if f.RepoPath != "" {
				p.f("-- belongs at %s\n", f.RepoPath)
			}
			p.f("%s", f.Content)
			if !strings.HasSuffix(f.Content, "\n") {
				p.f("\n")
			}
		}
	}
	return p.err
}

// StepProperties renders a step's safety envelope on one line:
// "lock ACCESS EXCLUSIVE on public.users (blocks reads, writes); no rewrite;
// no scan; transactional".
func StepProperties(s Step) string {
	var parts []string
	if s.Lock.Level == "" {
		parts = append(parts, "no lock on existing tables")
	} else {
		l := "lock " + s.Lock.Level
		if len(s.Lock.Tables) > 0 {
			l += " on " + strings.Join(s.Lock.Tables, ", ")
		}
		switch {
		case s.Lock.BlocksReads && s.Lock.BlocksWrites:
			l += " (blocks reads and writes)"
		case s.Lock.BlocksWrites:
			l += " (blocks writes)"
		case s.Lock.BlocksReads:
			l += " (blocks reads)"
		default:
			l += " (blocks neither reads nor writes)"
		}
		parts = append(parts, l)
	}
	parts = append(parts, yesNo(s.Rewrite, "rewrites the table", "no rewrite"))
	parts = append(parts, yesNo(s.Scan, "scans every row", "no scan"))
	parts = append(parts, yesNo(s.Transactional, "transactional", "NOT transactional (runs outside a transaction)"))
	if s.DownLosesData {
		parts = append(parts, "rollback cannot restore the data")
	}
	return strings.Join(parts, "; ")
}

// finding writes one finding over two to four lines:
//
//	error   MB102 Column dropped  (step 2)
//	        ALTER TABLE ... DROP COLUMN deletes the values of public.users.phone
//	        schema.prisma:8; migration 1_x.up.sql:5
//	        data: 2,047 rows, about 3s
func (p *printer) finding(f Finding) {
	sev := f.Severity
	if f.Accepted {
		sev = "accepted"
	}
	p.f("  %-8s %s %s", sev, f.Code, f.Title)
	if f.Step > 0 {
		p.f("  (step %d)", f.Step)
	}
	p.f("\n           %s\n", f.Message)
	if loc := locations(f); loc != "" {
		p.f("           %s\n", loc)
	}
	if ev := EvidenceText(f.Evidence); ev != "" {
		p.f("           data: %s\n", ev)
	}
	if f.Accepted {
		reason := f.AcceptReason
		if reason == "" {
			reason = "no reason given"
		}
		p.f("           accepted (%s severity, not counted): %s\n", f.Severity, reason)
	}
}

// locations renders where a finding points: "schema.prisma:8; migration
// 1_x.up.sql:5".
func locations(f Finding) string {
	var parts []string
	if f.Source != "" {
		parts = append(parts, f.Source)
	}
	if f.MigrationFile != "" {
		parts = append(parts, fmt.Sprintf("migration %s:%d", f.MigrationFile, f.MigrationLine))
	}
	return strings.Join(parts, "; ")
}

func yesNo(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func hazardObject(h Hazard) string {
	if h.Column != "" {
		return h.Table + "." + h.Column
	}
	return h.Table
}

func renameFrom(r LikelyRename) string {
	if r.Table != "" && r.Kind != "table" {
		return r.Table + "." + r.From
	}
	return r.From
}

// printer remembers the first write error so renderers stay readable.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}
