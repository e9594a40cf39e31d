package client

import (
	"context"
	"errors"
	"fmt"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// push sends every pending outbox entry, oldest first, in batches.
// Central's answers to one batch are recorded while the next batch is on
// the wire, which halves a long drain: central takes a kiosk's seqs in
// order and keeps every answer, so a batch sent before the one ahead of
// it is recorded here loses nothing. Should that recording fail, its
// entries stay pending and the next push gets the same answers again.
func (s *Syncer) push(ctx context.Context, id kiosk.KioskIdentity) error {
	ms, err := s.store.PendingMutations(ctx, s.cfg.BatchSize)
	if err != nil || len(ms) == 0 {
		return err
	}
	var recording chan error // the previous batch's record, if one runs
	wait := func() error {
		if recording == nil {
			return nil
		}
		err := <-recording
		recording = nil
		return err
	}
	defer wait()
	resent := false
	for len(ms) > 0 {
		rs, err := s.send(ctx, id, ms)
		var api *APIError
		if errors.As(err, &api) && api.Code == wire.CodeSeqGap && !resent {
			resent = true
			// Central lost entries it had answered: resend from the seq it
			// expects, once, after the answers in flight are stored.
			if err := wait(); err != nil {
				return err
			}
			if err := s.resend(ctx, id, api.ExpectedSeq, ms[0].Seq); err != nil {
				return err
			}
			if ms, err = s.store.PendingMutations(ctx, s.cfg.BatchSize); err != nil {
				return err
			}
			continue
		}
		if err := errors.Join(wait(), err); err != nil {
			return err
		}
		last := rs[len(rs)-1].Seq
		recording = make(chan error, 1)
		go func() { recording <- s.record(ctx, rs) }()
		if ms, err = s.pendingAfter(ctx, last); err != nil {
			return errors.Join(err, wait())
		}
	}
	return wait()
}

// pendingAfter returns the next batch: the pending entries right after
// seq. Entries after the last one sent are unanswered, unless a resend
// answered them meanwhile; the batch stops at the first that is not.
func (s *Syncer) pendingAfter(ctx context.Context, seq int64) ([]kiosk.Mutation, error) {
	ms, err := s.store.Outbox(ctx, seq, s.cfg.BatchSize)
	for i, m := range ms {
		if m.State != kiosk.OutboxPending || m.Seq != seq+1+int64(i) {
			return ms[:i], err
		}
	}
	return ms, err
}

// send pushes what of ms fits in one request and returns central's
// answers, at least one, in seq order.
func (s *Syncer) send(ctx context.Context, id kiosk.KioskIdentity, ms []kiosk.Mutation) ([]kiosk.PushResult, error) {
	body, n, err := EncodePush(id.KioskID, toWire(ms, id.SeqBase), s.cfg.MaxBytes)
	if err != nil {
		return nil, err
	}
	resp, err := s.api.Push(ctx, body)
	if err != nil {
		return nil, fmt.Errorf("push seqs %d–%d: %w", ms[0].Seq, ms[n-1].Seq, err)
	}
	rs := fromWire(resp.Results, id.SeqBase)
	if len(rs) == 0 {
		return nil, fmt.Errorf("push from seq %d: central answered none", ms[0].Seq)
	}
	return rs, nil
}

// record stores a batch's answers.
func (s *Syncer) record(ctx context.Context, rs []kiosk.PushResult) error {
	if err := s.store.RecordPushResults(ctx, rs); err != nil {
		return err
	}
	s.update(func(p *kiosk.SyncProgress) { p.Pushed += len(rs) })
	return nil
}

// resend pushes the entries from central's expected seq on, whatever
// their local state, and records the answers: the store keeps the first
// answer of each.
func (s *Syncer) resend(ctx context.Context, id kiosk.KioskIdentity, expected, first int64) error {
	from := expected + id.SeqBase
	if expected < 1 || from >= first {
		return fmt.Errorf("central expects seq %d, which this kiosk cannot send", expected)
	}
	ms, err := s.store.Outbox(ctx, from-1, s.cfg.BatchSize)
	if err != nil {
		return err
	}
	for i, m := range ms {
		if m.Seq != from+int64(i) {
			ms = ms[:i]
			break
		}
	}
	if len(ms) == 0 {
		return fmt.Errorf("central expects seq %d, which the outbox no longer holds", expected)
	}
	s.cfg.Log.Warn("central lost pushed entries; sending them again", "from_seq", expected)
	rs, err := s.send(ctx, id, ms)
	if err != nil {
		return err
	}
	return s.record(ctx, rs)
}
