package kiosktest

import (
	"context"
	"slices"

	"onestop/kiosk"
)

// Visits is an in-memory kiosk.VisitService running kiosk.CheckInVisit.
type Visits struct{ service }

// Visits returns the stored visits in order.
func (v *Visits) Visits() []kiosk.Visit {
	var out []kiosk.Visit
	v.locked(func(s *state) { out = slices.Clone(s.visits) })
	return out
}

// SetSyncState sets the kiosk-local sync state of visit id.
func (v *Visits) SetSyncState(id, syncState string) {
	v.locked(func(s *state) {
		for i := range s.visits {
			if s.visits[i].ID == id {
				s.visits[i].SyncState = syncState
			}
		}
	})
}

// CheckInVisit implements kiosk.VisitService and fills visit with the
// visit as stored: the same id again is the stored one, another
// student's id a conflict.
func (v *Visits) CheckInVisit(_ context.Context, visit *kiosk.Visit) error {
	now, err := v.begin()
	defer v.end()
	if err != nil {
		return err
	}
	got, err := kiosk.CheckInVisit(v.st, now, actor(visit.StudentKey, visit.AssistedBy), *visit)
	if err != nil {
		return err
	}
	*visit, _, err = v.st.Visit(got.ID)
	return err
}

// Events is an in-memory kiosk.EventService running kiosk.CheckInEvent.
type Events struct{ service }

// newEvents returns an event service with events on hall's state; a nil
// hall is a new one.
func newEvents(clock kiosk.Clock, hall *Hall, events ...kiosk.Event) *Events {
	e := &Events{on(clock, hall)}
	e.Add(events...)
	return e
}

// Add adds events as an admin would, unchecked.
func (e *Events) Add(events ...kiosk.Event) {
	e.locked(func(s *state) { s.events = append(s.events, events...) })
}

// Event returns the event with id.
func (e *Events) Event(id string) (ev kiosk.Event, ok bool) {
	e.locked(func(s *state) {
		var err error
		ev, err = s.Event(id)
		ok = err == nil
	})
	return ev, ok
}

// Remove drops the events with ids, as an admin removing them would;
// attendance stays.
func (e *Events) Remove(ids ...string) {
	e.locked(func(s *state) {
		s.events = slices.DeleteFunc(s.events, func(ev kiosk.Event) bool { return slices.Contains(ids, ev.ID) })
	})
}

// Attendance returns every stored attendance in the order stored.
func (e *Events) Attendance() []kiosk.Attendance {
	var out []kiosk.Attendance
	e.locked(func(s *state) { out = slices.Clone(s.attendance) })
	return out
}

// RunningEvents implements kiosk.EventService as the store does: the
// events not yet ended whose check-in (EventBefore the start) is open.
func (e *Events) RunningEvents(context.Context) ([]kiosk.Event, error) {
	now, err := e.begin()
	defer e.end()
	if err != nil {
		return nil, err
	}
	set, _ := e.st.Settings()
	var out []kiosk.Event
	for _, ev := range e.st.events {
		if ev.End.After(now) && !ev.Start.After(now.Add(set.EventBefore)) {
			out = append(out, ev)
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Event) int { return byStart(a.Start, b.Start, a.ID, b.ID) })
	return out, nil
}

// CheckInEvent implements kiosk.EventService; the same id again returns
// the stored attendance, another student's id is a conflict.
func (e *Events) CheckInEvent(_ context.Context, act kiosk.Actor, eventID, id string) (*kiosk.Attendance, error) {
	now, err := e.begin()
	defer e.end()
	if err != nil {
		return nil, err
	}
	if _, err := kiosk.CheckInEvent(e.st, now, act, id, eventID); err != nil {
		return nil, err
	}
	a, _, err := e.st.Attendance(id)
	return &a, err
}
