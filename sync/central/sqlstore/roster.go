package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// PutStudents adds or replaces students by key in one transaction.
func (db *DB) PutStudents(ctx context.Context, ss []central.Student) error {
	for _, s := range ss {
		if s.Key == "" || s.BuildingID == "" || s.MaskedName == "" {
			return invalid("student needs a key, a building and a masked name")
		}
	}
	return db.update(ctx, "put students", func(t *txn) error {
		halls := map[string]string{}
		perHall := map[string]int{}
		audited := t.auditing()
		t.summary = true
		defer func() { t.summary = false }()
		for _, s := range ss {
			hall, ok := halls[s.BuildingID]
			if !ok {
				var err error
				if hall, err = t.buildingHall(s.BuildingID); err != nil {
					return err
				}
				halls[s.BuildingID] = hall
			}
			if s.Roles == nil {
				s.Roles = []string{kiosk.RoleStudent}
			}
			if err := t.putStudent(hall, s); err != nil {
				return err
			}
			perHall[hall]++
		}
		t.summary = false
		for hall, n := range perHall {
			if !audited {
				break
			}
			if err := t.audit(hall, "roster", hall, "import", nil, map[string]int{"students": n}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (t *txn) putStudent(hall string, s central.Student) error {
	var card sql.NullString
	if s.CardKey != "" {
		card = sql.NullString{String: s.CardKey, Valid: true}
	}
	err := t.exec(`
		INSERT INTO students (
			student_key,
			card_key,
			hall_id,
			building_id,
			roles
		) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (student_key) DO UPDATE SET
			card_key = excluded.card_key,
			hall_id = excluded.hall_id,
			building_id = excluded.building_id,
			roles = excluded.roles`,
		s.Key,
		card,
		hall,
		s.BuildingID,
		strings.Join(s.Roles, ","),
	)
	if err != nil {
		if t.db.d.IsUnique(err) {
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "card already belongs to another student")
		}
		return err
	}
	if s.PINHash == "" || s.PINLockedUntil.IsZero() {
		// A re-import without PINs keeps the PIN a student set on a kiosk,
		// and any lock that runs.
		var old central.Student
		if _, err := t.get(wire.EntityStudent, s.Key, &old); err == nil {
			s.PINHash = cmp.Or(s.PINHash, old.PINHash)
			if s.PINLockedUntil.IsZero() {
				s.PINLockedUntil = old.PINLockedUntil
			}
		} else if kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
			return err
		}
	}
	_, err = t.put(wire.EntityStudent, s.Key, hall, s)
	return err
}

// SetStudentPIN implements central.RosterStore.
func (db *DB) SetStudentPIN(ctx context.Context, key, hash string) error {
	return db.update(ctx, "set student pin", func(t *txn) error {
		var s central.Student
		hall, err := t.get(wire.EntityStudent, key, &s)
		if err != nil {
			return err
		}
		if err := t.lockFeed(hall); err != nil {
			return err
		}
		s.PINHash = hash
		_, err = t.put(wire.EntityStudent, key, hall, s)
		return err
	})
}

// DeleteStudent removes a student from the roster; their history stays.
func (db *DB) DeleteStudent(ctx context.Context, key string) error {
	return db.update(ctx, "delete student", func(t *txn) error {
		if err := t.exec(`
			DELETE FROM students
			WHERE student_key = ?`, key); err != nil {
			return err
		}
		return t.del(wire.EntityStudent, key)
	})
}

// student returns the roles of a student on the roster.
func (t *txn) studentRoles(key string) ([]string, error) {
	var roles string
	err := t.row(`
		SELECT
			roles
		FROM students
		WHERE student_key = ?`, key).Scan(&roles)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "student not on the roster")
	}
	return strings.Split(roles, ","), err
}

// UpdateRequest applies a handler's step: status, note and deadline.
func (db *DB) UpdateRequest(ctx context.Context, id string, u central.RequestUpdate) (kiosk.Request, error) {
	if u.Status != "" && !slices.Contains(requestStatuses, u.Status) {
		return kiosk.Request{}, invalid("unknown request status %q", u.Status)
	}
	var r kiosk.Request
	err := db.update(ctx, "update request", func(t *txn) error {
		hall, err := t.get(wire.EntityRequest, id, &r)
		if err != nil {
			return err
		}
		if u.Status != "" {
			r.Status = u.Status
		}
		if !u.DueAt.IsZero() {
			r.DueAt = u.DueAt
		}
		if u.Note != "" || u.Status != "" {
			r.Notes = append(r.Notes, kiosk.RequestNote{At: t.now, Status: r.Status, Text: u.Note})
			// A step the student sees is an answer, and the rates count it.
			if r.RespondedAt.IsZero() {
				r.RespondedAt = t.now
			}
		}
		if r.Status == kiosk.RequestResolved && r.ResolvedAt.IsZero() {
			r.ResolvedAt = t.now
		}
		_, err = t.saveRequest(hall, &r)
		return err
	})
	return r, err
}

var requestStatuses = []kiosk.RequestStatus{
	kiosk.RequestSubmitted, kiosk.RequestAccepted, kiosk.RequestDispatched, kiosk.RequestInProgress,
	kiosk.RequestResolved, kiosk.RequestClosed, kiosk.RequestRejected, kiosk.RequestReopened,
}

// saveRequest writes a changed request's columns and entity.
func (t *txn) saveRequest(hall string, r *kiosk.Request) (json.RawMessage, error) {
	err := t.exec(`
		UPDATE requests SET
			status = ?,
			due_at = ?,
			category = ?,
			building_id = ?,
			floor = ?,
			unit_id = ?,
			submitted_at = ?,
			response_due_at = ?,
			responded_at = ?,
			resolved_at = ?,
			proactive = ?,
			closed = ?,
			sort_at = ?,
			followup_at = ?,
			followup_solved = ?,
			followup_satisfied = ?
		WHERE id = ?`,
		append(append(append([]any{string(r.Status), nanos(r.DueAt)}, boardArgs(r)...), followUpArgs(r)...), r.ID)...,
	)
	if err != nil {
		return nil, err
	}
	return t.put(wire.EntityRequest, r.ID, hall, r)
}

// RequestByToken finds a request by its status-page token.
func (db *DB) RequestByToken(ctx context.Context, token string) (kiosk.Request, error) {
	var r kiosk.Request
	var data string
	err := db.r.QueryRowContext(ctx, db.q(`
		SELECT
			e.data
		FROM requests AS r
		JOIN entities AS e ON e.entity = 'request' AND e.id = r.id
		WHERE r.token = ?`), token).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("request", "by token")
	}
	if err != nil {
		return r, db.wrap("request by token", err)
	}
	return r, json.Unmarshal([]byte(data), &r)
}

// AddRequestDetail stores text or a photo the student added.
func (db *DB) AddRequestDetail(ctx context.Context, token string, d central.RequestDetail) error {
	return db.update(ctx, "add request detail", func(t *txn) error {
		var id string
		var n int
		err := t.row(`
			SELECT
				r.id,
				(SELECT count(*) FROM request_details WHERE request_id = r.id)
			FROM requests AS r
			WHERE r.token = ?`, token).Scan(&id, &n)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("request", "by token")
		}
		if err != nil {
			return err
		}
		if n >= central.MaxRequestDetails {
			return kiosk.Errorf(kiosk.ELIMIT, kiosk.MsgErrInternal, "request has %d additions already", n)
		}
		err = t.exec(`
			INSERT INTO request_details (
				request_id,
				at,
				text,
				photo,
				photo_type
			) VALUES (?, ?, ?, ?, ?)`,
			id,
			t.now.UnixNano(),
			d.Text,
			d.Photo,
			d.PhotoType,
		)
		return err
	})
}

// RequestDetails lists what students added to a request, oldest first.
func (db *DB) RequestDetails(ctx context.Context, requestID string) ([]central.RequestDetail, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`
		SELECT
			at,
			text,
			photo,
			photo_type
		FROM request_details
		WHERE request_id = ?
		ORDER BY id`), requestID)
	if err != nil {
		return nil, db.wrap("request details", err)
	}
	defer rows.Close()
	var ds []central.RequestDetail
	loc := db.clock.Now().Location()
	for rows.Next() {
		var d central.RequestDetail
		var at sql.NullInt64
		if err := rows.Scan(&at, &d.Text, &d.Photo, &d.PhotoType); err != nil {
			return nil, db.wrap("request details", err)
		}
		d.At = fromNanos(at, loc)
		ds = append(ds, d)
	}
	return ds, db.wrap("request details", rows.Err())
}

// Appointment returns an appointment by id.
func (db *DB) Appointment(ctx context.Context, id string) (kiosk.Appointment, error) {
	var a kiosk.Appointment
	_, data, err := db.Entity(ctx, wire.EntityAppointment, id)
	if err != nil {
		return a, err
	}
	return a, json.Unmarshal(data, &a)
}
