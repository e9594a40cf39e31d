package client

import (
	"context"
	"fmt"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

const (
	// maxBlockedRetries bounds how often one page waits for a push.
	maxBlockedRetries = 3
	// maxChangesPerTx bounds the pages applied in one local transaction:
	// a large pull commits (one fsync each) every few pages, not every page.
	maxChangesPerTx = 5000
	// prefetch is how many pages may be fetched ahead of the one applied.
	prefetch = 16
)

// fetched is a page, or the failure that ended the fetching.
type fetched struct {
	page wire.PullResponse
	err  error
}

// pull applies central's pages from the stored cursor until central has
// no more. The next page is fetched while one is applied; pages that are
// ready together are applied in one local transaction with the cursor
// after the last of them, so a crash still resumes at a page boundary
// with nothing lost or applied twice.
//
// With wait the first request is a long poll (see waitPull).
func (s *Syncer) pull(ctx context.Context, id kiosk.KioskIdentity, wait time.Duration) error {
	cursor, err := s.store.SyncCursor(ctx)
	if err != nil {
		return err
	}
	s.update(func(p *kiosk.SyncProgress) { p.Pulling, p.Snapshot, p.Received = true, cursor == "", 0 })
	fctx, cancel := context.WithCancel(ctx)
	pg := &pager{pages: make(chan fetched, prefetch), cursor: cursor}
	go s.fetch(fctx, cursor, pg.pages, wait)
	defer func() {
		cancel()
		for range pg.pages { // the fetcher has stopped once it closes pages
		}
	}()
	for {
		batch, done, err := pg.next()
		if err != nil {
			return fmt.Errorf("pull: %w", err)
		}
		if batch.Cursor != cursor || len(batch.Changes) > 0 || batch.Reset {
			if batch.Reset && cursor != "" {
				// A cursor central cannot place, as after a restore from
				// a backup: heartbeat this round, whose answer says
				// whether central lost entries it had answered.
				s.lastBeat = time.Time{}
			}
			if err := s.apply(ctx, id, batch); err != nil {
				return err
			}
			cursor = batch.Cursor
		}
		s.lastPull = s.cfg.Clock.Now()
		s.update(func(p *kiosk.SyncProgress) {
			p.Received += len(batch.Changes)
			p.Snapshot = p.Snapshot || batch.Reset
		})
		if done {
			return nil
		}
	}
}

// fetch pulls pages from cursor on into pages until central has no
// more, a call fails or ctx is done, then closes pages.
func (s *Syncer) fetch(ctx context.Context, cursor string, pages chan<- fetched, wait time.Duration) {
	defer close(pages)
	for {
		var page wire.PullResponse
		var err error
		if wait > 0 {
			page, err = s.waitPull(ctx, cursor, wait)
			wait = 0
		} else {
			page, err = s.api.Pull(ctx, cursor, s.cfg.PageSize)
		}
		select {
		case pages <- fetched{page, err}:
		case <-ctx.Done():
			return
		}
		if err != nil || !hasMore(page, cursor) {
			return
		}
		cursor = page.NextCursor
	}
}

// pager joins fetched pages into batches for one transaction each.
type pager struct {
	pages  chan fetched
	cursor string   // after the last page handed out
	held   *fetched // received but left for the next batch
}

// receive returns the held page or waits for the next; ok is false once
// the fetcher is done.
func (p *pager) receive(wait bool) (f fetched, ok bool) {
	if p.held != nil {
		f, p.held = *p.held, nil
		return f, true
	}
	if wait {
		f, ok = <-p.pages
		return f, ok
	}
	select {
	case f, ok = <-p.pages:
		return f, ok
	default:
		return f, false
	}
}

// next returns the next batch: a page and the pages already fetched
// behind it, up to maxChangesPerTx; a failure or a reset page is held
// for the batch after. done says central has no more.
func (p *pager) next() (batch kiosk.ChangePage, done bool, err error) {
	f, ok := p.receive(true)
	if !ok {
		return kiosk.ChangePage{Cursor: p.cursor}, true, nil
	}
	if f.err != nil {
		return batch, false, f.err
	}
	batch = toPage(f.page)
	more := hasMore(f.page, p.cursor)
	p.cursor = batch.Cursor
	for more && len(batch.Changes) < maxChangesPerTx {
		f, ok := p.receive(false)
		if !ok {
			break
		}
		if f.err != nil || f.page.Reset {
			p.held = &f
			break
		}
		more = hasMore(f.page, p.cursor)
		page := toPage(f.page)
		batch.Changes, batch.Cursor, p.cursor = append(batch.Changes, page.Changes...), page.Cursor, page.Cursor
	}
	return batch, !more, nil
}

func hasMore(p wire.PullResponse, cursor string) bool { return p.HasMore && p.NextCursor != cursor }

// apply stores a page. A page that clashes with a pending local entry
// (ECONFLICT) waits for that entry's answer: push, then apply again.
func (s *Syncer) apply(ctx context.Context, id kiosk.KioskIdentity, page kiosk.ChangePage) error {
	for try := 0; ; try++ {
		stats, err := s.store.ApplyChanges(ctx, page)
		if err == nil {
			for _, sk := range stats.Skipped {
				s.cfg.Log.Warn("skipped a change central sent", "change", sk)
			}
			return nil
		}
		if kiosk.ErrorCode(err) != kiosk.ECONFLICT || try == maxBlockedRetries {
			return fmt.Errorf("apply page: %w", err)
		}
		if err := s.push(ctx, id); err != nil {
			return err
		}
	}
}

// waitPull is the long poll: central holds it until the hall has a
// change or wait is over. A nudge (a local write to push) cuts it short
// and it answers the empty page, noting that the round must push again
// (nudged). quiet records an empty answer that came
// sooner than the wait, as from a central that does not hold pulls or
// is shutting down: the syncer then waits for its next tick rather than
// asking again at once.
func (s *Syncer) waitPull(ctx context.Context, cursor string, wait time.Duration) (wire.PullResponse, error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	nudged := make(chan struct{})
	go func() {
		select {
		case <-s.nudge:
			if wctx.Err() != nil {
				s.Nudge() // the pull was over: keep the nudge for Run
				return
			}
			close(nudged)
			cancel()
		case <-wctx.Done():
		}
	}()
	start := s.cfg.Clock.Now()
	page, err := s.api.PullWait(wctx, cursor, s.cfg.PageSize, wait)
	select {
	case <-nudged:
		s.nudged = true
		if err != nil {
			return wire.PullResponse{NextCursor: cursor}, nil
		}
	default:
	}
	s.quiet = err == nil && len(page.Changes) == 0 && !page.Reset && s.cfg.Clock.Now().Sub(start) < wait/2
	return page, err
}
