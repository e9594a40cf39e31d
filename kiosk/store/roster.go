package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"onestop/kiosk"
)

// identifySQL finds a student by card key (?1) or number key (?2) in one
// query on two indexes; either key may be NULL. It returns up to two rows
// and says which matched the card, so the caller can prefer it. Building
// names come from subqueries: measured, a LEFT JOIN here cost several
// times more, and an ORDER BY to pick the card row more again.
const identifySQL = `
	SELECT
		r.student_key,
		r.masked_name,
		r.building_id,
		r.floor,
		r.roles,
		coalesce((SELECT name_zh FROM buildings WHERE id = r.building_id), ''),
		coalesce((SELECT name_en FROM buildings WHERE id = r.building_id), ''),
		r.card_key IS ?1
	FROM roster AS r
	WHERE r.card_key = ?1
		OR r.student_key = ?2`

// Identify finds the student a credential belongs to. A scan is tried as
// a card first and then, since a QR code may carry the student number, as
// a number. It is one read-only statement on a prepared query.
func (db *DB) Identify(ctx context.Context, c kiosk.Credential) (*kiosk.Student, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	salt, err := db.cachedSalt()
	if err != nil {
		return nil, err
	}
	v := strings.TrimSpace(c.Value)
	var cardKey, numberKey sql.NullString
	if c.Kind == kiosk.CredScan {
		cardKey = sql.NullString{String: kiosk.HashIdentifier(salt, kiosk.HashCard, v), Valid: true}
	}
	if kiosk.IsStudentNumber(v) {
		numberKey = sql.NullString{String: kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, v), Valid: true}
	}
	s, err := db.lookup(ctx, cardKey, numberKey)
	if err != nil {
		return nil, wrapErr("identify", err)
	}
	if s == nil {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "no student for this %s credential", c.Kind)
	}
	return s, nil
}

// lookup runs identifySQL and returns the card's holder if any, else the
// number's owner, else nil.
func (db *DB) lookup(ctx context.Context, cardKey, numberKey sql.NullString) (*kiosk.Student, error) {
	rows, err := db.identify.QueryContext(ctx, cardKey, numberKey)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found *kiosk.Student
	for rows.Next() {
		var s kiosk.Student
		var roles string
		var byCard bool
		err := rows.Scan(
			&s.Key,
			&s.MaskedName,
			&s.BuildingID,
			&s.Floor,
			&roles,
			&s.BuildingName.Zh,
			&s.BuildingName.En,
			&byCard,
		)
		if err != nil {
			return nil, err
		}
		s.Roles = splitRoles(roles)
		if found == nil || byCard {
			found = &s
		}
	}
	return found, rows.Err()
}

// RosterCount returns how many students the roster holds.
func (db *DB) RosterCount(ctx context.Context) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			count(*)
		FROM roster`).Scan(&n)
	return n, wrapErr("count roster", err)
}

// metaPINFailPrefix keys a student's wrong-PIN counter in meta:
// "pin.fail.<student key>" holds pinFails as JSON. The counter lives in
// meta so the throttle needs no schema change.
const metaPINFailPrefix = "pin.fail."

// pinFails is kiosk.PINFails as meta keeps it: unix nanoseconds, so
// prunePINFails can compare in SQL.
type pinFails struct {
	Count       int   `json:"count"`
	FirstAt     int64 `json:"first_at"`
	LockedUntil int64 `json:"locked_until,omitempty"`
}

// VerifyPIN checks the student's PIN (kiosk.CheckPIN) at the store's
// clock, counting wrong ones; counters whose time has passed are pruned
// on the way, so no trace of who mistyped lingers.
func (db *DB) VerifyPIN(ctx context.Context, studentKey, pin string) (bool, error) {
	var ok bool
	var locked error
	err := db.act(ctx, "verify pin", func(t *txn) error {
		if err := prunePINFails(ctx, t.tx, t.now); err != nil {
			return err
		}
		var err error
		ok, err = kiosk.CheckPIN(t, t.now, studentKey, pin)
		if kiosk.ErrorCode(err) == kiosk.ELIMIT {
			locked = err
			return nil // commit: the count that locked it must stay
		}
		return err
	})
	if err != nil {
		return false, err
	}
	return ok, locked
}

// PINHash implements kiosk.PINTx.
func (t *txn) PINHash(studentKey string) (string, error) {
	var hash sql.NullString
	err := t.tx.QueryRowContext(t.ctx, `
		SELECT
			pin_hash
		FROM roster
		WHERE student_key = ?`, studentKey).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return hash.String, err
}

// PINFails implements kiosk.PINTx.
// The kiosk's own count, with central's hall-wide lock (from the
// roster) as its end when that is later.
func (t *txn) PINFails(studentKey string) (kiosk.PINFails, error) {
	var raw sql.NullString
	var hallLock sql.NullInt64
	err := t.tx.QueryRowContext(t.ctx, `
		SELECT
			(SELECT value FROM meta WHERE key = ?),
			(SELECT pin_locked_until FROM roster WHERE student_key = ?)`,
		metaPINFailPrefix+studentKey, studentKey).Scan(&raw, &hallLock)
	if err != nil {
		return kiosk.PINFails{}, err
	}
	var out kiosk.PINFails
	var f pinFails
	if raw.Valid && json.Unmarshal([]byte(raw.String), &f) == nil { // a garbled counter counts from zero again
		out = kiosk.PINFails{Count: f.Count, First: time.Unix(0, f.FirstAt)}
		if f.LockedUntil != 0 {
			out.Until = t.db.at(sql.NullInt64{Int64: f.LockedUntil, Valid: true})
		}
	}
	if hall := t.db.at(hallLock); hall.After(out.Until) {
		out.Until = hall
	}
	return out, nil
}

// SavePINHash implements kiosk.PINTx and kiosk.PINSetTx: the new hash
// replaces the roster's and goes to central as pin.set.
func (t *txn) SavePINHash(studentKey, hash string) error {
	res, err := t.tx.ExecContext(t.ctx, `
		UPDATE roster SET
			pin_hash = ?
		WHERE student_key = ?`, hash, studentKey)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "student not in the roster"))
	}
	return t.queue(studentKey, kiosk.KindPINSet, pinPayload{StudentKey: studentKey, PINHash: hash})
}

// QueuePINFailure implements kiosk.PINTx: central counts the hall's.
func (t *txn) QueuePINFailure(studentKey string, at time.Time) error {
	return t.queue(studentKey, kiosk.KindPINFail, pinPayload{StudentKey: studentKey, At: at.UTC()})
}

// pinPayload is what pin.set and pin.fail carry (docs/protocol.md).
type pinPayload struct {
	StudentKey string    `json:"student"`
	PINHash    string    `json:"pin_hash,omitempty"`
	At         time.Time `json:"at,omitzero"`
}

// SetPIN sets the student's PIN (kiosk.SetPIN) and queues its hash.
func (db *DB) SetPIN(ctx context.Context, studentKey, pin string) error {
	return db.act(ctx, "set pin", func(t *txn) error {
		return kiosk.SetPIN(t, t.now, kiosk.Self(studentKey), pin)
	})
}

// SavePINFails implements kiosk.PINTx.
func (t *txn) SavePINFails(studentKey string, f kiosk.PINFails) error {
	if f.Count == 0 {
		_, err := t.tx.ExecContext(t.ctx, `
			DELETE FROM meta
			WHERE key = ?`, metaPINFailPrefix+studentKey)
		return err
	}
	row := pinFails{Count: f.Count, FirstAt: f.First.UnixNano()}
	if !f.Until.IsZero() {
		row.LockedUntil = f.Until.UnixNano()
	}
	v, err := json.Marshal(row)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(t.ctx, `
		INSERT INTO meta (
			key,
			value
		) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET
			value = excluded.value`,
		metaPINFailPrefix+studentKey,
		string(v),
	)
	return err
}

// prunePINFails deletes the counters that no longer count (not locked,
// or locked until before now, and first counted a lockout ago or more)
// and any that do not parse.
func prunePINFails(ctx context.Context, tx *sql.Tx, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		DELETE FROM meta
		WHERE key GLOB ?
			AND CASE
				WHEN json_valid(value) THEN
					coalesce(json_extract(value, '$.locked_until'), 0) <= ?
					AND coalesce(json_extract(value, '$.first_at'), 0) <= ?
				ELSE 1
			END`,
		metaPINFailPrefix+"*",
		now.UnixNano(),
		now.Add(-kiosk.PINLockout).UnixNano(),
	)
	return err
}

// rosterRow is a student as stored: keys and PIN hash as central sent
// them, no plain identifier.
type rosterRow struct {
	key        string
	cardKey    sql.NullString
	maskedName string
	buildingID string
	floor      int
	roles      string
	pinHash    sql.NullString
	pinLocked  sql.NullInt64 // central's hall-wide PIN lock, unix nanos
}

// nanos0 is nanos for a time that may be zero or out of range: none.
func nanos0(t time.Time) sql.NullInt64 {
	n, err := nanos(t)
	if err != nil {
		return sql.NullInt64{}
	}
	return n
}

// upsertRoster adds or replaces rows; a card key moving to another
// student is taken from its old holder.
func upsertRoster(ctx context.Context, tx *sql.Tx, rows []rosterRow, now int64) error {
	takeCard, err := tx.PrepareContext(ctx, `
		UPDATE roster SET
			card_key = NULL
		WHERE card_key = ?
			AND student_key <> ?`)
	if err != nil {
		return err
	}
	defer takeCard.Close()
	upsert, err := tx.PrepareContext(ctx, `
		INSERT INTO roster (
			student_key,
			card_key,
			masked_name,
			building_id,
			floor,
			roles,
			pin_hash,
			pin_locked_until,
			updated_at
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (student_key) DO UPDATE SET
			card_key = excluded.card_key,
			masked_name = excluded.masked_name,
			building_id = excluded.building_id,
			floor = excluded.floor,
			roles = excluded.roles,
			-- A PIN set here that central has not answered yet wins over
			-- the roster row central sent before it.
			pin_hash = CASE
				WHEN EXISTS (
					SELECT
						1
					FROM outbox
					WHERE id = roster.student_key
						AND kind = 'pin.set'
						AND state = 'pending'
				) THEN roster.pin_hash
				ELSE excluded.pin_hash
			END,
			pin_locked_until = excluded.pin_locked_until,
			updated_at = excluded.updated_at`)
	if err != nil {
		return err
	}
	defer upsert.Close()
	for _, r := range rows {
		if r.cardKey.Valid {
			if _, err := takeCard.ExecContext(ctx, r.cardKey, r.key); err != nil {
				return err
			}
		}
		_, err := upsert.ExecContext(ctx, r.key, r.cardKey, r.maskedName, r.buildingID, r.floor, r.roles, r.pinHash, r.pinLocked, now)
		if err != nil {
			return err
		}
	}
	return nil
}

// Roles are stored comma-separated; role names are domain constants.
func joinRoles(roles []string) (string, error) {
	var out []string
	for _, r := range roles {
		r = strings.TrimSpace(r)
		if strings.Contains(r, ",") {
			return "", kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "role %q contains a comma", r)
		}
		if r != "" {
			out = append(out, r)
		}
	}
	return strings.Join(out, ","), nil
}

func splitRoles(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
