package backup

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Policy says how many backups of each age to keep: the newest of each
// of the last Hourly hours, Daily days and Weekly ISO weeks that have a
// backup (UTC). Counting buckets that hold a backup, not calendar ones,
// keeps a full set after central was down for a while.
type Policy struct{ Hourly, Daily, Weekly int }

// DefaultPolicy keeps 24 hourly, 14 daily and 8 weekly backups.
var DefaultPolicy = Policy{Hourly: 24, Daily: 14, Weekly: 8}

// File is a backup in the rotation: its name and when it was taken.
type File struct {
	Name string
	At   time.Time
}

// Keep returns the names of files the policy keeps; the rest may go.
func (p Policy) Keep(files []File) map[string]bool {
	newest := slices.Clone(files)
	slices.SortFunc(newest, func(a, b File) int { return b.At.Compare(a.At) })
	keep := map[string]bool{}
	for _, r := range []struct {
		n      int
		bucket func(time.Time) string
	}{
		{p.Hourly, func(t time.Time) string { return t.UTC().Format("2006-01-02T15") }},
		{p.Daily, func(t time.Time) string { return t.UTC().Format(time.DateOnly) }},
		{p.Weekly, func(t time.Time) string {
			y, w := t.UTC().ISOWeek()
			return fmt.Sprintf("%04d-W%02d", y, w)
		}},
	} {
		last, kept := "", 0
		for _, f := range newest {
			if kept == r.n {
				break
			}
			if b := r.bucket(f.At); b != last {
				keep[f.Name], last = true, b
				kept++
			}
		}
	}
	return keep
}

// Backups in a directory are named for their time, so the rotation and
// Last need nothing but the names; temporaries start with a dot.
const (
	prefix = "central-"
	suffix = ".db"
	stamp  = "20060102T150405Z"
)

// Name is the file name of a backup taken at t.
func Name(t time.Time) string { return prefix + t.UTC().Format(stamp) + suffix }

// List returns the backups in dir, oldest first; other files are not
// its business and are left out.
func List(dir string) ([]File, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []File
	for _, e := range es {
		s, ok := strings.CutPrefix(e.Name(), prefix)
		if s, ok2 := strings.CutSuffix(s, suffix); ok && ok2 && e.Type().IsRegular() {
			if t, err := time.Parse(stamp, s); err == nil {
				files = append(files, File{Name: e.Name(), At: t})
			}
		}
	}
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.At.UnixNano(), b.At.UnixNano()) })
	return files, nil
}

// Last is when the newest backup in dir was taken, zero if none. Only
// checked copies get a backup's name (Copy renames them last), so this
// is the last successful backup: what /metrics reports as
// onestop_last_backup_timestamp_seconds.
func Last(dir string) (time.Time, error) {
	files, err := List(dir)
	if err != nil || len(files) == 0 {
		if errors.Is(err, os.ErrNotExist) {
			err = nil
		}
		return time.Time{}, err
	}
	return files[len(files)-1].At, nil
}

// Rotate removes the backups in dir the policy does not keep and returns
// their names.
func Rotate(dir string, p Policy) ([]string, error) {
	files, err := List(dir)
	if err != nil {
		return nil, err
	}
	keep := p.Keep(files)
	var gone []string
	var errs []error
	for _, f := range files {
		if keep[f.Name] {
			continue
		}
		if err := os.Remove(filepath.Join(dir, f.Name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		gone = append(gone, f.Name)
	}
	return gone, errors.Join(errs...)
}
