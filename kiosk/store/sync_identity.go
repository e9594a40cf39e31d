package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"onestop/kiosk"
)

// The store implements what the syncer needs.
var _ kiosk.SyncService = (*DB)(nil)

// Meta keys of the kiosk's identity and sync bookkeeping.
const (
	metaKioskID  = "kiosk.id"
	metaToken    = "kiosk.token"
	metaHallID   = "kiosk.hall_id"
	metaServer   = "kiosk.server"
	metaSeqBase  = "kiosk.seq_base"
	metaLastPull = "sync.last_pull"
)

// KioskIdentity returns the stored enrollment, ENOTFOUND before one.
func (db *DB) KioskIdentity(ctx context.Context) (kiosk.KioskIdentity, error) {
	var id kiosk.KioskIdentity
	err := db.view(ctx, "read kiosk identity", func(tx *sql.Tx) error {
		var err error
		id, err = readIdentity(ctx, tx)
		return err
	})
	return id, err
}

func readIdentity(ctx context.Context, q queryer) (kiosk.KioskIdentity, error) {
	var id kiosk.KioskIdentity
	var seqBase sql.NullInt64
	err := q.QueryRowContext(ctx, `
		SELECT
			coalesce((SELECT value FROM meta WHERE key = ?), ''),
			coalesce((SELECT value FROM meta WHERE key = ?), ''),
			coalesce((SELECT value FROM meta WHERE key = ?), ''),
			coalesce((SELECT value FROM meta WHERE key = ?), ''),
			(SELECT value FROM meta WHERE key = ?)`,
		metaKioskID, metaToken, metaHallID, metaServer, metaSeqBase,
	).Scan(&id.KioskID, &id.Token, &id.HallID, &id.Server, &seqBase)
	if err != nil {
		return id, err
	}
	if id.KioskID == "" {
		return id, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "kiosk not enrolled")
	}
	id.SeqBase = seqBase.Int64
	return id, nil
}

// SaveKioskIdentity stores the enrollment. Central numbers a kiosk's
// pushes from 1, so a new kiosk id numbers from the oldest unanswered
// entry (answered ones went to the old id, or nowhere) and pulls a fresh
// snapshot, which may be of another hall. The same kiosk id keeps both,
// so a moved server URL or renewed token loses nothing. SeqBase in id
// is ignored: the store decides it.
func (db *DB) SaveKioskIdentity(ctx context.Context, id kiosk.KioskIdentity) (kiosk.KioskIdentity, error) {
	id.Server = strings.TrimRight(strings.TrimSpace(id.Server), "/")
	if id.KioskID == "" || id.Token == "" || id.HallID == "" {
		return id, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "kiosk identity needs an id, a token and a hall")
	}
	err := db.update(ctx, "save kiosk identity", func(tx *sql.Tx) error {
		old, err := readIdentity(ctx, tx)
		switch {
		case err == nil && old.KioskID == id.KioskID:
			id.SeqBase = old.SeqBase
		case err == nil || kiosk.ErrorCode(err) == kiosk.ENOTFOUND:
			if id.SeqBase, err = nextSeqBase(ctx, tx); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `
				UPDATE sync_cursor SET
					cursor = '',
					updated_at = ?
				WHERE id = 1`, db.now()); err != nil {
				return err
			}
		default:
			return err
		}
		return setMeta(ctx, tx, map[string]any{
			metaKioskID: id.KioskID, metaToken: id.Token, metaHallID: id.HallID,
			metaServer: id.Server, metaSeqBase: id.SeqBase,
		})
	})
	return id, err
}

// nextSeqBase is the seq before the oldest unanswered entry, or the
// last seq given out when every entry is answered.
func nextSeqBase(ctx context.Context, tx *sql.Tx) (int64, error) {
	var base int64
	err := tx.QueryRowContext(ctx, `
		SELECT
			coalesce(
				(SELECT min(seq) - 1 FROM outbox WHERE state = 'pending'),
				(SELECT value FROM meta WHERE key = ?))`, metaOutboxSeq).Scan(&base)
	return base, err
}

func setMeta(ctx context.Context, tx *sql.Tx, kv map[string]any) error {
	for k, v := range kv {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO meta (
				key,
				value
			) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET
				value = excluded.value`,
			k,
			v,
		)
		if err != nil {
			return fmt.Errorf("meta %s: %w", k, err)
		}
	}
	return nil
}

// PendingMutations returns up to limit (at most 1000) unanswered entries
// from the oldest, in seq order. Answers come in seq order, so these are
// consecutive; the list stops at a gap should one ever appear.
func (db *DB) PendingMutations(ctx context.Context, limit int) ([]kiosk.Mutation, error) {
	if limit <= 0 {
		return nil, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "outbox limit %d", limit)
	}
	var first sql.NullInt64
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			min(seq)
		FROM outbox
		WHERE state = 'pending'`).Scan(&first)
	if err != nil || !first.Valid {
		return nil, wrapErr("read pending outbox", err)
	}
	ms, err := db.Outbox(ctx, first.Int64-1, limit)
	for i, m := range ms {
		if m.State != kiosk.OutboxPending || m.Seq != first.Int64+int64(i) {
			return ms[:i], err
		}
	}
	return ms, err
}

// SetOnline records whether the syncer's last attempt reached central;
// SyncStatus reports it. It lives in memory: after a restart the kiosk
// is offline until the syncer says otherwise.
func (db *DB) SetOnline(online bool) { db.online.Store(online) }

// SyncHealth reports the backlog and the times of the last pull and the
// last contact with central.
func (db *DB) SyncHealth(ctx context.Context) (kiosk.SyncHealth, error) {
	var h kiosk.SyncHealth
	var oldest, pull, contact sql.NullInt64
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			(SELECT count(*) FROM outbox WHERE state = 'pending'),
			(SELECT queued_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1),
			(SELECT value FROM meta WHERE key = ?),
			(SELECT value FROM meta WHERE key = ?)`,
		metaLastPull,
		metaLastContact,
	).Scan(&h.Pending, &oldest, &pull, &contact)
	if err != nil {
		return h, wrapErr("read sync health", err)
	}
	h.OldestPendingAt, h.LastPullAt, h.LastContact = db.at(oldest), db.at(pull), db.at(contact)
	return h, nil
}

// errBlocked refuses a page that clashes with an unanswered local entry.
func errBlocked(what, id string) error {
	return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSlotTaken,
		"%s %s clashes with a local action central has not answered yet; push first", what, id)
}

// isBlocked reports whether err is errBlocked's.
func isBlocked(err error) bool {
	var ke *kiosk.Error
	return errors.As(err, &ke) && ke.Code == kiosk.ECONFLICT
}
