package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"onestop/kiosk"
)

// This file applies central's entities, from a pulled page or a push
// answer, inside the caller's transaction. Central's state replaces the
// local copy except where the copy has an entry central has not answered
// yet (sync_state pending): that entry's answer brings central's state.

// applier applies central's changes in one transaction.
type applier struct {
	db    *DB
	ctx   context.Context
	tx    *sql.Tx
	now   int64
	stats kiosk.ApplyStats
	// students are consecutive student upserts not yet written: written
	// together they share two prepared statements.
	students []rosterRow
	// salt is set when a settings change brought a new roster salt; the
	// cache takes it after the commit.
	salt []byte
}

// entityOps applies one entity's upsert (data) or delete.
type entityOps struct {
	upsert func(a *applier, id string, data []byte) error
	del    string // DELETE … WHERE id = ?
}

// ops knows every entity of the feed. The students' own records are
// deleted only where they are central's copies (sync_state applied):
// a pending or refused row is the kiosk's own, still to push or to show.
var ops = map[string]entityOps{
	// The kiosk has one hall: its settings go whatever the id.
	kiosk.EntitySettings: {upsert: (*applier).settings, del: `
		DELETE FROM settings
		WHERE ? <> ''`},
	kiosk.EntityBuilding: {upsert: decoded(validBuilding, putBuilding), del: `
		DELETE FROM buildings
		WHERE id = ?`},
	kiosk.EntityRoom: {upsert: decoded(validRoom, putRoom), del: `
		DELETE FROM rooms
		WHERE id = ?`},
	kiosk.EntityMentor: {upsert: decoded(validMentor, putMentor), del: `
		DELETE FROM mentors
		WHERE id = ?`},
	kiosk.EntityMentorSlot: {upsert: decoded(validMentorSlot, putMentorSlot), del: `
		DELETE FROM mentor_slots
		WHERE id = ?`},
	kiosk.EntityEvent: {upsert: decoded(validEvent, putEvent), del: `
		DELETE FROM events
		WHERE id = ?`},
	kiosk.EntityAnnouncement: {upsert: decoded(validAnnouncement, putAnnouncement), del: `
		DELETE FROM announcements
		WHERE id = ?`},
	kiosk.EntityStudent: {upsert: (*applier).student, del: `
		DELETE FROM roster
		WHERE student_key = ?`},
	kiosk.EntityShift: {upsert: decoded(validShift, putShift), del: `
		DELETE FROM shifts
		WHERE id = ?`},
	kiosk.EntityBooking: {upsert: decoded(validBooking, upsertBooking), del: `
		DELETE FROM bookings
		WHERE id = ?
			AND sync_state = 'applied'`},
	kiosk.EntityAppointment: {upsert: (*applier).appointment, del: `
		DELETE FROM appointments
		WHERE id = ?
			AND sync_state = 'applied'`},
	kiosk.EntityRequest: {upsert: (*applier).request, del: `
		DELETE FROM requests
		WHERE id = ?
			AND sync_state = 'applied'`},
	kiosk.EntityAttendance: {upsert: (*applier).attendance, del: `
		DELETE FROM attendance
		WHERE id = ?
			AND sync_state = 'applied'`},
	kiosk.EntityVisit: {upsert: decoded(validVisit, upsertVisit), del: `
		DELETE FROM visits
		WHERE id = ?
			AND sync_state = 'applied'`},
}

// apply applies one change. A change the kiosk cannot store is skipped
// and named in the stats; a failure of the database itself, or a clash
// with a pending local entry (errBlocked), fails the transaction.
func (a *applier) apply(c kiosk.Change) error {
	if c.Entity != kiosk.EntityStudent || c.Delete {
		if err := a.flushStudents(); err != nil {
			return err
		}
	}
	op, ok := ops[c.Entity]
	var err error
	switch {
	case !ok:
		err = kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "unknown entity")
	case c.ID == "":
		err = kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "no id")
	case c.Delete:
		_, err = a.tx.ExecContext(a.ctx, op.del, c.ID)
	default:
		err = op.upsert(a, c.ID, c.Data)
	}
	if err == nil {
		a.stats.Applied++
		return nil
	}
	if skippable(err) {
		a.stats.Skipped = append(a.stats.Skipped, fmt.Sprintf("%s %s: %v", c.Entity, c.ID, err))
		return nil
	}
	return fmt.Errorf("%s %s: %w", c.Entity, c.ID, err)
}

// skippable: bad data from central, not a failure here. A constraint
// violation rolled back only its own statement.
func skippable(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		return true
	}
	return kiosk.ErrorCode(err) == kiosk.EINVALID
}

// decode reads an entity's JSON and checks that it is the change's id.
func decode[T any](data []byte, id string, idOf func(*T) string) (T, error) {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return v, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "data: %v", err)
	}
	if got := idOf(&v); got != id {
		return v, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "data has id %q", got)
	}
	return v, nil
}

// entity is a domain type central sends as is.
type entity interface {
	kiosk.Building | kiosk.Room | kiosk.Mentor | kiosk.MentorSlot | kiosk.Event | kiosk.Announcement |
		kiosk.Shift | kiosk.Booking | kiosk.Appointment | kiosk.Request | kiosk.Attendance | kiosk.Visit
}

// entityID returns a domain type's id for decode.
func entityID[T entity](v *T) string {
	switch x := any(v).(type) {
	case *kiosk.Building:
		return x.ID
	case *kiosk.Room:
		return x.ID
	case *kiosk.Mentor:
		return x.ID
	case *kiosk.MentorSlot:
		return x.ID
	case *kiosk.Event:
		return x.ID
	case *kiosk.Announcement:
		return x.ID
	case *kiosk.Shift:
		return x.ID
	case *kiosk.Booking:
		return x.ID
	case *kiosk.Appointment:
		return x.ID
	case *kiosk.Request:
		return x.ID
	case *kiosk.Attendance:
		return x.ID
	case *kiosk.Visit:
		return x.ID
	}
	return ""
}

// decoded makes an upsert from a check and a writer taking the tx.
func decoded[T entity](check func(*T) error, put func(context.Context, *sql.Tx, T) error) func(*applier, string, []byte) error {
	return func(a *applier, id string, data []byte) error {
		v, err := decode(data, id, entityID[T])
		if err != nil {
			return err
		}
		if err := check(&v); err != nil {
			return err
		}
		return put(a.ctx, a.tx, v)
	}
}

// student queues a roster row; flushStudents writes the queue.
func (a *applier) student(id string, data []byte) error {
	var r kiosk.RosterRow
	if err := json.Unmarshal(data, &r); err != nil {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "data: %v", err)
	}
	if r.Key != id || r.MaskedName == "" {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "student %q has no key or name", r.Key)
	}
	roles, err := joinRoles(r.Roles)
	if err != nil {
		return err
	}
	a.students = append(a.students, rosterRow{
		key:        r.Key,
		cardKey:    sql.NullString{String: r.CardKey, Valid: r.CardKey != ""},
		maskedName: r.MaskedName,
		buildingID: r.BuildingID,
		floor:      r.Floor,
		roles:      roles,
		pinHash:    sql.NullString{String: r.PINHash, Valid: r.PINHash != ""},
	})
	return nil
}

func (a *applier) flushStudents() error {
	if len(a.students) == 0 {
		return nil
	}
	err := upsertRoster(a.ctx, a.tx, a.students, a.now)
	a.students = a.students[:0]
	return err
}

// appointment stores central's appointment. Another appointment
// holding the same slot here is stale: central gave the slot on, so that
// one's own change follows. Until it comes it is marked cancelled, unless
// it is pending: then central has not heard of it and the page waits.
func (a *applier) appointment(id string, data []byte) error {
	ap, err := decode(data, id, entityID[kiosk.Appointment])
	if err != nil {
		return err
	}
	if err := validAppointment(&ap); err != nil {
		return err
	}
	if ap.Status.Holds() {
		var other, state string
		err := a.tx.QueryRowContext(a.ctx, `
			SELECT
				id,
				sync_state
			FROM appointments
			WHERE slot_id = ?
				AND id <> ?
				AND status IN ('booked', 'arrived', 'completed')`, ap.SlotID, ap.ID).Scan(&other, &state)
		switch {
		case err == nil && state == kiosk.OutboxPending:
			return errBlocked("appointment", ap.ID)
		case err == nil:
			if _, err := a.tx.ExecContext(a.ctx, `
				UPDATE appointments SET
					status = 'cancelled'
				WHERE id = ?`, other); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
	}
	return upsertAppointment(a.ctx, a.tx, ap)
}

// request stores central's request; another row with its ticket or
// token is stale unless pending (see appointment).
func (a *applier) request(id string, data []byte) error {
	r, err := decode(data, id, entityID[kiosk.Request])
	if err != nil {
		return err
	}
	if err := validRequest(&r); err != nil {
		return err
	}
	err = a.dropStale("request", r.ID, `
		SELECT
			id,
			sync_state
		FROM requests
		WHERE (ticket = ? OR token = ?)
			AND id <> ?`, `
		DELETE FROM requests
		WHERE id = ?`, r.Ticket, r.Token, r.ID)
	if err != nil {
		return err
	}
	return upsertRequest(a.ctx, a.tx, r)
}

// attendance stores central's attendance; another row for the same
// student and event is stale unless pending (see appointment).
func (a *applier) attendance(id string, data []byte) error {
	at, err := decode(data, id, entityID[kiosk.Attendance])
	if err != nil {
		return err
	}
	if at.ID == "" || at.EventID == "" || at.StudentKey == "" || at.At.IsZero() {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "attendance without event, student or time")
	}
	err = a.dropStale("attendance", at.ID, `
		SELECT
			id,
			sync_state
		FROM attendance
		WHERE event_id = ?
			AND student_key = ?
			AND id <> ?`, `
		DELETE FROM attendance
		WHERE id = ?`, at.EventID, at.StudentKey, at.ID)
	if err != nil {
		return err
	}
	_, err = a.tx.ExecContext(a.ctx, `
		INSERT INTO attendance (`+attendanceCols+`
		) VALUES (?, ?, ?, ?, ?, 'applied')
		ON CONFLICT (id) DO UPDATE SET
			event_id = excluded.event_id,
			student_key = excluded.student_key,
			at = excluded.at,
			tardy = excluded.tardy,
			sync_state = 'applied'
		WHERE attendance.sync_state <> 'pending'`,
		attendanceArgs(at)...)
	return err
}

// dropStale deletes the rows find returns (id, sync_state) unless one is
// pending, which blocks the page.
func (a *applier) dropStale(what, id, find, drop string, args ...any) error {
	rows, err := a.tx.QueryContext(a.ctx, find, args...)
	if err != nil {
		return err
	}
	var stale []string
	for rows.Next() {
		var other, state string
		if err := rows.Scan(&other, &state); err != nil {
			rows.Close()
			return err
		}
		if state == kiosk.OutboxPending {
			rows.Close()
			return errBlocked(what, id)
		}
		stale = append(stale, other)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, other := range stale {
		if _, err := a.tx.ExecContext(a.ctx, drop, other); err != nil {
			return err
		}
	}
	return nil
}

func upsertVisit(ctx context.Context, tx *sql.Tx, v kiosk.Visit) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO visits (`+visitCols+`
		) VALUES (?, ?, ?, ?, ?, 'applied')
		ON CONFLICT (id) DO UPDATE SET
			student_key = excluded.student_key,
			hall_id = excluded.hall_id,
			purpose = excluded.purpose,
			at = excluded.at,
			sync_state = 'applied'
		WHERE visits.sync_state <> 'pending'`,
		visitArgs(v)...)
	return err
}
