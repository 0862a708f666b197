package rules

import (
	"testing"
	"time"
)

func TestAboutDuration(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{40 * time.Millisecond, "under 1s"},
		{1500 * time.Millisecond, "about 1.5s"},
		{150 * time.Second, "about 2m30s"},
	} {
		if got := aboutDuration(tt.d); got != tt.want {
			t.Errorf("aboutDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
