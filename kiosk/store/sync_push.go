package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"onestop/kiosk"
)

// kindEntity is the feed entity an outbox kind's prefix acts on.
var kindEntity = map[string]string{
	"visit":       kiosk.EntityVisit,
	"booking":     kiosk.EntityBooking,
	"appointment": kiosk.EntityAppointment,
	"event":       kiosk.EntityAttendance,
	"request":     kiosk.EntityRequest,
	"shift":       kiosk.EntityShift,
}

// RecordPushResults records central's answers to a pushed batch in one
// transaction (see answer), then stores the entity each answer carries
// as central now has it, so the kiosk holds central's version (its
// times, tardiness, deadline) without waiting for the pull; an entity
// that does not decode is left to the pull. An entry answered already
// keeps its first answer: central's answers are final, and a resend
// after a seq gap may answer again.
func (db *DB) RecordPushResults(ctx context.Context, rs []kiosk.PushResult) error {
	for _, r := range rs {
		if r.State != kiosk.OutboxApplied && !refused(r.State) {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "outbox answer %q for seq %d", r.State, r.Seq)
		}
	}
	return db.update(ctx, "record push results", func(tx *sql.Tx) error {
		a := &applier{db: db, ctx: ctx, tx: tx, now: db.now()}
		for _, r := range rs {
			if err := a.result(r); err != nil {
				return fmt.Errorf("seq %d: %w", r.Seq, err)
			}
		}
		return nil
	})
}

func (a *applier) result(r kiosk.PushResult) error {
	e, err := readEntry(a.ctx, a.tx, r.Seq)
	if err != nil || e.state != kiosk.OutboxPending {
		return err
	}
	if err := a.db.answer(a.ctx, a.tx, e, r.State, r.Code, r.MessageID); err != nil {
		return err
	}
	id, kind := e.id, e.kind
	prefix, _, _ := strings.Cut(kind, ".")
	entity, ok := kindEntity[prefix]
	if len(r.Entity) == 0 || !ok {
		return nil
	}
	err = a.apply(kiosk.Change{Entity: entity, ID: id, Data: r.Entity})
	if isBlocked(err) {
		// The pull will bring it once the clashing entry is answered.
		return nil
	}
	return err
}
