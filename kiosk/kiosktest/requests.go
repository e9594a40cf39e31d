package kiosktest

import (
	"context"
	"slices"
	"sync"
	"time"

	"onestop/kiosk"
)

// Events is an in-memory kiosk.EventService applying kiosk.EventCheckIn
// with the hall's EventBefore at the fake clock's time.
type Events struct {
	mu         sync.Mutex
	clock      kiosk.Clock
	hall       *Hall
	events     []kiosk.Event
	attendance []kiosk.Attendance
	err        error
}

// NewEvents returns an event service with events; hall may be nil.
func NewEvents(clock kiosk.Clock, hall *Hall, events ...kiosk.Event) *Events {
	return &Events{clock: clock, hall: hall, events: slices.Clone(events)}
}

// Add adds events.
func (e *Events) Add(events ...kiosk.Event) {
	e.mu.Lock()
	e.events = append(e.events, events...)
	e.mu.Unlock()
}

// Event returns the event with id.
func (e *Events) Event(id string) (kiosk.Event, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	i := slices.IndexFunc(e.events, func(ev kiosk.Event) bool { return ev.ID == id })
	if i < 0 {
		return kiosk.Event{}, false
	}
	return e.events[i], true
}

// Remove drops the events with ids, as an admin removing them would;
// attendance stays.
func (e *Events) Remove(ids ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.events = slices.DeleteFunc(e.events, func(ev kiosk.Event) bool { return slices.Contains(ids, ev.ID) })
}

// Attendance returns every stored attendance in the order stored.
func (e *Events) Attendance() []kiosk.Attendance {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.attendance)
}

// SetErr makes every method fail with err; nil restores answers.
func (e *Events) SetErr(err error) {
	e.mu.Lock()
	e.err = err
	e.mu.Unlock()
}

// RunningEvents implements kiosk.EventService: the events whose
// check-in is open now, from EventBefore the start until the end.
func (e *Events) RunningEvents(context.Context) ([]kiosk.Event, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err != nil {
		return nil, e.err
	}
	now, before := e.clock.Now(), e.hall.rules().EventBefore
	var out []kiosk.Event
	for _, ev := range e.events {
		if !now.Before(ev.Start.Add(-before)) && !now.After(ev.End) {
			out = append(out, ev)
		}
	}
	return out, nil
}

// CheckInEvent implements kiosk.EventService; the same id twice returns
// the stored attendance.
func (e *Events) CheckInEvent(_ context.Context, studentKey, eventID, id string) (*kiosk.Attendance, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err != nil {
		return nil, e.err
	}
	i := slices.IndexFunc(e.events, func(ev kiosk.Event) bool { return ev.ID == eventID })
	if i < 0 {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no event %s", eventID)
	}
	done := false
	for _, a := range e.attendance {
		if a.ID == id {
			cp := a
			return &cp, nil
		}
		done = done || (a.EventID == eventID && a.StudentKey == studentKey)
	}
	now := e.clock.Now()
	tardy, err := kiosk.EventCheckIn(now, e.events[i], e.hall.rules().EventBefore, done)
	if err != nil {
		return nil, err
	}
	a := kiosk.Attendance{ID: id, EventID: eventID, StudentKey: studentKey, At: now, Tardy: tardy, SyncState: kiosk.OutboxPending}
	e.attendance = append(e.attendance, a)
	return &a, nil
}

// Requests is an in-memory kiosk.RequestService; ratings apply
// Request.Rate with the hall's SLAs at the fake clock's time.
type Requests struct {
	mu    sync.Mutex
	clock kiosk.Clock
	hall  *Hall
	reqs  []kiosk.Request
	err   error
}

// NewRequests returns an empty request service; hall may be nil.
func NewRequests(clock kiosk.Clock, hall *Hall) *Requests {
	return &Requests{clock: clock, hall: hall}
}

// All returns every stored request in the order stored.
func (q *Requests) All() []kiosk.Request {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.reqs)
}

// Add stores r as is: a request made earlier or elsewhere.
func (q *Requests) Add(r kiosk.Request) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.reqs = append(q.reqs, r)
}

// Handle is a handler's step on request id: a new status and a note.
func (q *Requests) Handle(id string, st kiosk.RequestStatus, note string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i := range q.reqs {
		if q.reqs[i].ID == id {
			q.reqs[i].Status = st
			if note != "" {
				q.reqs[i].Notes = append(q.reqs[i].Notes, kiosk.RequestNote{At: q.clock.Now(), Status: st, Text: note})
			}
		}
	}
}

// SetSyncState sets the kiosk-local sync state of request id.
func (q *Requests) SetSyncState(id, state string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i := range q.reqs {
		if q.reqs[i].ID == id {
			q.reqs[i].SyncState = state
		}
	}
}

// SetErr makes every method fail with err; nil restores answers.
func (q *Requests) SetErr(err error) {
	q.mu.Lock()
	q.err = err
	q.mu.Unlock()
}

// SubmitRequest implements kiosk.RequestService; the same id twice is a
// no-op.
func (q *Requests) SubmitRequest(_ context.Context, r *kiosk.Request) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return q.err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	if slices.ContainsFunc(q.reqs, func(x kiosk.Request) bool { return x.ID == r.ID }) {
		return nil
	}
	r.SyncState = kiosk.OutboxPending
	cp := *r
	cp.Presets = slices.Clone(r.Presets)
	q.reqs = append(q.reqs, cp)
	return nil
}

// RequestsOf implements kiosk.RequestService: newest first.
func (q *Requests) RequestsOf(_ context.Context, studentKey string) ([]kiosk.Request, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return nil, q.err
	}
	return q.of(studentKey, time.Time{}), nil
}

func (q *Requests) of(key string, since time.Time) []kiosk.Request {
	var out []kiosk.Request
	for _, r := range q.reqs {
		if r.StudentKey == key && !r.SubmittedAt.Before(since) {
			r.Notes = slices.Clone(r.Notes)
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b kiosk.Request) int { return b.SubmittedAt.Compare(a.SubmittedAt) })
	return out
}

// RateRequest implements kiosk.RequestService.
func (q *Requests) RateRequest(_ context.Context, studentKey, id string, o kiosk.Outcome, stars int) (*kiosk.Request, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return nil, q.err
	}
	for i := range q.reqs {
		r := &q.reqs[i]
		if r.ID != id || r.StudentKey != studentKey {
			continue
		}
		if err := r.Rate(q.clock.Now(), q.hall.rules().SLA, o, stars); err != nil {
			return nil, err
		}
		cp := *r
		return &cp, nil
	}
	return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no request %s", id)
}
