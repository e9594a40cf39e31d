package server

import (
	"context"
	"strconv"
	"time"

	"onestop/sync/central"
	"onestop/sync/wire"
)

// The long poll (docs/protocol.md, Pull): a pull with wait=N on a cursor
// that is up to date is held until the hall's feed moves or N seconds
// pass. A held request costs its own goroutine, one timer and a share of
// the hall's wake channel (sync/central/hub); nothing else.

// waitParam reads wait=N: absent is 0 (answer at once), else 1 to
// wire.MaxWait seconds.
func waitParam(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > wire.MaxWait {
		return 0, invalidField("wait", "wait must be a whole number of seconds from 1 to "+strconv.Itoa(wire.MaxWait))
	}
	return time.Duration(n) * time.Second, nil
}

// upToDate: the page brings nothing and nothing more is waiting.
func upToDate(p central.Page) bool { return len(p.Changes) == 0 && !p.HasMore && !p.Reset }

// changesWaiting reads the hall's page after c; with a wait, while it is
// up to date, it waits for the hall's next commit (then reads again)
// until the wait is over, the kiosk leaves or the server stops.
func (s *Server) changesWaiting(ctx context.Context, hallID string, c central.Cursor, limit int, wait time.Duration) (central.Page, error) {
	if wait <= 0 {
		return s.store.Changes(ctx, hallID, c, limit)
	}
	var expired <-chan time.Time
	for {
		// Taken before the read: a commit between the read and the
		// wait closes it, so it is never missed.
		woken := s.store.FeedChanged(hallID)
		p, err := s.store.Changes(ctx, hallID, c, limit)
		if err != nil || !upToDate(p) {
			return p, err
		}
		if expired == nil {
			var stop func()
			expired, stop = s.timer(wait)
			defer stop()
		}
		select {
		case <-woken: // read again: a wake may bring nothing new
		case <-expired:
			return p, nil
		case <-s.stop:
			return p, nil
		case <-ctx.Done():
			return p, ctx.Err()
		}
	}
}

func (s *Server) timer(d time.Duration) (<-chan time.Time, func()) {
	if s.WaitTimer != nil {
		return s.WaitTimer(d)
	}
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// StopWaits answers every held long poll now, and later ones at once,
// so that a shutdown does not wait out their time (http.Server's
// RegisterOnShutdown).
func (s *Server) StopWaits() { s.stopOnce.Do(func() { close(s.stop) }) }
