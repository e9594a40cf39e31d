package backup_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"onestop/kiosk/kiosktest"
	"onestop/sync/central/backup"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPolicyKeep(t *testing.T) {
	files := func(ts ...string) []backup.File {
		var fs []backup.File
		for _, s := range ts {
			fs = append(fs, backup.File{Name: s, At: at(s)})
		}
		return fs
	}
	for _, c := range []struct {
		name  string
		p     backup.Policy
		files []backup.File
		want  []string
	}{
		{"newest of each hour, day and ISO week", backup.Policy{Hourly: 2, Daily: 2, Weekly: 2}, files(
			"2026-11-23T10:00:00Z",                         // Monday, week 48
			"2026-11-29T22:00:00Z",                         // Sunday, week 48: its newest
			"2026-12-01T09:00:00Z",                         // Tuesday, week 49
			"2026-12-02T22:00:00Z", "2026-12-02T23:00:00Z", // Wednesday: its newest
			"2026-12-03T08:00:00Z", "2026-12-03T08:30:00Z", "2026-12-03T09:00:00Z",
		), []string{"2026-11-29T22:00:00Z", "2026-12-02T23:00:00Z", "2026-12-03T08:30:00Z", "2026-12-03T09:00:00Z"}},
		// Central was off for ten days: the hours before it are still kept.
		{"a gap keeps the last backups before it", backup.Policy{Hourly: 3}, files(
			"2026-11-20T07:00:00Z", "2026-11-20T08:00:00Z", "2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z",
			"2026-12-01T00:00:00Z",
		), []string{"2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z", "2026-12-01T00:00:00Z"}},
		{"order of the input does not matter", backup.Policy{Daily: 1}, files(
			"2026-12-03T09:00:00Z", "2026-12-03T23:59:59Z", "2026-12-03T00:00:00Z",
		), []string{"2026-12-03T23:59:59Z"}},
		{"nothing to keep", backup.Policy{}, files("2026-12-03T09:00:00Z"), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for n := range c.p.Keep(c.files) {
				got = append(got, n)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("kept %v, want %v", got, c.want)
			}
		})
	}
}

// Sixty days of hourly backups rotate down to 24 hourly, 14 daily and 8
// weekly: the newest of each, nothing else, and foreign files stay.
func TestRotateDefault(t *testing.T) {
	dir := t.TempDir()
	now := at("2026-12-03T09:00:00Z") // Thursday
	for h := range 60 * 24 {
		must(t, os.WriteFile(filepath.Join(dir, backup.Name(now.Add(-time.Duration(h)*time.Hour))), nil, 0o600))
	}
	must(t, os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o600))
	gone, err := backup.Rotate(dir, backup.DefaultPolicy)
	must(t, err)
	left, err := backup.List(dir)
	must(t, err)
	if len(gone)+len(left) != 60*24 {
		t.Fatalf("%d removed + %d left, want %d", len(gone), len(left), 60*24)
	}
	kept := map[time.Time]bool{}
	for _, f := range left {
		kept[f.At] = true
	}
	want := map[time.Time]bool{}
	for h := range 24 {
		want[now.Add(-time.Duration(h)*time.Hour)] = true
	}
	for d := 1; d < 14; d++ { // today's newest is the newest hourly
		want[time.Date(2026, 12, 3-d, 23, 0, 0, 0, time.UTC)] = true
	}
	for w := 1; w < 8; w++ { // ISO weeks end on Sunday 23:00
		want[time.Date(2026, 11, 29-7*(w-1), 23, 0, 0, 0, time.UTC)] = true
	}
	for ts := range want {
		if !kept[ts] {
			t.Errorf("%s removed, want kept", ts)
		}
	}
	for ts := range kept {
		if !want[ts] {
			t.Errorf("%s kept, want removed", ts)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Errorf("a file not a backup was touched: %v", err)
	}
}

// The schedule, on the fake clock: one backup per hour, rotated, the
// last good one readable; a failure waits before it tries again.
func TestSchedule(t *testing.T) {
	ctx := context.Background()
	clock := kiosktest.NewClock(at("2026-12-03T09:10:00Z"))
	_, db := running(t, t.TempDir(), clock, 3)
	dir := filepath.Join(t.TempDir(), "backups")
	var heard []time.Time // what the metrics gauge would hear
	s := &backup.Schedule{DB: db, Dir: dir, Policy: backup.Policy{Hourly: 2}, Clock: clock,
		Done: func(t time.Time) { heard = append(heard, t) }}
	if !s.Last().IsZero() {
		t.Fatal("last backup before any")
	}
	tick := func(wantNew bool) {
		t.Helper()
		path, err := s.Tick(ctx)
		must(t, err)
		if (path != "") != wantNew {
			t.Fatalf("at %s: backup %q, want one: %v", clock.Now(), path, wantNew)
		}
	}
	tick(true)
	clock.Advance(40 * time.Minute) // 09:50, same hour
	tick(false)
	for range 3 {
		clock.Advance(time.Hour)
		tick(true)
	}
	files, err := backup.List(dir)
	must(t, err)
	if len(files) != 2 || !files[1].At.Equal(at("2026-12-03T12:50:00Z")) {
		t.Fatalf("after rotation %v", files)
	}
	if last, err := backup.Last(dir); err != nil || !last.Equal(files[1].At) || !s.Last().Equal(last) {
		t.Fatalf("Last %v %v, schedule's %v", last, err, s.Last())
	}
	if len(heard) != 4 || !heard[3].Equal(files[1].At) {
		t.Errorf("Done heard %v, want the four backups", heard)
	}
	fi, err := os.Stat(dir)
	must(t, err)
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("backup directory mode %o", fi.Mode().Perm())
	}

	// The database goes missing: the backup fails, is not retried at
	// once, and is after the pause.
	s.DB = filepath.Join(t.TempDir(), "gone.db")
	clock.Advance(time.Hour)
	if _, err := s.Tick(ctx); err == nil {
		t.Fatal("backup of a missing database succeeded")
	}
	clock.Advance(5 * time.Minute)
	tick(false) // waiting, no error
	s.DB = db
	clock.Advance(5 * time.Minute)
	tick(true)
	if !s.Last().Equal(at("2026-12-03T14:00:00Z")) {
		t.Errorf("last %v", s.Last())
	}
}

func TestLastOfNoBackups(t *testing.T) {
	if last, err := backup.Last(filepath.Join(t.TempDir(), "none")); err != nil || !last.IsZero() {
		t.Errorf("%v %v", last, err)
	}
}
