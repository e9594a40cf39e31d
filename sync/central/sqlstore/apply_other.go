package sqlstore

import (
	"encoding/json"
	"time"

	"onestop/kiosk"
)

// visit records a hall check-in (kiosk.CheckInVisit).
func (a *applier) visit(m kiosk.Mutation) (json.RawMessage, error) {
	var v kiosk.Visit
	if err := decodeCreate(m, &v, &v.ID); err != nil {
		return nil, err
	}
	v.HallID = a.hall
	return a.run(kiosk.CheckInVisit(a, a.now, kiosk.Actor{StudentKey: v.StudentKey, AssistedBy: v.AssistedBy}, v))
}

// eventCheckin records attendance (kiosk.CheckInEvent).
func (a *applier) eventCheckin(m kiosk.Mutation) (json.RawMessage, error) {
	var at kiosk.Attendance
	if err := decodeCreate(m, &at, &at.ID); err != nil {
		return nil, err
	}
	act := kiosk.Actor{StudentKey: at.StudentKey, AssistedBy: at.AssistedBy}
	return a.run(kiosk.CheckInEvent(a, a.now, act, at.ID, at.EventID))
}

// requestCreate files a request (kiosk.SubmitRequest): the deadline is
// the server's, from the submission time (never later than now) and
// the hall's SLA.
func (a *applier) requestCreate(m kiosk.Mutation) (json.RawMessage, error) {
	var r kiosk.Request
	if err := decodeCreate(m, &r, &r.ID); err != nil {
		return nil, err
	}
	r.HallID = a.hall
	return a.run(kiosk.SubmitRequest(a, a.now, kiosk.Actor{StudentKey: r.StudentKey, AssistedBy: r.AssistedBy}, r))
}

// requestRate applies the student's verdict on a resolved request.
func (a *applier) requestRate(m kiosk.Mutation) (json.RawMessage, error) {
	p, err := decodeAction(m)
	if err != nil {
		return nil, err
	}
	return a.run(kiosk.RateRequest(a, a.now, p.Actor(), p.ID, p.Outcome, p.Rating))
}

// shiftPayload is what shift.start and shift.end carry: the kiosk.Shift
// as the kiosk has it (with its end, for shift.end).
type shiftPayload struct {
	ID         string    `json:"id"`
	StudentKey string    `json:"student"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
}

// shiftStart starts a volunteer's duty shift (kiosk.StartShift).
func (a *applier) shiftStart(m kiosk.Mutation) (json.RawMessage, error) {
	var p shiftPayload
	if err := decodeCreate(m, &p, &p.ID); err != nil {
		return nil, err
	}
	return a.run(kiosk.StartShift(a, a.now, kiosk.Self(p.StudentKey), p.ID, p.Start))
}

// shiftEnd ends an open shift at the kiosk's time, kept within
// [start, now] (kiosk.EndShift).
func (a *applier) shiftEnd(m kiosk.Mutation) (json.RawMessage, error) {
	var p shiftPayload
	if err := decodeCreate(m, &p, &p.ID); err != nil {
		return nil, err
	}
	return a.run(kiosk.EndShift(a, a.now, kiosk.Self(p.StudentKey), p.ID, p.End))
}

// pinPayload is what pin.set and pin.fail carry.
type pinPayload struct {
	StudentKey string    `json:"student"`
	PINHash    string    `json:"pin_hash"`
	At         time.Time `json:"at"`
}

// pinSet takes a student's new PIN hash (kiosk.AcceptPINHash): only a
// memory-hard one.
func (a *applier) pinSet(m kiosk.Mutation) (json.RawMessage, error) {
	var p pinPayload
	if err := decode(m, &p); err != nil {
		return nil, err
	}
	return a.run(nil, kiosk.AcceptPINHash(a, a.now, kiosk.Self(p.StudentKey), p.PINHash))
}

// pinFail counts a wrong PIN a kiosk saw (kiosk.RecordPINFailure).
func (a *applier) pinFail(m kiosk.Mutation) (json.RawMessage, error) {
	var p pinPayload
	if err := decode(m, &p); err != nil {
		return nil, err
	}
	if _, err := a.studentRoles(p.StudentKey); err != nil {
		return nil, err
	}
	_, err := kiosk.RecordPINFailure(a, a.now, p.StudentKey, p.At)
	return a.run(nil, err)
}
