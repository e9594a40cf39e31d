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

// catchUp sends again the entries central once answered but no longer
// has, as after a restore from a backup: those after central's last seq
// that this kiosk holds answered (pending ones go with the next push).
// Central applies them as new; the store keeps the first answer of each.
func (s *Syncer) catchUp(ctx context.Context, id kiosk.KioskIdentity, last int64) (resent bool, err error) {
	from := last + id.SeqBase
	for ; ; resent = true {
		ms, err := s.store.Outbox(ctx, from, s.cfg.BatchSize)
		if err != nil {
			return resent, err
		}
		n := 0
		for n < len(ms) && ms[n].Seq == from+1+int64(n) && ms[n].State != kiosk.OutboxPending {
			n++
		}
		if n == 0 {
			if len(ms) > 0 && ms[0].Seq != from+1 && !resent {
				s.cfg.Log.Error("central lacks answered entries this kiosk no longer keeps", "from_seq", from+1-id.SeqBase, "to_seq", ms[0].Seq-1-id.SeqBase)
			}
			return resent, nil
		}
		if !resent {
			s.cfg.Log.Warn("central has fewer entries than it answered (restored from a backup?); sending them again", "from_seq", last+1)
		}
		rs, err := s.send(ctx, id, ms[:n])
		if err != nil {
			return resent, err
		}
		if err := s.record(ctx, rs); err != nil {
			return true, err
		}
		if next := rs[len(rs)-1].Seq; next > from {
			from = next
		} else {
			return true, fmt.Errorf("catch up from seq %d: central answered seq %d", from+1-id.SeqBase, next-id.SeqBase)
		}
	}
}
