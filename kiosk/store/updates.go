package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"onestop/kiosk"
	"onestop/update"
)

// The kiosk's software updates (issue 12): the releases central's feed
// brought and what the kiosk accepted of them. The checks are
// update.Verify's; this file only keeps the rows.

type releaseRow struct {
	id string
	r  update.Release
}

func parseRelease(id string, data []byte) (releaseRow, error) {
	var r update.Release
	if err := json.Unmarshal(data, &r); err != nil {
		return releaseRow{}, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "release: %v", err)
	}
	if err := r.Validate(); err != nil {
		return releaseRow{}, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "release %s: %v", id, err)
	}
	return releaseRow{id: id, r: r}, nil
}

func putRelease(a *applier, row releaseRow) error {
	data, err := json.Marshal(row.r)
	if err != nil {
		return err
	}
	_, err = a.tx.ExecContext(a.ctx, `
		INSERT INTO releases (
			id,
			channel,
			seq,
			data
		) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			channel = excluded.channel,
			seq = excluded.seq,
			data = excluded.data`,
		row.id, row.r.Channel, row.r.Seq, string(data))
	return err
}

// Release returns the newest release central offers on channel; found
// is false when there is none.
func (db *DB) Release(ctx context.Context, channel string) (r update.Release, found bool, err error) {
	var data string
	err = db.reader.QueryRowContext(ctx, `
		SELECT data
		FROM releases
		WHERE channel = ?
		ORDER BY seq DESC
		LIMIT 1`, channel).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, wrapErr("read release", err)
	}
	return r, true, json.Unmarshal([]byte(data), &r)
}

// UpdateState returns what the kiosk accepted so far; zero before the
// first release.
func (db *DB) UpdateState(ctx context.Context) (update.Stored, error) {
	var s update.Stored
	var keys string
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			seq,
			keys,
			last_error
		FROM update_state
		WHERE id = 1`).Scan(&s.Seq, &keys, &s.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return update.Stored{}, nil
	}
	if keys != "" {
		s.Keys = strings.Split(keys, "\n")
	}
	return s, wrapErr("read update state", err)
}

// SaveUpdateState keeps s. The sequence never goes down: a stale
// writer cannot reopen the way to a replayed manifest.
func (db *DB) SaveUpdateState(ctx context.Context, s update.Stored) error {
	return db.update(ctx, "save update state", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO update_state (
				id,
				seq,
				keys,
				last_error
			) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET
				seq = max(update_state.seq, excluded.seq),
				keys = excluded.keys,
				last_error = excluded.last_error`,
			s.Seq, strings.Join(s.Keys, "\n"), s.LastError)
		return err
	})
}
