package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// CreateEnrollCode stores a one-time code (its hash) for the hall.
func (db *DB) CreateEnrollCode(ctx context.Context, codeHash, hallID string, expires time.Time) error {
	return db.update(ctx, "create enroll code", func(t *txn) error {
		if err := t.hallExists(hallID); err != nil {
			return err
		}
		err := t.exec(`
			INSERT INTO enroll_codes (
				code_hash,
				hall_id,
				expires_at
			) VALUES (?, ?, ?)`,
			codeHash,
			hallID,
			expires.UnixNano(),
		)
		if err != nil {
			return err
		}
		return t.audit(hallID, "enroll_code", "", "create", nil, map[string]time.Time{"expires": expires})
	})
}

// Enroll redeems a code and registers the kiosk in the code's hall. The
// UPDATE … WHERE used_at IS NULL makes two kiosks racing for one code
// end with exactly one winner.
func (db *DB) Enroll(ctx context.Context, codeHash string, k central.Kiosk, tokenHash string) (central.Kiosk, error) {
	if k.ID == "" || tokenHash == "" {
		return k, invalid("kiosk needs an id and a token")
	}
	err := db.update(ctx, "enroll", func(t *txn) error {
		err := t.row(`
			UPDATE enroll_codes SET
				used_at = ?,
				kiosk_id = ?
			WHERE code_hash = ?
				AND used_at IS NULL
				AND expires_at > ?
			RETURNING hall_id`,
			t.now.UnixNano(),
			k.ID,
			codeHash,
			t.now.UnixNano(),
		).Scan(&k.HallID)
		if errors.Is(err, sql.ErrNoRows) {
			return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no such enrollment code, or it was used or has expired")
		}
		if err != nil {
			return err
		}
		k.EnrolledAt, k.LastSeq = t.now, 0
		err = t.exec(`
			INSERT INTO kiosks (
				id,
				hall_id,
				name,
				token_hash,
				enrolled_at
			) VALUES (?, ?, ?, ?, ?)`,
			k.ID,
			k.HallID,
			k.Name,
			tokenHash,
			t.now.UnixNano(),
		)
		return err
	})
	return k, err
}

const kioskColumns = `
		id,
		hall_id,
		name,
		enrolled_at,
		last_seq,
		last_seen_at,
		hb_at,
		hb_version,
		hb_outbox_pending,
		hb_oldest_pending_at,
		hb_last_pull_at,
		hb_last_error,
		hb_manifest_seq,
		hb_update_error,
		revoked_at`

func (db *DB) scanKiosk(s interface{ Scan(...any) error }) (central.Kiosk, error) {
	var k central.Kiosk
	var enrolled, seen, hb, oldest, pull, revoked sql.NullInt64
	err := s.Scan(&k.ID, &k.HallID, &k.Name, &enrolled, &k.LastSeq, &seen, &hb,
		&k.Health.Version, &k.Health.OutboxPending, &oldest, &pull, &k.Health.LastError,
		&k.Health.ManifestSeq, &k.Health.UpdateError, &revoked)
	loc := db.clock.Now().Location()
	k.RevokedAt = fromNanos(revoked, loc)
	k.EnrolledAt, k.LastSeenAt = fromNanos(enrolled, loc), fromNanos(seen, loc)
	k.Health.At, k.Health.OldestPendingAt, k.Health.LastPullAt = fromNanos(hb, loc), fromNanos(oldest, loc), fromNanos(pull, loc)
	return k, err
}

// KioskByToken returns the kiosk a token hash belongs to.
func (db *DB) KioskByToken(ctx context.Context, tokenHash string) (central.Kiosk, error) {
	k, err := db.scanKiosk(db.readRow(ctx, `
		SELECT`+kioskColumns+`
		FROM kiosks
		WHERE token_hash = ?
			AND revoked_at IS NULL`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return k, kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrInternal, "unknown kiosk token")
	}
	return k, db.wrap("kiosk by token", err)
}

// Kiosks lists every kiosk by hall and name.
func (db *DB) Kiosks(ctx context.Context) ([]central.Kiosk, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT`+kioskColumns+`
		FROM kiosks
		ORDER BY hall_id, name, id`)
	if err != nil {
		return nil, db.wrap("kiosks", err)
	}
	defer rows.Close()
	var ks []central.Kiosk
	for rows.Next() {
		k, err := db.scanKiosk(rows)
		if err != nil {
			return nil, db.wrap("kiosks", err)
		}
		ks = append(ks, k)
	}
	return ks, db.wrap("kiosks", rows.Err())
}

// Heartbeat records how a kiosk is doing, stamped with the server clock,
// and returns the last seq applied for it, read in the same transaction
// so it is never older than a push answered before the heartbeat.
func (db *DB) Heartbeat(ctx context.Context, kioskID string, h central.Health) (int64, error) {
	var last int64
	err := db.update(ctx, "heartbeat", func(t *txn) error {
		err := t.row(`
			UPDATE kiosks SET
				last_seen_at = ?,
				hb_at = ?,
				hb_version = ?,
				hb_outbox_pending = ?,
				hb_oldest_pending_at = ?,
				hb_last_pull_at = ?,
				hb_last_error = ?,
				hb_manifest_seq = ?,
				hb_update_error = ?
			WHERE id = ?
			RETURNING last_seq`,
			t.now.UnixNano(),
			t.now.UnixNano(),
			h.Version,
			h.OutboxPending,
			nanos(h.OldestPendingAt),
			nanos(h.LastPullAt),
			h.LastError,
			h.ManifestSeq,
			h.UpdateError,
			kioskID,
		).Scan(&last)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("kiosk", kioskID)
		}
		return err
	})
	return last, err
}

// PutAdmin creates an admin or changes their password hash.
func (db *DB) PutAdmin(ctx context.Context, name, passwordHash string) error {
	if name == "" || passwordHash == "" {
		return invalid("admin needs a name and a password hash")
	}
	return db.update(ctx, "put admin", func(t *txn) error {
		err := t.exec(`
			INSERT INTO admins (
				name,
				password_hash
			) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET
				password_hash = excluded.password_hash`,
			name,
			passwordHash,
		)
		if err != nil {
			return err
		}
		// The hash stays out of the log: that the password changed is enough.
		return t.audit("", "admin", name, "set_password", nil, nil)
	})
}

// AdminPasswordHash returns an admin's password hash.
func (db *DB) AdminPasswordHash(ctx context.Context, name string) (string, error) {
	var h string
	err := db.r.QueryRowContext(ctx, db.q(`
		SELECT
			password_hash
		FROM admins
		WHERE name = ?`), name).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrInternal, "unknown admin")
	}
	return h, db.wrap("admin", err)
}

// CreateAdminSession stores a session token hash for an admin.
func (db *DB) CreateAdminSession(ctx context.Context, tokenHash, name string, expires time.Time) error {
	return db.update(ctx, "create admin session", func(t *txn) error {
		if err := t.exec(`
			DELETE FROM admin_sessions
			WHERE expires_at <= ?`, t.now.UnixNano()); err != nil {
			return err
		}
		err := t.exec(`
			INSERT INTO admin_sessions (
				token_hash,
				admin_name,
				expires_at
			) VALUES (?, ?, ?)`,
			tokenHash,
			name,
			expires.UnixNano(),
		)
		return err
	})
}

// AdminBySession returns the admin of an unexpired session.
func (db *DB) AdminBySession(ctx context.Context, tokenHash string) (string, error) {
	var name string
	err := db.r.QueryRowContext(ctx, db.q(`
		SELECT
			admin_name
		FROM admin_sessions
		WHERE token_hash = ?
			AND expires_at > ?`), tokenHash, db.clock.Now().UnixNano()).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrInternal, "no such admin session, or it expired")
	}
	return name, db.wrap("admin session", err)
}

// SetAdminRole implements central.AdminStore.
func (db *DB) SetAdminRole(ctx context.Context, name, role, hallID string) error {
	switch {
	case role == central.RoleHall && hallID == "":
		return invalid("a hall admin needs a hall")
	case role != central.RoleCampus && role != central.RoleHall && role != central.RoleViewer:
		return invalid("role %q: want campus, hall or viewer", role)
	case role != central.RoleHall:
		hallID = ""
	}
	return db.update(ctx, "set admin role", func(t *txn) error {
		if role == central.RoleHall {
			if err := t.hallExists(hallID); err != nil {
				return err
			}
		}
		var before central.AdminAccount
		err := t.row(`
			SELECT
				role,
				hall_id
			FROM admins
			WHERE name = ?`, name).Scan(&before.Role, &before.HallID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("admin", name)
		}
		if err != nil {
			return err
		}
		if err := t.exec(`
			UPDATE admins SET
				role = ?,
				hall_id = ?
			WHERE name = ?`, role, hallID, name); err != nil {
			return err
		}
		before.Name = name
		return t.audit(hallID, "admin", name, "set_role", before, central.AdminAccount{Name: name, Role: role, HallID: hallID})
	})
}

// AdminAccount implements central.AdminStore.
func (db *DB) AdminAccount(ctx context.Context, name string) (central.AdminAccount, error) {
	a := central.AdminAccount{Name: name}
	err := db.r.QueryRowContext(ctx, db.q(`
		SELECT
			role,
			hall_id
		FROM admins
		WHERE name = ?`), name).Scan(&a.Role, &a.HallID)
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound("admin", name)
	}
	return a, db.wrap("admin", err)
}

// DeleteAdminSession implements central.AdminStore.
func (db *DB) DeleteAdminSession(ctx context.Context, tokenHash string) error {
	return db.update(ctx, "delete admin session", func(t *txn) error {
		return t.exec(`
			DELETE FROM admin_sessions
			WHERE token_hash = ?`, tokenHash)
	})
}

// RevokeKiosk implements central.KioskStore: the kiosk's token stops
// opening the API; the kiosk stays listed, marked revoked.
func (db *DB) RevokeKiosk(ctx context.Context, id string) error {
	return db.update(ctx, "revoke kiosk", func(t *txn) error {
		var hall, name string
		err := t.row(`
			SELECT
				hall_id,
				name
			FROM kiosks
			WHERE id = ?`, id).Scan(&hall, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("kiosk", id)
		}
		if err != nil {
			return err
		}
		if err := t.exec(`
			UPDATE kiosks SET
				revoked_at = coalesce(revoked_at, ?)
			WHERE id = ?`, t.now.UnixNano(), id); err != nil {
			return err
		}
		return t.audit(hall, "kiosk", id, "revoke", map[string]string{"name": name}, map[string]any{"name": name, "revoked_at": t.now})
	})
}

// AskKiosk counts one more ask of what in the kiosk's kiosk_command
// entity, in its hall's feed, where the kiosk's long poll picks it up.
func (db *DB) AskKiosk(ctx context.Context, id, what string) (kiosk.KioskCommand, error) {
	var cmd kiosk.KioskCommand
	if what != kiosk.AskSync && what != kiosk.AskRestart {
		return cmd, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrBadInput, "unknown ask %q", what).WithField("what")
	}
	err := db.update(ctx, "ask kiosk", func(t *txn) error {
		var hall string
		err := t.row(`
			SELECT hall_id
			FROM kiosks
			WHERE id = ?
				AND revoked_at IS NULL`, id).Scan(&hall)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("kiosk", id)
		}
		if err != nil {
			return err
		}
		var data string
		err = t.row(`
			SELECT data
			FROM entities
			WHERE entity = ?
				AND id = ?`, wire.EntityKioskCommand, id).Scan(&data)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			cmd = kiosk.KioskCommand{Kiosk: id}
		case err != nil:
			return err
		default:
			if err := json.Unmarshal([]byte(data), &cmd); err != nil {
				return err
			}
		}
		if what == kiosk.AskSync {
			cmd.Sync++
		} else {
			cmd.Restart++
		}
		_, err = t.put(wire.EntityKioskCommand, id, hall, cmd)
		return err
	})
	return cmd, err
}
