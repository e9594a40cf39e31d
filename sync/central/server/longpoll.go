package server

import (
	"context"
	"strconv"
	"sync"
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
	var after <-chan struct{} // the wake that ended the last wait
	for {
		// Taken before the read: a commit between the read and the
		// wait closes it, so it is never missed.
		woken := s.store.FeedChanged(hallID)
		var p central.Page
		var err error
		if after == nil {
			p, err = s.store.Changes(ctx, hallID, c, limit)
		} else {
			p, err = s.wakeReads.read(ctx, readKey{after, hallID, c.Encode(), limit}, func(ctx context.Context) (central.Page, error) {
				return s.store.Changes(ctx, hallID, c, limit)
			})
		}
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
			after = woken
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

// One change wakes every kiosk of the hall at once, and most of them sit
// at the same cursor: they share one read of the feed instead of each
// running the same query (5,000 kiosks: one query, not 5,000). Only
// waiters woken by the same wake share, and the read starts after that
// wake, so it sees every change that wake was for.

type readKey struct {
	wake   <-chan struct{}
	hall   string
	cursor string
	limit  int
}

type sharedRead struct {
	done   chan struct{}
	p      central.Page
	err    error
	joined int // askers beyond the first, under wakeReads.mu
}

type wakeReads struct {
	mu sync.Mutex
	m  map[readKey]*sharedRead
}

// read runs fn once for the waiters that ask with the same key while it
// runs; the read itself does not end when the first asker leaves.
func (w *wakeReads) read(ctx context.Context, k readKey, fn func(context.Context) (central.Page, error)) (central.Page, error) {
	w.mu.Lock()
	r, ok := w.m[k]
	if !ok {
		if w.m == nil {
			w.m = map[readKey]*sharedRead{}
		}
		r = &sharedRead{done: make(chan struct{})}
		w.m[k] = r
	} else {
		r.joined++
	}
	w.mu.Unlock()
	if !ok {
		r.p, r.err = fn(context.WithoutCancel(ctx))
		w.mu.Lock()
		delete(w.m, k)
		w.mu.Unlock()
		close(r.done)
	}
	select {
	case <-r.done:
		return r.p, r.err
	case <-ctx.Done():
		return central.Page{}, ctx.Err()
	}
}
