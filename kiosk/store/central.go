package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"onestop/kiosk"
)

// This file records central's answer to an outbox entry
// (RecordPushResults) on the entry and the entity it acted on.

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

// answer records state as pending entry e's answer, code and messageID
// saying why. The entity's sync_state follows from all its entries:
// refused if any was, else pending while any is, else applied. A refused
// booking or appointment creation also frees its room or slot locally.
func (db *DB) answer(ctx context.Context, tx *sql.Tx, e entry, state, code, messageID string) error {
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

// deskKind is the desk's queue mark on a student's appointment: its
// outcome is the volunteer's (ownerSQL), so it leaves the appointment's
// sync_state, which the student's screens show, alone.
const deskKind = kiosk.KindAppointmentQueue

// settleSyncState derives the entity's sync_state from its outbox
// entries, the desk's queue marks left out.
func settleSyncState(ctx context.Context, tx *sql.Tx, kind, id string) error {
	entity, _, _ := strings.Cut(kind, ".")
	update, ok := syncStateSQL[entity]
	if !ok || kind == deskKind {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT
			state
		FROM outbox
		WHERE id = ?
			AND substr(kind, 1, instr(kind, '.') - 1) = ?
			AND kind <> ?
		ORDER BY seq`, id, entity, deskKind)
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
