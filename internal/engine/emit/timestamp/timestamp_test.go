package timestamp

import (
	"testing"
	"time"
)

func TestNext(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 500, time.UTC)
	for _, tc := range []struct {
		name     string
		existing []string
		want     string
	}{
		{"empty history", nil, "20250601120000"},
		{"older migrations", []string{"20240101000000_init", "20250101000000_x.js"}, "20250601120000"},
		{"same second", []string{"20250601120000_init"}, "20250601120001"},
		{"clock behind the newest", []string{"20300101000000_future", "20250101000000_x"}, "20300101000001"},
		{"names without timestamps", []string{"migration_lock.toml", "001_init.up.sql"}, "20250601120000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Next(tc.existing, now).Format(Layout); got != tc.want {
				t.Fatalf("Next = %s, want %s", got, tc.want)
			}
		})
	}
}
