package sqlstore

import (
	"encoding/json"
	"slices"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// visit records a hall check-in; it refuses nothing a kiosk validated
// except an unknown student.
func (a *applier) visit(m kiosk.Mutation) (json.RawMessage, error) {
	var v kiosk.Visit
	if err := decode(m, &v); err != nil {
		return nil, err
	}
	if v.ID == "" {
		v.ID = m.ID
	}
	v.HallID, v.At = a.hall, a.clamp(v.At)
	if err := v.Validate(); err != nil {
		return nil, err
	}
	if data, done, err := a.sameAgain(wire.EntityVisit, v.ID, v.StudentKey); done || err != nil {
		return data, err
	}
	if _, err := a.studentRoles(v.StudentKey); err != nil {
		return nil, err
	}
	if err := a.t.insertVisit(a.hall, &v); err != nil {
		return nil, err
	}
	return a.t.putNew(wire.EntityVisit, v.ID, a.hall, v)
}

// eventCheckin records attendance; (event, student) is unique.
func (a *applier) eventCheckin(m kiosk.Mutation) (json.RawMessage, error) {
	var at kiosk.Attendance
	if err := decode(m, &at); err != nil {
		return nil, err
	}
	if at.ID == "" {
		at.ID = m.ID
	}
	if data, done, err := a.sameAgain(wire.EntityAttendance, at.ID, at.StudentKey); done || err != nil {
		return data, err
	}
	var e kiosk.Event
	if err := a.inHall(wire.EntityEvent, at.EventID, &e); err != nil {
		return nil, err
	}
	if _, err := a.studentRoles(at.StudentKey); err != nil {
		return nil, err
	}
	var n int
	if err := a.t.row(`
		SELECT
			count(*)
		FROM attendance
		WHERE event_id = ?
			AND student_key = ?`, at.EventID, at.StudentKey).Scan(&n); err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	tardy, err := kiosk.EventCheckIn(a.now, e, set.EventBefore, n > 0)
	if err != nil {
		return nil, err
	}
	at.At, at.Tardy = a.now, tardy
	if err := a.t.insertAttendance(a.hall, &at); err != nil {
		return nil, err
	}
	return a.t.putNew(wire.EntityAttendance, at.ID, a.hall, at)
}

// requestCreate files a request. The deadline is the server's: the
// submission time (never later than now) plus the hall's SLA.
func (a *applier) requestCreate(m kiosk.Mutation) (json.RawMessage, error) {
	var r kiosk.Request
	if err := decode(m, &r); err != nil {
		return nil, err
	}
	if r.ID == "" {
		r.ID = m.ID
	}
	r.HallID, r.SubmittedAt = a.hall, a.clamp(r.SubmittedAt)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if data, done, err := a.sameAgain(wire.EntityRequest, r.ID, r.StudentKey); done || err != nil {
		return data, err
	}
	if _, err := a.studentRoles(r.StudentKey); err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	r.Status, r.DueAt = kiosk.RequestSubmitted, r.SubmittedAt.Add(set.SLA.For(r.Category))
	r.Notes, r.Outcome, r.Rating = nil, "", 0
	if err := a.t.insertRequest(a.hall, &r); err != nil {
		return nil, err
	}
	return a.t.putNew(wire.EntityRequest, r.ID, a.hall, r)
}

// requestRate applies the student's verdict on a resolved request.
func (a *applier) requestRate(m kiosk.Mutation) (json.RawMessage, error) {
	var r kiosk.Request
	p, err := a.action(m, wire.EntityRequest, &r, func() string { return r.StudentKey })
	if err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	if err := r.Rate(a.now, set.SLA, p.Outcome, p.Rating); err != nil {
		return nil, err
	}
	return a.t.saveRequest(a.hall, &r)
}

// shiftPayload is what shift.start and shift.end carry: the kiosk.Shift
// as the kiosk has it (with its end, for shift.end).
type shiftPayload struct {
	ID         string    `json:"id"`
	StudentKey string    `json:"student"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
}

// shiftStart starts a volunteer's duty shift. Shift times are the
// kiosk's (no one competes for them), but never later than now.
func (a *applier) shiftStart(m kiosk.Mutation) (json.RawMessage, error) {
	var p shiftPayload
	if err := decode(m, &p); err != nil {
		return nil, err
	}
	if p.ID == "" {
		p.ID = m.ID
	}
	if data, done, err := a.sameAgain(wire.EntityShift, p.ID, p.StudentKey); done || err != nil {
		return data, err
	}
	roles, err := a.studentRoles(p.StudentKey)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(roles, kiosk.RoleVolunteer) {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrSyncRejected, "student is not a volunteer")
	}
	s := kiosk.Shift{ID: p.ID, StudentKey: p.StudentKey, Start: a.clamp(p.Start)}
	if err := a.t.insertShift(a.hall, &s); err != nil {
		return nil, err
	}
	return a.t.putNew(wire.EntityShift, s.ID, a.hall, s)
}

// shiftEnd ends an open shift at the kiosk's time, kept within
// [start, now].
func (a *applier) shiftEnd(m kiosk.Mutation) (json.RawMessage, error) {
	var p shiftPayload
	if err := decode(m, &p); err != nil {
		return nil, err
	}
	if p.ID == "" {
		p.ID = m.ID
	}
	var s kiosk.Shift
	if err := a.inHall(wire.EntityShift, p.ID, &s); err != nil {
		return nil, err
	}
	if s.StudentKey != p.StudentKey {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrNotFound, "shift %s is another student's", s.ID)
	}
	if !s.End.IsZero() {
		return nil, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrNotActive, "shift %s has ended", s.ID)
	}
	if s.End = a.clamp(p.End); s.End.Before(s.Start) {
		s.End = s.Start
	}
	if err := a.t.exec(`
		UPDATE shifts SET
			end_at = ?
		WHERE id = ?`,
		s.End.UnixNano(),
		s.ID,
	); err != nil {
		return nil, err
	}
	return a.t.put(wire.EntityShift, s.ID, a.hall, s)
}
