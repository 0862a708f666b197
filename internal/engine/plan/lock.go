package plan

// PostgreSQL lock levels, as Lock.Level spells them (the names of the
// table-level lock modes in the PostgreSQL manual, "Explicit Locking").
const (
	// LockAccessExclusive blocks reads and writes: most ALTER TABLE forms,
	// DROP, RENAME.
	LockAccessExclusive = "ACCESS EXCLUSIVE"
	// LockShareRowExclusive blocks writes: ADD FOREIGN KEY (on both tables),
	// CREATE TRIGGER.
	LockShareRowExclusive = "SHARE ROW EXCLUSIVE"
	// LockShare blocks writes: CREATE INDEX without CONCURRENTLY.
	LockShare = "SHARE"
	// LockShareUpdateExclusive blocks neither reads nor writes (only other
	// schema changes): CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT,
	// COMMENT ON.
	LockShareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
)

// blocks says what a lock level stops other sessions from doing, per the
// conflict table of the PostgreSQL manual: only ACCESS EXCLUSIVE conflicts
// with ACCESS SHARE (SELECT); SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE and
// ACCESS EXCLUSIVE conflict with ROW EXCLUSIVE (INSERT, UPDATE, DELETE).
func blocks(level string) (reads, writes bool) {
	switch level {
	case LockAccessExclusive:
		return true, true
	case LockShareRowExclusive, LockShare, "EXCLUSIVE":
		return false, true
	}
	return false, false
}
