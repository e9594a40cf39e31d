package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"onestop/kiosk"
)

const (
	metaOutboxSeq   = "outbox.seq"
	metaLastContact = "sync.last_contact"
	// maxOutboxPage bounds one Outbox read.
	maxOutboxPage = 1000
)

// enqueue appends a pending outbox entry with the next seq. The counter
// is bumped in the caller's transaction, so a rolled-back action leaves
// no gap.
func (db *DB) enqueue(ctx context.Context, tx *sql.Tx, id, kind string, at int64, payload []byte) error {
	var seq int64
	err := tx.QueryRowContext(ctx, `
		UPDATE meta SET
			value = value + 1
		WHERE key = ?
		RETURNING value`, metaOutboxSeq).Scan(&seq)
	if err != nil {
		return fmt.Errorf("next outbox seq: %w", err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO outbox (
			seq,
			id,
			kind,
			at,
			payload,
			state,
			queued_at
		) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		seq,
		id,
		kind,
		at,
		string(payload),
		kiosk.OutboxPending,
		db.now(),
	)
	return err
}

// Outbox returns up to limit entries (at most 1000) with seq > afterSeq,
// in seq order, whatever their state.
func (db *DB) Outbox(ctx context.Context, afterSeq int64, limit int) ([]kiosk.Mutation, error) {
	if limit <= 0 {
		return nil, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "outbox limit %d", limit)
	}
	rows, err := db.reader.QueryContext(ctx, `
		SELECT
			seq,
			id,
			kind,
			at,
			payload,
			state
		FROM outbox
		WHERE seq > ?
		ORDER BY seq
		LIMIT ?`, afterSeq, min(limit, maxOutboxPage))
	if err != nil {
		return nil, wrapErr("read outbox", err)
	}
	defer rows.Close()
	var out []kiosk.Mutation
	for rows.Next() {
		var m kiosk.Mutation
		var at sql.NullInt64
		var payload string
		if err := rows.Scan(&m.Seq, &m.ID, &m.Kind, &at, &payload, &m.State); err != nil {
			return nil, wrapErr("read outbox", err)
		}
		m.At = db.at(at)
		m.Payload = []byte(payload)
		out = append(out, m)
	}
	return out, wrapErr("read outbox", rows.Err())
}

// SyncStatus reports the pending outbox entries, the last contact with
// central and whether the syncer last reached it (SetOnline).
// 'pending' is spelled out so the partial index outbox_pending applies.
func (db *DB) SyncStatus(ctx context.Context) (kiosk.SyncStatus, error) {
	var st kiosk.SyncStatus
	var last sql.NullInt64
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			(SELECT count(*) FROM outbox WHERE state = 'pending'),
			(SELECT value FROM meta WHERE key = ?)`,
		metaLastContact,
	).Scan(&st.Pending, &last)
	if err != nil {
		return st, wrapErr("read sync status", err)
	}
	st.LastContact = db.at(last)
	st.Online = db.online.Load()
	return st, nil
}

// MarkContact records that central answered just now (by the clock).
func (db *DB) MarkContact(ctx context.Context) error {
	return db.update(ctx, "mark contact", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO meta (
				key,
				value
			) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET
				value = excluded.value`,
			metaLastContact,
			db.now(),
		)
		return err
	})
}

// OutboxRetention is how long an applied entry stays in the outbox after
// central answered it: a central restored from a backup up to this old
// gets it again (sync/client catchUp). Refused entries stay, since the
// student is shown them and their entity's sync state derives from them.
const OutboxRetention = 14 * 24 * time.Hour

// PruneOutbox deletes the applied entries answered before the retention
// period.
func (db *DB) PruneOutbox(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, "prune outbox", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			DELETE FROM outbox
			WHERE state = 'applied'
				AND answered_at < ?`,
			db.clock.Now().Add(-OutboxRetention).UnixNano(),
		)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// SyncCursor returns the position up to which central's changes were
// pulled; "" before the first pull.
func (db *DB) SyncCursor(ctx context.Context) (string, error) {
	var c string
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			cursor
		FROM sync_cursor
		WHERE id = 1`).Scan(&c)
	return c, wrapErr("read sync cursor", err)
}

// EntitySync implements kiosk.HallService.
func (db *DB) EntitySync(ctx context.Context, entityID string) (string, error) {
	var state string
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			state
		FROM outbox
		WHERE id = ?
		ORDER BY seq DESC
		LIMIT 1`, entityID).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return state, wrapErr("read entity sync", err)
}
