// Package timestamp names migrations by time, as Prisma, Knex and the
// timestamped SQL conventions do: a UTC YYYYMMDDHHMMSS prefix that sorts
// migrations in the order they run.
package timestamp

import "time"

// Layout is the UTC timestamp that starts a migration's name.
const Layout = "20060102150405"

// Leading returns the time of a name that starts with a 14-digit
// timestamp.
func Leading(name string) (time.Time, bool) {
	if len(name) < len(Layout) {
		return time.Time{}, false
	}
	t, err := time.Parse(Layout, name[:len(Layout)])
	return t, err == nil
}

// Next returns the timestamp of the next migration: now (UTC, whole
// seconds), or one second after the newest timestamp in existing when now
// would not sort after it.
func Next(existing []string, now time.Time) time.Time {
	ts := now.UTC().Truncate(time.Second)
	for _, name := range existing {
		if t, ok := Leading(name); ok && !ts.After(t) {
			ts = t.Add(time.Second)
		}
	}
	return ts
}
