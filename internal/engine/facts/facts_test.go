package facts

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/migrate-bot/migrate-bot/internal/engine/lint"
	"github.com/migrate-bot/migrate-bot/internal/engine/lint/rules"
)

// A scenario per dialect: one migration that makes email NOT NULL, adds a
// unique key on code, a foreign key to customers, a check on qty, shortens
// note to 10 characters, converts amount from text to integer and (where
// there are enums) removes 'pending'. The seed adds, next to 1,000 clean
// rows, exactly: 3 NULL emails, 2 duplicate groups of code, 4 orphans, 5
// rows with qty 0 (and one NULL qty, which a check accepts), 7 'pending'
// rows, 6 notes of 20 characters, and values of amount that do not
// convert.
type scenario struct {
	before, after, clean, dirty string
	// notFitting is the expected count for amount (dialects differ).
	notFitting int64
	enum       bool
}

var scenarios = map[string]scenario{
	"postgres": {
		before: `CREATE TYPE status AS ENUM ('pending', 'paid', 'cancelled');
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, email text, code text, qty integer,
  note text, status status NOT NULL DEFAULT 'paid', amount text)`,
		after: `CREATE TYPE status AS ENUM ('paid', 'cancelled');
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, email text NOT NULL, code text, qty integer,
  note varchar(10), status status NOT NULL DEFAULT 'paid', amount integer,
  CONSTRAINT orders_code_key UNIQUE (code),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT orders_qty_check CHECK (qty > 0))`,
		clean: `INSERT INTO customers SELECT g FROM generate_series(1, 10) g;
INSERT INTO orders (id, customer_id, email, code, qty, note, status, amount)
  SELECT g, g % 10 + 1, 'a@b.c', 'c' || g, 1, 'short', 'paid', (g * 7)::text FROM generate_series(1, 1000) g`,
		dirty: `INSERT INTO orders (id, email, code, qty, note, amount) VALUES
  (2001, NULL, 'n1', 1, 'x', '1'), (2002, NULL, 'n2', 1, 'x', '1'), (2003, NULL, 'n3', 1, 'x', '1'),
  (2011, 'e', 'dup1', 1, 'x', '1'), (2012, 'e', 'dup1', 1, 'x', '1'), (2013, 'e', 'dup1', 1, 'x', '1'),
  (2014, 'e', 'dup2', 1, 'x', '1'), (2015, 'e', 'dup2', 1, 'x', '1'),
  (2031, 'e', 'q1', 0, 'x', '1'), (2032, 'e', 'q2', 0, 'x', '1'), (2033, 'e', 'q3', 0, 'x', '1'),
  (2034, 'e', 'q4', 0, 'x', '1'), (2035, 'e', 'q5', 0, 'x', '1'), (2036, 'e', 'q6', NULL, 'x', '1'),
  (2041, 'e', 'l1', 1, 'twenty characters!!!', '1'), (2042, 'e', 'l2', 1, 'twenty characters!!!', '1'),
  (2043, 'e', 'l3', 1, 'twenty characters!!!', '1'), (2044, 'e', 'l4', 1, 'twenty characters!!!', '1'),
  (2045, 'e', 'l5', 1, 'twenty characters!!!', '1'), (2046, 'e', 'l6', 1, 'ten chars!', '1'),
  (2047, 'e', 'l7', 1, 'twenty characters!!!', '1'),
  (2051, 'e', 'a1', 1, 'x', 'abc'), (2052, 'e', 'a2', 1, 'x', '1.5'), (2053, 'e', 'a3', 1, 'x', '99999999999'),
  (2054, 'e', 'a4', 1, 'x', ' -42 '), (2055, 'e', 'a5', 1, 'x', '');
INSERT INTO orders (id, customer_id, email, code, qty, note, amount) VALUES
  (2021, 999, 'e', 'o1', 1, 'x', '1'), (2022, 999, 'e', 'o2', 1, 'x', '1'),
  (2023, 998, 'e', 'o3', 1, 'x', '1'), (2024, 998, 'e', 'o4', 1, 'x', '1');
INSERT INTO orders (id, email, code, qty, note, status, amount)
  SELECT 3000 + g, 'e', 'p' || g, 1, 'x', 'pending', '1' FROM generate_series(1, 7) g`,
		notFitting: 4, // abc, 1.5, 99999999999, '' (' -42 ' converts)
		enum:       true,
	},
}

// TestCollectCounts seeds each dialect's offending rows and requires the
// exact numbers, then the same migration on clean data and requires zeros.
func TestCollectCounts(t *testing.T) {
	for name, sc := range scenarios {
		t.Run(name+"/dirty", func(t *testing.T) {
			tg := newTarget(t, name, sc.before, sc.after, sc.clean+";\n"+sc.dirty)
			m := tg.collect(t, Options{})
			want := map[string]int64{
				"rows orders": 1037, "nulls orders.email": 3, "duplicates orders(code)": 2,
				"orphans orders.orders_customer_fk": 4, "violating orders.orders_qty_check": 5,
				"not-fitting orders.note": 6, "not-fitting orders.amount": sc.notFitting,
			}
			if sc.enum {
				want["enum-uses orders.status=pending"] = 7
			}
			checkFacts(t, tg, m, want)
		})
		t.Run(name+"/clean", func(t *testing.T) {
			tg := newTarget(t, name, sc.before, sc.after, sc.clean)
			m := tg.collect(t, Options{})
			want := map[string]int64{
				"rows orders": 1000, "nulls orders.email": 0, "duplicates orders(code)": 0,
				"orphans orders.orders_customer_fk": 0, "violating orders.orders_qty_check": 0,
				"not-fitting orders.note": 0, "not-fitting orders.amount": 0,
			}
			if sc.enum {
				want["enum-uses orders.status=pending"] = 0
			}
			checkFacts(t, tg, m, want)
		})
	}
}

// checkFacts compares facts given as "kind key" (key without the
// default namespace) with what m holds.
func checkFacts(t *testing.T, tg *target, m *Measured, want map[string]int64) {
	t.Helper()
	ns := ""
	if tg.d.Name == "postgres" {
		ns = "public."
	}
	maps := map[string]map[string]int64{"rows": m.Rows, "nulls": m.Nulls, "duplicates": m.Duplicates,
		"orphans": m.OrphanRows, "violating": m.Violating, "enum-uses": m.EnumUses, "not-fitting": m.NotFitting}
	for fact, n := range want {
		kind, key, _ := strings.Cut(fact, " ")
		got, ok := maps[kind][ns+key]
		if !ok {
			t.Errorf("%s: unknown; unknown facts: %+v; have %v", fact, m.Unknown, maps[kind])
			continue
		}
		if got != n {
			t.Errorf("%s = %d, want %d", fact, got, n)
		}
	}
	if len(m.Unknown) > 0 {
		t.Errorf("unknown facts: %+v", m.Unknown)
	}
}

// TestEndToEnd plans, collects and lints: the numbers reach the rules'
// messages, with thousands separators.
func TestEndToEnd(t *testing.T) {
	sc := scenarios["postgres"]
	tg := newTarget(t, "postgres", sc.before, sc.after, sc.clean+";\n"+sc.dirty+`;
INSERT INTO orders (id, email, code, qty, note, status, amount)
  SELECT 10000 + g, 'e', 'pp' || g, 1, 'x', 'pending', '1' FROM generate_series(1, 2040) g`)
	f, err := Collect(context.Background(), tg.db, tg.d, tg.from, tg.plan, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := &lint.Context{Plan: tg.plan, From: tg.from, To: tg.to, Dialect: tg.d, Facts: f}
	findings := rules.Run(ctx, lint.Config{})
	wants := map[string]string{
		"MB104": "2,047 rows in public.orders.status use 'pending'",
		"MB302": "the data has 3 NULL values now",
		"MB303": "the data has 2 duplicate groups now",
		"MB304": "the data has 4 orphan rows now",
		"MB305": "the data has 5 violating rows now",
		"MB103": "the data has 6 values that do not fit now",
	}
	for code, want := range wants {
		found := false
		for _, fd := range findings {
			if fd.Code == code && strings.Contains(fd.Message, want) {
				found = true
				if fd.Severity != lint.Error {
					t.Errorf("%s: severity %s, want error", code, fd.Severity)
				}
			}
		}
		if !found {
			var msgs []string
			for _, fd := range findings {
				msgs = append(msgs, fd.Code+" "+fd.Message)
			}
			t.Errorf("no %s finding containing %q; findings:\n%s", code, want, strings.Join(msgs, "\n"))
		}
	}
}

// TestSampledEstimates forces the big-table path on PostgreSQL: counts
// come from a TABLESAMPLE (here of every page, so exact) and are marked
// estimated; a sample that finds none is confirmed by a search.
func TestSampledEstimates(t *testing.T) {
	sc := scenarios["postgres"]
	tg := newTarget(t, "postgres", sc.before, sc.after, sc.clean+";\n"+sc.dirty)
	m := tg.collect(t, Options{ExactCountBelow: 10, SampleRows: 1_000_000})
	if m.Nulls["public.orders.email"] != 3 || m.Violating["public.orders.orders_qty_check"] != 5 {
		t.Errorf("nulls %d violating %d, want 3 and 5", m.Nulls["public.orders.email"], m.Violating["public.orders.orders_qty_check"])
	}
	if how := m.Estimated["nulls public.orders.email"]; !strings.Contains(how, "sample") {
		t.Errorf("nulls estimated %q, want a sample", how)
	}
	if how := m.Estimated["rows public.orders"]; how != "statistics" {
		t.Errorf("rows estimated %q, want statistics", how)
	}
}

// TestTimeoutLeavesFactUnknown: a query that runs past the statement
// timeout leaves its fact unknown with the reason, and the other facts
// are still read (the transaction survives the cancelled statement).
func TestTimeoutLeavesFactUnknown(t *testing.T) {
	before := `CREATE TABLE slow (id bigint PRIMARY KEY, v integer, w text)`
	after := `CREATE TABLE slow (id bigint PRIMARY KEY, v integer, w text NOT NULL,
  CONSTRAINT slow_v_check CHECK (pg_sleep(0.05) IS NOT NULL OR v > 0))`
	tg := newTarget(t, "postgres", before, after, `INSERT INTO slow SELECT g, g, 'x' FROM generate_series(1, 50) g`)
	m := tg.collect(t, Options{StatementTimeout: 300 * time.Millisecond})
	if _, ok := m.ViolatingRows(tg.plan.Steps[0].Lock.Tables[0], tg.to.Tables[0].Checks[0]); ok {
		t.Error("violating rows known, want unknown after the timeout")
	}
	var reasons []string
	for _, u := range m.Unknown {
		reasons = append(reasons, u.Fact+": "+u.Reason)
	}
	if got := strings.Join(reasons, "; "); got != "violating public.slow.slow_v_check: timed out after 300ms" {
		t.Errorf("unknown: %s", got)
	}
	if n, ok := m.NullCount(tg.plan.Steps[0].Lock.Tables[0], "w"); !ok || n != 0 {
		t.Errorf("nulls of w: %d %v, want 0 after the timed-out query", n, ok)
	}
}

// TestDurations: step durations come from the size and the rates.
func TestDurations(t *testing.T) {
	sc := scenarios["postgres"]
	tg := newTarget(t, "postgres", sc.before, sc.after, sc.clean)
	m := tg.collect(t, Options{Rates: Rates{Rewrite: 1.0 / (1 << 20), IndexBuild: 2.0 / (1 << 20), Scan: 4.0 / (1 << 20)}})
	bytes := m.Bytes["public.orders"]
	if bytes == 0 {
		t.Fatal("no size for orders")
	}
	var kinds []string
	for _, st := range tg.plan.Steps {
		d, ok := m.StepDuration(st)
		if !ok {
			continue
		}
		switch {
		case st.Rewrite && d == time.Duration(bytes)*time.Second:
			kinds = append(kinds, "rewrite")
		case st.Scan && (d == time.Duration(bytes)*time.Second/2 || d == time.Duration(bytes)*time.Second/4):
			kinds = append(kinds, "scan")
		default:
			t.Errorf("step %s %v: duration %v for %d bytes", st.Change.Kind(), st.Up, d, bytes)
		}
	}
	if len(kinds) == 0 || m.Durations["public.orders"] != time.Duration(bytes)*time.Second {
		t.Errorf("kinds %v, table duration %v, want the rewrite's %ds", kinds, m.Durations["public.orders"], bytes)
	}
	_ = fmt.Sprint
}

// TestEndToEndLongStep: with slow rates the amount rewrite holds its
// ACCESS EXCLUSIVE lock past 5s, and MB419 says so with the estimate.
func TestEndToEndLongStep(t *testing.T) {
	sc := scenarios["postgres"]
	tg := newTarget(t, "postgres", sc.before, sc.after, sc.clean)
	f, err := Collect(context.Background(), tg.db, tg.d, tg.from, tg.plan, Options{Rates: Rates{Rewrite: 0.01, IndexBuild: 0.01, Scan: 0.01}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := &lint.Context{Plan: tg.plan, From: tg.from, To: tg.to, Dialect: tg.d, Facts: f}
	var msgs []string
	for _, fd := range rules.Run(ctx, lint.Config{}) {
		if fd.Code == "MB419" {
			msgs = append(msgs, fd.Message)
		}
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, "rewrites public.orders (1,000 rows) holding an ACCESS EXCLUSIVE lock on public.orders (blocks reads and writes) for about") {
		t.Errorf("MB419 messages:\n%s", joined)
	}
}

func init() {
	scenarios["mariadb"] = scenario{
		before: "CREATE TABLE customers (id bigint PRIMARY KEY);\n" +
			"CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, email varchar(100), code varchar(50), qty int,\n" +
			"  note varchar(100), status enum('pending','paid','cancelled') NOT NULL DEFAULT 'paid', amount varchar(20))",
		after: "CREATE TABLE customers (id bigint PRIMARY KEY);\n" +
			"CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, email varchar(100) NOT NULL, code varchar(50), qty int,\n" +
			"  note varchar(10), status enum('paid','cancelled') NOT NULL DEFAULT 'paid', amount int,\n" +
			"  UNIQUE KEY orders_code_key (code), KEY orders_customer_idx (customer_id),\n" +
			"  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),\n" +
			"  CONSTRAINT orders_qty_check CHECK (qty > 0))",
		clean: "INSERT INTO customers SELECT seq FROM seq_1_to_10;\n" +
			"INSERT INTO orders (id, customer_id, email, code, qty, note, status, amount)\n" +
			"  SELECT seq, seq % 10 + 1, 'a@b.c', concat('c', seq), 1, 'short', 'paid', seq * 7 FROM seq_1_to_1000",
		dirty: strings.ReplaceAll(strings.ReplaceAll(scenarios["postgres"].dirty, "generate_series(1, 7) g", "seq_1_to_7"),
			"SELECT 3000 + g, 'e', 'p' || g,", "SELECT 3000 + seq, 'e', concat('p', seq),"),
		notFitting: 4, // abc, 1.5, 99999999999, ''
		enum:       true,
	}
	scenarios["sqlite"] = scenario{
		before: `CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, email text, code text, qty integer,
  note varchar(100), amount text)`,
		after: `CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, email text NOT NULL, code text, qty integer,
  note varchar(10), amount integer,
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT orders_qty_check CHECK (qty > 0));
CREATE UNIQUE INDEX orders_code_key ON orders (code)`,
		clean: `INSERT INTO customers WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM g WHERE i < 10) SELECT i FROM g;
INSERT INTO orders (id, customer_id, email, code, qty, note, amount)
  WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM g WHERE i < 1000)
  SELECT i, i % 10 + 1, 'a@b.c', 'c' || i, 1, 'short', CAST(i * 7 AS text) FROM g`,
		dirty: strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(scenarios["postgres"].dirty, ", status,", ","), "'pending', ", ""),
			"FROM generate_series(1, 7) g", "FROM (WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g+1 FROM s WHERE g < 7) SELECT g FROM s)"),
		notFitting: 3, // abc, 1.5, '' stay text; 99999999999 fits 64 bits
	}
}
