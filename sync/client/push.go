package client

import (
	"context"
	"errors"
	"fmt"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// push sends every pending outbox entry, oldest first, in batches, and
// records central's answers batch by batch.
func (s *Syncer) push(ctx context.Context, id kiosk.KioskIdentity) error {
	for {
		ms, err := s.store.PendingMutations(ctx, s.cfg.BatchSize)
		if err != nil || len(ms) == 0 {
			return err
		}
		n, err := s.pushBatch(ctx, id, ms, true)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("push from seq %d: central answered none", ms[0].Seq)
		}
	}
}

// pushBatch pushes what of ms fits in one request and records the
// answers; it returns how many it recorded. Central answering seq_gap
// has lost entries it had answered (a restored database): they are sent
// again from the seq it expects, once.
func (s *Syncer) pushBatch(ctx context.Context, id kiosk.KioskIdentity, ms []kiosk.Mutation, mayResend bool) (int, error) {
	body, n, err := EncodePush(id.KioskID, toWire(ms, id.SeqBase), s.cfg.MaxBytes)
	if err != nil {
		return 0, err
	}
	resp, err := s.api.Push(ctx, body)
	var api *APIError
	if errors.As(err, &api) && api.Code == wire.CodeSeqGap && mayResend {
		return s.resend(ctx, id, api.ExpectedSeq, ms[0].Seq)
	}
	if err != nil {
		return 0, fmt.Errorf("push seqs %d–%d: %w", ms[0].Seq, ms[n-1].Seq, err)
	}
	rs := fromWire(resp.Results, id.SeqBase)
	if err := s.store.RecordPushResults(ctx, rs); err != nil {
		return 0, err
	}
	s.update(func(p *kiosk.SyncProgress) { p.Pushed += len(rs) })
	return len(rs), nil
}

// resend pushes the entries from central's expected seq on, whatever
// their local state: the store keeps the first answer of each.
func (s *Syncer) resend(ctx context.Context, id kiosk.KioskIdentity, expected, first int64) (int, error) {
	from := expected + id.SeqBase
	if expected < 1 || from >= first {
		return 0, fmt.Errorf("central expects seq %d, which this kiosk cannot send", expected)
	}
	ms, err := s.store.Outbox(ctx, from-1, s.cfg.BatchSize)
	if err != nil {
		return 0, err
	}
	for i, m := range ms {
		if m.Seq != from+int64(i) {
			ms = ms[:i]
			break
		}
	}
	if len(ms) == 0 {
		return 0, fmt.Errorf("central expects seq %d, which the outbox no longer holds", expected)
	}
	s.cfg.Log.Warn("central lost pushed entries; sending them again", "from_seq", expected)
	return s.pushBatch(ctx, id, ms, false)
}
