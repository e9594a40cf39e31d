package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"onestop/kiosk"
)

// The roster salt keys every hashed identifier. It is campus-wide so the
// kiosk and central compute the same keys; until central provides it the
// kiosk makes its own (EnsureRosterSalt) to work standalone.
const (
	metaRosterSalt = "roster.salt"
	// RosterSaltLen is the length of a salt EnsureRosterSalt creates.
	RosterSaltLen = 32
	// minSaltLen refuses salts too short to keep numbers from being
	// guessed back by brute force.
	minSaltLen = 16
)

// RosterSalt returns the roster salt, or nil when none is set yet.
func (db *DB) RosterSalt(ctx context.Context) ([]byte, error) {
	var salt []byte
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			value
		FROM meta
		WHERE key = ?`, metaRosterSalt).Scan(&salt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return salt, wrapErr("read roster salt", err)
}

// EnsureRosterSalt returns the roster salt, first creating one of
// RosterSaltLen random bytes read from r when none is set.
func (db *DB) EnsureRosterSalt(ctx context.Context, r io.Reader) ([]byte, error) {
	var salt []byte
	err := db.update(ctx, "ensure roster salt", func(tx *sql.Tx) error {
		var err error
		salt, err = readSalt(ctx, tx)
		if err != nil || salt != nil {
			return err
		}
		salt = make([]byte, RosterSaltLen)
		if _, err := io.ReadFull(r, salt); err != nil {
			return fmt.Errorf("read random salt: %w", err)
		}
		return writeSalt(ctx, tx, salt)
	})
	if err != nil {
		return nil, err
	}
	db.salt.Store(&salt)
	return bytes.Clone(salt), nil
}

// SetRosterSalt installs the salt central provides. Roster keys made
// with another salt can never match again and the plain numbers are not
// kept to rehash them, so a different salt also empties the roster; the
// next import or sync refills it. Setting the current salt is a no-op.
func (db *DB) SetRosterSalt(ctx context.Context, salt []byte) error {
	if len(salt) < minSaltLen {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "roster salt has %d bytes, want at least %d", len(salt), minSaltLen)
	}
	salt = bytes.Clone(salt)
	err := db.update(ctx, "set roster salt", func(tx *sql.Tx) error {
		old, err := readSalt(ctx, tx)
		if err != nil || bytes.Equal(old, salt) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			DELETE FROM roster`); err != nil {
			return err
		}
		return writeSalt(ctx, tx, salt)
	})
	if err != nil {
		return err
	}
	db.salt.Store(&salt)
	return nil
}

// loadSalt fills the cache at open.
func (db *DB) loadSalt(ctx context.Context) error {
	salt, err := db.RosterSalt(ctx)
	if err != nil {
		return err
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

func readSalt(ctx context.Context, tx *sql.Tx) ([]byte, error) {
	var salt []byte
	err := tx.QueryRowContext(ctx, `
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
