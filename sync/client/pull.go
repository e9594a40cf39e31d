package client

import (
	"context"
	"fmt"

	"onestop/kiosk"
)

// maxBlockedRetries bounds how often one page waits for a push.
const maxBlockedRetries = 3

// pull applies central's pages from the stored cursor until central has
// no more, each page with its cursor in one local transaction.
func (s *Syncer) pull(ctx context.Context, id kiosk.KioskIdentity) error {
	cursor, err := s.store.SyncCursor(ctx)
	if err != nil {
		return err
	}
	s.update(func(p *kiosk.SyncProgress) { p.Pulling, p.Snapshot, p.Received = true, cursor == "", 0 })
	for {
		page, err := s.api.Pull(ctx, cursor, s.cfg.PageSize)
		if err != nil {
			return fmt.Errorf("pull: %w", err)
		}
		// An empty page that keeps the cursor changes nothing: no write.
		if len(page.Changes) > 0 || page.Reset || page.NextCursor != cursor {
			if err := s.apply(ctx, id, toPage(page)); err != nil {
				return err
			}
		}
		s.lastPull = s.cfg.Clock.Now()
		s.update(func(p *kiosk.SyncProgress) {
			p.Received += len(page.Changes)
			p.Snapshot = p.Snapshot || page.Reset
		})
		if !page.HasMore || page.NextCursor == cursor {
			return nil
		}
		cursor = page.NextCursor
	}
}

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
