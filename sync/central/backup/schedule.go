package backup

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"onestop/kiosk"
)

// retryAfter spaces attempts after a failed backup (a full disk, say),
// rather than copying a large database every tick.
const retryAfter = 10 * time.Minute

// Schedule backs a database up once an hour into Dir and rotates the
// copies by Policy. Tick does the work when it is due and is what tests
// drive with a fake clock; Run calls it on a real ticker.
type Schedule struct {
	DB, Dir string
	Policy  Policy
	Clock   kiosk.Clock
	Log     *slog.Logger
	// Done, when set, hears the time of each good backup, and of the
	// newest one found at start (for /metrics' last-backup gauge).
	Done func(time.Time)

	failedAt time.Time
	last     atomic.Int64 // unix nanoseconds of the last good backup, 0 if none yet
}

// Tick takes a backup if none was taken in the current hour, then
// rotates; it reports the backup's path, "" if none was due.
func (s *Schedule) Tick(ctx context.Context) (string, error) {
	now := s.Clock.Now()
	if !s.failedAt.IsZero() && now.Sub(s.failedAt) < retryAfter && !now.Before(s.failedAt) {
		return "", nil
	}
	last, err := Last(s.Dir)
	if err != nil {
		return "", err
	}
	// A clock set back leaves the newest backup in the future: due too.
	if !last.IsZero() && now.Truncate(time.Hour).Equal(last.Truncate(time.Hour)) {
		s.done(last)
		return "", nil
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(s.Dir, Name(now))
	if _, err := Copy(ctx, s.DB, path); err != nil {
		s.failedAt = now
		return "", err
	}
	s.failedAt = time.Time{}
	s.done(now.Truncate(time.Second))
	gone, err := Rotate(s.Dir, s.Policy)
	if len(gone) > 0 && s.Log != nil {
		s.Log.Info("backups rotated out", "removed", gone)
	}
	return path, err
}

func (s *Schedule) done(t time.Time) {
	if s.last.Swap(t.UnixNano()) != t.UnixNano() && s.Done != nil {
		s.Done(t)
	}
}

// Last is the time of the last good backup this schedule knows of,
// zero before its first tick found or made one. It is cheap and safe to
// call from any goroutine (for /metrics).
func (s *Schedule) Last() time.Time {
	if n := s.last.Load(); n != 0 {
		return time.Unix(0, n).UTC()
	}
	return time.Time{}
}

// Run ticks every tick until ctx ends, logging each outcome.
func (s *Schedule) Run(ctx context.Context, tick <-chan time.Time) {
	for {
		if path, err := s.Tick(ctx); err != nil {
			s.Log.Error("backup", "err", err)
		} else if path != "" {
			s.Log.Info("backed up", "path", path)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}
