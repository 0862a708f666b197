package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// minCorpus is the size issue 5 asks of the scenario corpus.
const minCorpus = 120

// score compares a case's expected findings with those produced, as
// multisets of expect lines (code, severity, object, schema line,
// accepted): tp are expected and produced, fp produced but not expected,
// fn expected but not produced.
func score(expect, got []string) (tp, fp, fn int) {
	left := slices.Clone(got)
	for _, e := range expect {
		if i := slices.Index(left, e); i >= 0 {
			tp++
			left = slices.Delete(left, i, i+1)
		} else {
			fn++
		}
	}
	return tp, len(left), fn
}

func TestScore(t *testing.T) {
	tests := []struct {
		expect, got []string
		tp, fp, fn  int
	}{
		{[]string{"MB101 error public.t 1"}, []string{"MB101 error public.t 1"}, 1, 0, 0},
		{[]string{"MB101 error public.t 1"}, nil, 0, 0, 1},
		{nil, []string{"MB101 error public.t 1"}, 0, 1, 0},
		{[]string{"MB101 error public.t 1"}, []string{"MB101 warning public.t 1"}, 0, 1, 1},
		{[]string{"A", "A"}, []string{"A"}, 1, 0, 1},
	}
	for i, tc := range tests {
		if tp, fp, fn := score(tc.expect, tc.got); tp != tc.tp || fp != tc.fp || fn != tc.fn {
			t.Errorf("case %d: score = %d/%d/%d, want %d/%d/%d", i, tp, fp, fn, tc.tp, tc.fp, tc.fn)
		}
	}
}

// tally is true positives, false positives and false negatives.
type tally struct{ tp, fp, fn int }

func (t *tally) add(tp, fp, fn int) { t.tp += tp; t.fp += fp; t.fn += fn }

func (t tally) String() string {
	p, r := 1.0, 1.0
	if t.tp+t.fp > 0 {
		p = float64(t.tp) / float64(t.tp+t.fp)
	}
	if t.tp+t.fn > 0 {
		r = float64(t.tp) / float64(t.tp+t.fn)
	}
	return fmt.Sprintf("precision %.3f, recall %.3f (%d matched, %d unexpected, %d missed)", p, r, t.tp, t.fp, t.fn)
}

// TestCorpus runs the whole scenario corpus (every testdata/<CODE>/*.txtar:
// a before and an after schema, a dialect and version, optional data facts
// standing in for seed data, and the expected findings with codes and
// schema lines) and reports precision and recall over it, overall, per
// dialect and per rule code. Each case scores the codes it checks (its
// directory's code, or those its options name with check; `check all`
// scores every rule), as the harness compares them: findings of other
// rules in the same scenario are not counted either way. It fails when
// the corpus is smaller than
// issue 5 asks or when any case produces a finding it does not expect or
// misses one it does (then precision or recall is below 1).
func TestCorpus(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < minCorpus {
		t.Errorf("corpus has %d scenarios, want at least %d", len(paths), minCorpus)
	}
	var total tally
	byDialect, byCode := map[string]*tally{}, map[string]*tally{}
	var firing, quiet, withFacts int
	var mismatched []string
	for _, path := range paths {
		c := readCase(t, path)
		code := filepath.Base(filepath.Dir(path))
		res := runCase(t, c, code)
		tp, fp, fn := score(c.expect, res.got)
		total.add(tp, fp, fn)
		if byDialect[c.dialect] == nil {
			byDialect[c.dialect] = &tally{}
		}
		byDialect[c.dialect].add(tp, fp, fn)
		// Per code: attribute each line to the code it names.
		for _, set := range []struct {
			lines []string
			kind  int
		}{{c.expect, 0}, {res.got, 1}} {
			for _, l := range set.lines {
				lc, _, _ := strings.Cut(l, " ")
				if byCode[lc] == nil {
					byCode[lc] = &tally{}
				}
				matched := slices.Contains(c.expect, l) && slices.Contains(res.got, l)
				switch {
				case matched && set.kind == 0:
					byCode[lc].tp++
				case !matched && set.kind == 0:
					byCode[lc].fn++
				case !matched && set.kind == 1:
					byCode[lc].fp++
				}
			}
		}
		if len(c.expect) > 0 {
			firing++
		} else {
			quiet++
		}
		if len(c.facts) > 0 {
			withFacts++
		}
		if fp > 0 || fn > 0 {
			mismatched = append(mismatched, fmt.Sprintf("%s: expected %v, produced %v", path, c.expect, res.got))
		}
	}
	t.Logf("corpus: %d scenarios (%d expect findings, %d expect none, %d with data facts)", len(paths), firing, quiet, withFacts)
	t.Logf("overall: %s", total)
	dialects := make([]string, 0, len(byDialect))
	for d := range byDialect {
		dialects = append(dialects, d)
	}
	sort.Strings(dialects)
	for _, d := range dialects {
		t.Logf("  %-8s %s", d, byDialect[d])
	}
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		if tl := byCode[c]; tl.fp > 0 || tl.fn > 0 || testing.Verbose() {
			t.Logf("  %s %s", c, tl)
		}
	}
	if total.tp+total.fn == 0 {
		t.Fatal("the corpus expects no findings at all: recall is meaningless")
	}
	for _, m := range mismatched {
		t.Errorf("mismatch: %s", m)
	}
}
