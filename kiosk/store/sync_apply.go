package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"

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

// entityOps applies one entity's upsert or delete. An upsert is two
// steps: parse decodes and checks central's data and touches no
// database, so ApplyChanges parses a page's later changes on another
// core while it writes the earlier ones; put writes what parse made.
type entityOps struct {
	parse func(id string, data []byte) (any, error)
	put   func(a *applier, v any) error
	del   string // DELETE … WHERE id = ?
}

// op types an entity's parse and put.
func op[T any](parse func(id string, data []byte) (T, error), put func(a *applier, v T) error, del string) entityOps {
	return entityOps{
		parse: func(id string, data []byte) (any, error) { return parse(id, data) },
		put:   func(a *applier, v any) error { return put(a, v.(T)) },
		del:   del,
	}
}

// ops knows every entity of the feed. The students' own records are
// deleted only where they are central's copies (sync_state applied):
// a pending or refused row is the kiosk's own, still to push or to show.
var ops = map[string]entityOps{
	// The kiosk has one hall: its settings go whatever the id.
	kiosk.EntitySettings: op(parseSettings, (*applier).settings, `
		DELETE FROM settings
		WHERE ? <> ''`),
	kiosk.EntityBuilding: plain((*kiosk.Building).Validate, putBuilding, `
		DELETE FROM buildings
		WHERE id = ?`),
	kiosk.EntityRoom: plain((*kiosk.Room).Validate, putRoom, `
		DELETE FROM rooms
		WHERE id = ?`),
	kiosk.EntityMentor: plain((*kiosk.Mentor).Validate, putMentor, `
		DELETE FROM mentors
		WHERE id = ?`),
	kiosk.EntityMentorSlot: plain((*kiosk.MentorSlot).Validate, putMentorSlot, `
		DELETE FROM mentor_slots
		WHERE id = ?`),
	kiosk.EntityEvent: plain((*kiosk.Event).Validate, putEvent, `
		DELETE FROM events
		WHERE id = ?`),
	kiosk.EntityAnnouncement: plain((*kiosk.Announcement).Validate, putAnnouncement, `
		DELETE FROM announcements
		WHERE id = ?`),
	kiosk.EntityStudent: op(parseStudent, (*applier).student, `
		DELETE FROM roster
		WHERE student_key = ?`),
	kiosk.EntityKioskCommand: op(parseCommand, putCommand, `
		DELETE FROM kiosk_commands
		WHERE id = ?`),
	kiosk.EntityRelease: op(parseRelease, putRelease, `
		DELETE FROM releases
		WHERE id = ?`),
	kiosk.EntityShift: plain((*kiosk.Shift).Validate, putShift, `
		DELETE FROM shifts
		WHERE id = ?`),
	kiosk.EntityBooking: plain(validBooking, upsertBooking, `
		DELETE FROM bookings
		WHERE id = ?
			AND sync_state = 'applied'`),
	kiosk.EntityAppointment: op(parseAppointment, (*applier).appointment, `
		DELETE FROM appointments
		WHERE id = ?
			AND sync_state = 'applied'`),
	kiosk.EntityRequest: op(parseRequest, (*applier).request, `
		DELETE FROM requests
		WHERE id = ?
			AND sync_state = 'applied'`),
	kiosk.EntityAttendance: op(parseAttendance, (*applier).attendance, `
		DELETE FROM attendance
		WHERE id = ?
			AND sync_state = 'applied'`),
	kiosk.EntityVisit: plain((*kiosk.Visit).Validate, upsertVisit, `
		DELETE FROM visits
		WHERE id = ?
			AND sync_state = 'applied'`),
}

// apply applies one change. A change the kiosk cannot store is skipped
// and named in the stats; a failure of the database itself, or a clash
// with a pending local entry (errBlocked), fails the transaction.
func (a *applier) apply(c kiosk.Change) error { return a.applyParsed(c, parseChange(c)) }

// parsed is a change's data as its entity's parse left it.
type parsed struct {
	v   any
	err error
}

func parseChange(c kiosk.Change) parsed {
	op, ok := ops[c.Entity]
	if !ok || c.Delete || c.ID == "" {
		return parsed{}
	}
	v, err := op.parse(c.ID, c.Data)
	return parsed{v, err}
}

// applyParsed is apply with c's data parsed already (p).
func (a *applier) applyParsed(c kiosk.Change, p parsed) error {
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
	case p.err != nil:
		err = p.err
	default:
		err = op.put(a, p.v)
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

// parseChunk is how many changes parseAhead hands over at a time.
const parseChunk = 256

// ahead parses a page's changes on another goroutine, chunk by chunk,
// so the JSON of later changes is decoded while earlier ones are written.
type ahead struct {
	out     []parsed
	ready   []chan struct{} // closed once its chunk of out is parsed
	stopped atomic.Bool
}

func parseAhead(cs []kiosk.Change) *ahead {
	h := &ahead{out: make([]parsed, len(cs)), ready: make([]chan struct{}, (len(cs)+parseChunk-1)/parseChunk)}
	for k := range h.ready {
		h.ready[k] = make(chan struct{})
	}
	go func() {
		for k := range h.ready {
			if h.stopped.Load() {
				return
			}
			for i := k * parseChunk; i < min(len(cs), (k+1)*parseChunk); i++ {
				h.out[i] = parseChange(cs[i])
			}
			close(h.ready[k])
		}
	}()
	return h
}

// get waits for change i's parse.
func (h *ahead) get(i int) parsed {
	<-h.ready[i/parseChunk]
	return h.out[i]
}

// stop ends the parsing early once nothing will be asked for any more.
func (h *ahead) stop() { h.stopped.Store(true) }

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

// plain is the ops of an entity central sends as is: decoded, checked,
// and written by put.
func plain[T entity](check func(*T) error, put func(context.Context, *sql.Tx, T) error, del string) entityOps {
	return op(func(id string, data []byte) (T, error) {
		v, err := decode(data, id, entityID[T])
		if err == nil {
			err = check(&v)
		}
		return v, err
	}, func(a *applier, v T) error { return put(a.ctx, a.tx, v) }, del)
}

// parseStudent reads a roster row; student queues it and flushStudents
// writes the queue.
func parseStudent(id string, data []byte) (rosterRow, error) {
	var r kiosk.RosterRow
	if err := json.Unmarshal(data, &r); err != nil {
		return rosterRow{}, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "data: %v", err)
	}
	if r.Key != id || r.MaskedName == "" {
		return rosterRow{}, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "student %q has no key or name", r.Key)
	}
	roles, err := joinRoles(r.Roles)
	if err != nil {
		return rosterRow{}, err
	}
	return rosterRow{
		key:        r.Key,
		cardKey:    sql.NullString{String: r.CardKey, Valid: r.CardKey != ""},
		maskedName: r.MaskedName,
		buildingID: r.BuildingID,
		floor:      r.Floor,
		roles:      roles,
		pinHash:    sql.NullString{String: r.PINHash, Valid: r.PINHash != ""},
		pinLocked:  nanos0(r.PINLockedUntil),
	}, nil
}

func (a *applier) student(r rosterRow) error {
	a.students = append(a.students, r)
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
func parseAppointment(id string, data []byte) (kiosk.Appointment, error) {
	ap, err := decode(data, id, entityID[kiosk.Appointment])
	if err == nil {
		err = validAppointment(&ap)
	}
	return ap, err
}

func (a *applier) appointment(ap kiosk.Appointment) error {
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
func parseRequest(id string, data []byte) (kiosk.Request, error) {
	r, err := decode(data, id, entityID[kiosk.Request])
	if err == nil {
		err = validRequest(&r)
	}
	return r, err
}

func (a *applier) request(r kiosk.Request) error {
	err := a.dropStale("request", r.ID, `
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
func parseAttendance(id string, data []byte) (kiosk.Attendance, error) {
	at, err := decode(data, id, entityID[kiosk.Attendance])
	if err == nil && (at.ID == "" || at.EventID == "" || at.StudentKey == "" || at.At.IsZero()) {
		err = kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "attendance without event, student or time")
	}
	return at, err
}

func (a *applier) attendance(at kiosk.Attendance) error {
	err := a.dropStale("attendance", at.ID, `
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
