package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// HallRoster implements central.RosterImportStore.
func (db *DB) HallRoster(ctx context.Context, hallID string) ([]central.Student, error) {
	rows, err := db.readQuery(ctx, hallRosterQuery, hallID)
	if err != nil {
		return nil, db.wrap("hall roster", err)
	}
	ss, err := scanStudents(rows.Next, rows.Scan, rows.Close)
	if err == nil {
		err = rows.Err()
	}
	return ss, db.wrap("hall roster", err)
}

const hallRosterQuery = `
	SELECT
		e.data
	FROM students AS s
	JOIN entities AS e ON e.entity = 'student' AND e.id = s.student_key
	WHERE s.hall_id = ?
	ORDER BY s.student_key`

func scanStudents(next func() bool, scan func(...any) error, done func() error) ([]central.Student, error) {
	defer done()
	var ss []central.Student
	for next() {
		var data string
		if err := scan(&data); err != nil {
			return nil, err
		}
		var s central.Student
		if err := json.Unmarshal([]byte(data), &s); err != nil {
			return nil, err
		}
		ss = append(ss, s)
	}
	return ss, nil
}

// studentHallsChunk keeps each IN list well under both databases'
// limits on bound parameters.
const studentHallsChunk = 500

// StudentHalls implements central.RosterImportStore.
func (db *DB) StudentHalls(ctx context.Context, keys []string) (map[string]string, error) {
	return db.hallsBy(ctx, "student halls", "student_key", keys)
}

// CardHalls implements central.RosterImportStore.
func (db *DB) CardHalls(ctx context.Context, cardKeys []string) (map[string]string, error) {
	return db.hallsBy(ctx, "card halls", "card_key", cardKeys)
}

// hallsBy maps each of vs found in the students' column col (a fixed
// name, never input) to the student's hall.
func (db *DB) hallsBy(ctx context.Context, op, col string, vs []string) (map[string]string, error) {
	out := map[string]string{}
	for len(vs) > 0 {
		n := min(len(vs), studentHallsChunk)
		args := make([]any, n)
		for i, v := range vs[:n] {
			args[i] = v
		}
		vs = vs[n:]
		rows, err := db.readQuery(ctx, `
			SELECT
				`+col+`,
				hall_id
			FROM students
			WHERE `+col+` IN (?`+strings.Repeat(", ?", n-1)+`)`, args...)
		if err != nil {
			return nil, db.wrap(op, err)
		}
		for rows.Next() {
			var k, h string
			if err := rows.Scan(&k, &h); err != nil {
				rows.Close()
				return nil, db.wrap(op, err)
			}
			out[k] = h
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, db.wrap(op, err)
		}
	}
	return out, nil
}

// ApplyRoster implements central.RosterImportStore.
func (db *DB) ApplyRoster(ctx context.Context, hallID string, c central.RosterChange) error {
	for _, s := range append(c.New[:len(c.New):len(c.New)], c.Changed...) {
		if s.Key == "" || s.BuildingID == "" || s.MaskedName == "" {
			return invalid("student needs a key, a building and a masked name")
		}
	}
	return db.update(ctx, "apply roster", func(t *txn) error {
		// The hall's feed lock first: every roster write of the hall
		// takes it, so the roster read next stays the hall's until commit.
		if err := t.lockFeed(hallID); err != nil {
			return err
		}
		rows, err := t.query(hallRosterQuery, hallID)
		if err != nil {
			return err
		}
		current, err := scanStudents(rows.Next, rows.Scan, rows.Close)
		if err != nil {
			return err
		}
		if central.RosterFingerprint(current) != c.Basis {
			return central.ErrRosterChanged
		}
		audited := t.auditing()
		t.summary = true
		defer func() { t.summary = false }()
		// Removals first: a card a removed student held may be a new
		// student's now.
		for _, key := range c.Removed {
			if err := t.exec(`
				DELETE FROM students
				WHERE student_key = ?`, key); err != nil {
				return err
			}
			if err := t.del(wire.EntityStudent, key); err != nil {
				return err
			}
		}
		// Each student's building must be the hall's: the hall comes
		// from the import, not from the building as in PutStudents.
		halls := map[string]string{}
		for _, s := range append(c.New[:len(c.New):len(c.New)], c.Changed...) {
			if _, ok := halls[s.BuildingID]; !ok {
				h, err := t.buildingHall(s.BuildingID)
				if err != nil {
					return err
				}
				halls[s.BuildingID] = h
			}
			if halls[s.BuildingID] != hallID {
				return invalid("building %q is not hall %q's", s.BuildingID, hallID)
			}
		}
		for _, s := range c.Changed {
			if err := t.putStudent(hallID, withRole(s)); err != nil {
				return err
			}
		}
		for _, s := range c.New {
			var other string
			err := t.row(`
				SELECT
					hall_id
				FROM students
				WHERE student_key = ?`, s.Key).Scan(&other)
			if err == nil {
				// On another hall's roster since the preview (or on
				// this one, which the fingerprint has ruled out).
				return central.ErrRosterChanged
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err := t.putStudent(hallID, withRole(s)); err != nil {
				return err
			}
		}
		t.summary = false
		if !audited {
			return nil
		}
		return t.audit(hallID, "roster", hallID, "import", nil, map[string]any{
			"file": c.File, "new": len(c.New), "changed": len(c.Changed), "removed": len(c.Removed),
		})
	})
}

// withRole gives a student without roles the student role, as
// PutStudents does.
func withRole(s central.Student) central.Student {
	if len(s.Roles) == 0 {
		s.Roles = []string{kiosk.RoleStudent}
	}
	return s
}

// PutRosterPreview implements central.RosterImportStore.
func (db *DB) PutRosterPreview(ctx context.Context, p central.RosterPreview) error {
	if p.TokenHash == "" || p.Admin == "" || p.HallID == "" {
		return invalid("a roster preview needs a token, an admin and a hall")
	}
	return db.update(ctx, "put roster preview", func(t *txn) error {
		if err := t.exec(`
			DELETE FROM roster_previews
			WHERE expires_at <= ?
				OR (admin_name = ? AND hall_id = ?)`, t.now.UnixNano(), p.Admin, p.HallID); err != nil {
			return err
		}
		return t.exec(`
			INSERT INTO roster_previews (
				token_hash,
				admin_name,
				hall_id,
				expires_at,
				data
			) VALUES (?, ?, ?, ?, ?)`,
			p.TokenHash,
			p.Admin,
			p.HallID,
			p.Expires.UnixNano(),
			string(p.Data),
		)
	})
}

// TakeRosterPreview implements central.RosterImportStore.
func (db *DB) TakeRosterPreview(ctx context.Context, tokenHash, admin string) (central.RosterPreview, error) {
	p := central.RosterPreview{TokenHash: tokenHash, Admin: admin}
	err := db.update(ctx, "take roster preview", func(t *txn) error {
		var expires int64
		var data string
		err := t.row(`
			SELECT
				hall_id,
				expires_at,
				data
			FROM roster_previews
			WHERE token_hash = ?
				AND admin_name = ?`, tokenHash, admin).Scan(&p.HallID, &expires, &data)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("roster preview", "")
		}
		if err != nil {
			return err
		}
		if err := t.exec(`
			DELETE FROM roster_previews
			WHERE token_hash = ?`, tokenHash); err != nil {
			return err
		}
		if expires <= t.now.UnixNano() {
			return nil // deleted, and reported as gone below
		}
		p.Expires, p.Data = time.Unix(0, expires).In(t.now.Location()), []byte(data)
		return nil
	})
	if err == nil && p.Data == nil {
		err = notFound("roster preview", "")
	}
	return p, err
}
