package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"onestop/kiosk"
)

// This file holds what central's answers change: the result of an
// outbox entry and a handler's update of a request.

// syncStateSQL sets the sync_state of the entity an outbox kind's prefix
// names.
var syncStateSQL = map[string]string{
	"visit": `
		UPDATE visits SET
			sync_state = ?
		WHERE id = ?`,
	"booking": `
		UPDATE bookings SET
			sync_state = ?
		WHERE id = ?`,
	"appointment": `
		UPDATE appointments SET
			sync_state = ?
		WHERE id = ?`,
	"event": `
		UPDATE attendance SET
			sync_state = ?
		WHERE id = ?`,
	"request": `
		UPDATE requests SET
			sync_state = ?
		WHERE id = ?`,
}

// releaseSQL frees what a refused creation held: central gave the room
// or slot to someone else, so locally it must not stay taken either.
var releaseSQL = map[string]string{
	kiosk.KindBookingCreate: `
		UPDATE bookings SET
			status = 'cancelled'
		WHERE id = ?
			AND status IN ('booked', 'checked_in')`,
	kiosk.KindAppointmentCreate: `
		UPDATE appointments SET
			status = 'cancelled'
		WHERE id = ?
			AND status IN ('booked', 'arrived')`,
}

func refused(state string) bool {
	return state == kiosk.OutboxRejected || state == kiosk.OutboxConflict
}

// ApplyResult records central's final answer to outbox entry seq: state
// is applied, rejected or conflict, code and messageID say why. The
// entity's sync_state follows from all its entries: refused if any was,
// else pending while any is, else applied. A refused booking or
// appointment creation also frees its room or slot locally. Recording
// the same answer again is a no-op; a different one is refused.
func (db *DB) ApplyResult(ctx context.Context, seq int64, state, code, messageID string) error {
	if state != kiosk.OutboxApplied && !refused(state) {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "outbox answer %q", state)
	}
	return db.update(ctx, "apply result", func(tx *sql.Tx) error {
		return db.applyResult(ctx, tx, seq, state, code, messageID)
	})
}

// applyResult is ApplyResult in the caller's transaction.
func (db *DB) applyResult(ctx context.Context, tx *sql.Tx, seq int64, state, code, messageID string) error {
	e, err := readEntry(ctx, tx, seq)
	if err != nil {
		return err
	}
	return db.answer(ctx, tx, e, state, code, messageID)
}

// entry is an outbox row as an answer needs it.
type entry struct {
	seq             int64
	id, kind, state string
}

func readEntry(ctx context.Context, tx *sql.Tx, seq int64) (entry, error) {
	e := entry{seq: seq}
	err := tx.QueryRowContext(ctx, `
		SELECT
			id,
			kind,
			state
		FROM outbox
		WHERE seq = ?`, seq).Scan(&e.id, &e.kind, &e.state)
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("outbox entry", fmt.Sprint(seq))
	}
	return e, err
}

// answer records state as e's answer: a no-op if e has it already.
func (db *DB) answer(ctx context.Context, tx *sql.Tx, e entry, state, code, messageID string) error {
	if e.state == state {
		return nil
	}
	if e.state != kiosk.OutboxPending {
		return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "outbox entry %d was answered %s already", e.seq, e.state)
	}
	seq, id, kind := e.seq, e.id, e.kind
	_, err := tx.ExecContext(ctx, `
		UPDATE outbox SET
			state = ?,
			result_code = nullif(?, ''),
			result_message_id = nullif(?, ''),
			answered_at = ?
		WHERE seq = ?`,
		state,
		code,
		messageID,
		db.now(),
		seq,
	)
	if err != nil {
		return err
	}
	if q, ok := releaseSQL[kind]; ok && refused(state) {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return settleSyncState(ctx, tx, kind, id)
}

// settleSyncState derives the entity's sync_state from its outbox entries.
func settleSyncState(ctx context.Context, tx *sql.Tx, kind, id string) error {
	entity, _, _ := strings.Cut(kind, ".")
	update, ok := syncStateSQL[entity]
	if !ok {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT
			state
		FROM outbox
		WHERE id = ?
			AND substr(kind, 1, instr(kind, '.') - 1) = ?
		ORDER BY seq`, id, entity)
	if err != nil {
		return err
	}
	var states []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		states = append(states, s)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	state := kiosk.OutboxApplied
	if i := slices.IndexFunc(states, refused); i >= 0 {
		state = states[i]
	} else if slices.Contains(states, kiosk.OutboxPending) {
		state = kiosk.OutboxPending
	}
	_, err = tx.ExecContext(ctx, update, state, id)
	return err
}

var requestStatuses = []kiosk.RequestStatus{
	kiosk.RequestSubmitted, kiosk.RequestAccepted, kiosk.RequestDispatched, kiosk.RequestInProgress,
	kiosk.RequestResolved, kiosk.RequestClosed, kiosk.RequestRejected, kiosk.RequestReopened,
}

// UpdateRequestStatus applies a handler's update as central sends it:
// the new status, a note for the student when it has text (its time
// defaults to the clock's, its status to the new one) and a new
// deadline unless due is zero. It queues nothing.
func (db *DB) UpdateRequestStatus(ctx context.Context, id string, status kiosk.RequestStatus, note kiosk.RequestNote, due time.Time) error {
	if !slices.Contains(requestStatuses, status) {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "request status %q", status)
	}
	dueAt, err := nanos(due)
	if err != nil {
		return err
	}
	return db.update(ctx, "update request status", func(tx *sql.Tx) error {
		r, found, err := db.loadRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if !found {
			return notFound("request", id)
		}
		if note.Text != "" {
			if note.At.IsZero() {
				note.At = db.clockNow()
			}
			if note.Status == "" {
				note.Status = status
			}
			r.Notes = append(r.Notes, note)
		}
		_, notes, err := requestJSON(r)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE requests SET
				status = ?,
				due_at = coalesce(?, due_at),
				notes = ?
			WHERE id = ?`,
			string(status),
			dueAt,
			notes,
			id,
		)
		return err
	})
}
