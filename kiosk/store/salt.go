package store

import (
	"context"
	"database/sql"
	"errors"

	"onestop/kiosk"
)

// The roster salt keys every hashed identifier. It is campus-wide so the
// kiosk and central compute the same keys; central sends it among the
// settings (kiosk.SettingRosterSalt), and until then no credential can
// be matched.
const (
	metaRosterSalt = "roster.salt"
	// minSaltLen refuses salts too short to keep numbers from being
	// guessed back by brute force.
	minSaltLen = 16
)

// loadSalt fills the cache at open.
func (db *DB) loadSalt(ctx context.Context) error {
	salt, err := readSalt(ctx, db.reader)
	if err != nil {
		return wrapErr("read roster salt", err)
	}
	if salt != nil {
		db.salt.Store(&salt)
	}
	return nil
}

// cachedSalt returns the salt or an unavailable error when none is set:
// without it no credential can be matched.
func (db *DB) cachedSalt() ([]byte, error) {
	p := db.salt.Load()
	if p == nil {
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "no roster salt yet")
	}
	return *p, nil
}

func readSalt(ctx context.Context, q queryer) ([]byte, error) {
	var salt []byte
	err := q.QueryRowContext(ctx, `
		SELECT
			value
		FROM meta
		WHERE key = ?`, metaRosterSalt).Scan(&salt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return salt, err
}

func writeSalt(ctx context.Context, tx *sql.Tx, salt []byte) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO meta (
			key,
			value
		) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET
			value = excluded.value`,
		metaRosterSalt,
		salt,
	)
	return err
}
