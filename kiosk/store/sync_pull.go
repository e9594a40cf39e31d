package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"onestop/kiosk"
)

// ApplyChanges applies one page of central's feed and records its
// cursor in the same transaction, so a kiosk killed between pages
// resumes at the page after the last one stored: no change is lost or
// applied twice. A reset page first empties the cache of central's
// entities, keeping the students' records that are the kiosk's own
// (pending, or refused and still to be shown). Changes the kiosk cannot
// store are skipped and listed in the stats; a change that clashes with
// a pending local entry fails the page with ECONFLICT (push, then pull
// again).
func (db *DB) ApplyChanges(ctx context.Context, p kiosk.ChangePage) (kiosk.ApplyStats, error) {
	var a *applier
	err := db.update(ctx, "apply changes", func(tx *sql.Tx) error {
		a = &applier{db: db, ctx: ctx, tx: tx, now: db.now()}
		if p.Reset {
			if err := a.wipe(); err != nil {
				return fmt.Errorf("reset: %w", err)
			}
		}
		parsed := parseAhead(p.Changes)
		defer parsed.stop()
		for i, c := range p.Changes {
			if err := a.applyParsed(c, parsed.get(i)); err != nil {
				return err
			}
		}
		if err := a.flushStudents(); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			UPDATE sync_cursor SET
				cursor = ?,
				updated_at = ?
			WHERE id = 1`,
			p.Cursor,
			a.now,
		)
		if err != nil {
			return err
		}
		return setMeta(ctx, tx, map[string]any{metaLastPull: a.now})
	})
	if err != nil {
		return kiosk.ApplyStats{}, err
	}
	if err := db.loadSettings(ctx); err != nil {
		return kiosk.ApplyStats{}, err
	}
	if a.salt != nil {
		db.salt.Store(&a.salt)
	}
	return a.stats, nil
}

// wipeSQL empties the cache of central's entities for a snapshot. The
// roster salt stays: the snapshot's settings bring it again, and keys
// made with it stay valid if it did not change.
var wipeSQL = []string{`
	DELETE FROM settings`, `
	DELETE FROM buildings`, `
	DELETE FROM rooms`, `
	DELETE FROM mentors`, `
	DELETE FROM mentor_slots`, `
	DELETE FROM events`, `
	DELETE FROM announcements`, `
	DELETE FROM roster`, `
	DELETE FROM shifts`, `
	DELETE FROM releases`, `
	DELETE FROM kiosk_commands`, `
	DELETE FROM bookings
	WHERE sync_state = 'applied'`, `
	DELETE FROM appointments
	WHERE sync_state = 'applied'`, `
	DELETE FROM requests
	WHERE sync_state = 'applied'`, `
	DELETE FROM attendance
	WHERE sync_state = 'applied'`, `
	DELETE FROM visits
	WHERE sync_state = 'applied'`,
}

func (a *applier) wipe() error {
	for _, q := range wipeSQL {
		if _, err := a.tx.ExecContext(a.ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// hallSettings are central's settings as parseSettings reads them: the
// roster salt apart from the rest.
type hallSettings struct {
	kv   map[string]string
	salt []byte
}

func parseSettings(_ string, data []byte) (hallSettings, error) {
	var st hallSettings
	if err := json.Unmarshal(data, &st.kv); err != nil {
		return st, invalid("settings: %v", err)
	}
	if h, ok := st.kv[kiosk.SettingRosterSalt]; ok {
		var err error
		if st.salt, err = hex.DecodeString(h); err != nil || len(st.salt) < minSaltLen {
			return st, invalid("roster salt is not %d+ bytes of hex", minSaltLen)
		}
		delete(st.kv, kiosk.SettingRosterSalt)
	}
	return st, nil
}

// settings replaces the hall's settings with central's: a key central
// dropped falls back to its default here too. The roster salt among them
// is kept apart. A new one empties the roster, whose keys can never
// match again (no plain number is kept to rehash them); the feed then
// sends the students again under the new keys.
func (a *applier) settings(st hallSettings) error {
	kv, salt := st.kv, st.salt
	if _, err := a.tx.ExecContext(a.ctx, `
		DELETE FROM settings`); err != nil {
		return err
	}
	for k, v := range kv {
		_, err := a.tx.ExecContext(a.ctx, `
			INSERT INTO settings (
				key,
				value,
				updated_at
			) VALUES (?, ?, ?)`,
			k,
			v,
			a.now,
		)
		if err != nil {
			return err
		}
	}
	if salt == nil {
		return nil
	}
	old, err := readSalt(a.ctx, a.tx)
	if err != nil || bytes.Equal(old, salt) {
		return err
	}
	if _, err := a.tx.ExecContext(a.ctx, `
		DELETE FROM roster`); err != nil {
		return err
	}
	a.salt = salt
	return writeSalt(a.ctx, a.tx, salt)
}
