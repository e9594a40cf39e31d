package kiosk_test

import (
	"testing"
	"time"

	"onestop/kiosk"
)

func TestNightlyRestartDue(t *testing.T) {
	loc := kiosk.DefaultLocation()
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
	cases := []struct {
		started, now time.Time
		hour         int
		want         bool
	}{
		{at(3, 9, 0), at(3, 23, 59), 4, false},
		{at(3, 9, 0), at(4, 4, 0), 4, true},
		{at(4, 3, 59), at(4, 4, 0), 4, true},
		{at(4, 4, 0), at(4, 4, 30), 4, false}, // started by the restart itself
		{at(4, 4, 1), at(5, 3, 0), 4, false},
		{at(3, 9, 0), at(9, 9, 0), 24, false}, // off
		{at(3, 23, 0), at(4, 0, 0), 0, true},
	}
	for _, c := range cases {
		if got := kiosk.NightlyRestartDue(c.started, c.now, c.hour); got != c.want {
			t.Errorf("started %s, now %s, hour %d: %v, want %v", c.started, c.now, c.hour, got, c.want)
		}
	}
}
