package ui

import (
	"context"
	"slices"
	"time"

	"onestop/kiosk"
)

// ItemKind is what a check-in item is for.
type ItemKind int

const (
	ItemAppointment ItemKind = iota + 1
	ItemBooking
	ItemEvent
)

// CheckInItem is one thing the student can check in to today: an
// appointment or room booking (booked, not yet over) or a running event.
type CheckInItem struct {
	Kind          ItemKind
	ID            string
	Start, End    time.Time
	Opens, Closes time.Time        // the check-in window
	Name          kiosk.LocalName  // mentor, room or event; empty for a private appointment
	Place         kiosk.LocalName  // mentor's place, room's building, event's place
	Mentor        kiosk.MentorType // appointments only; Private() hides it
}

// Open reports whether the check-in window contains now.
func (it CheckInItem) Open(now time.Time) bool {
	return !now.Before(it.Opens) && !now.After(it.Closes)
}

// CheckInResult is the confirmation of an item check-in.
type CheckInResult struct {
	Item     CheckInItem
	EntityID string // what was stored: the booking, appointment or attendance
	At       time.Time
	Tardy    bool
}

// Late returns how late the student was, in whole minutes, at least 1
// when tardy.
func (r CheckInResult) Late() int {
	if !r.Tardy {
		return 0
	}
	return max(1, int(r.At.Sub(r.Item.Start)/time.Minute))
}

// CheckInState is the check-in flow: what one scan found for today.
type CheckInState struct {
	Items []CheckInItem
	Page  int
	Done  *CheckInResult
	// sent maps an event id to the attendance id already sent, so a
	// retry after a store failure cannot attend twice.
	sent map[string]string
}

// CheckInPageSize is how many items one row of the check-in screen
// shows: three, two in large text.
func (f *Flow) CheckInPageSize() int {
	if f.S.Large {
		return 2
	}
	return 3
}

// openCheckIn finds everything the student can check in to now and
// shows it with the visit purposes. A failing source is shown, and the
// rest stays usable: a plain visit never depends on bookings.
func (f *Flow) openCheckIn(ctx context.Context) {
	f.S.Screen = ScreenPurpose
	f.S.CheckIn = CheckInState{}
	items, err := f.checkInItems(ctx)
	f.S.CheckIn.Items = items
	if err != nil {
		f.S.Fail(err)
	}
}

func (f *Flow) checkInItems(ctx context.Context) ([]CheckInItem, error) {
	now := f.now()
	day := kiosk.StartOfDay(now)
	var items []CheckInItem
	var firstErr error
	for _, source := range []func(context.Context, time.Time, time.Time) ([]CheckInItem, error){
		f.appointmentItems, f.bookingItems, f.eventItems,
	} {
		more, err := source(ctx, now, day)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		items = append(items, more...)
	}
	// Open windows first, then by start.
	slices.SortStableFunc(items, func(a, b CheckInItem) int {
		if ao, bo := a.Open(now), b.Open(now); ao != bo {
			if ao {
				return -1
			}
			return 1
		}
		return a.Start.Compare(b.Start)
	})
	return items, firstErr
}

// appointmentItems are today's booked appointments that are not over,
// and those missed only because the check-in window closed: a late
// student sees the window rather than nothing (reads give the status
// as it stands, MentorRules.Effective).
func (f *Flow) appointmentItems(ctx context.Context, now, day time.Time) ([]CheckInItem, error) {
	appts, err := f.d.Appointments.AppointmentsOf(ctx, f.studentKey(), day, day.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	names := f.mentorNames(ctx, appts)
	var items []CheckInItem
	for _, a := range appts {
		missedLate := a.Status == kiosk.AppointmentMissed && a.CancelledAt.IsZero()
		if (a.Status != kiosk.AppointmentBooked && !missedLate) || !now.Before(a.End) {
			continue
		}
		opens, closes := f.Settings.Mentor.CheckInWindow(a)
		it := CheckInItem{Kind: ItemAppointment, ID: a.ID, Start: a.Start, End: a.End, Opens: opens, Closes: closes, Mentor: a.MentorType}
		if m, ok := names[a.MentorID]; ok && !a.MentorType.Private() {
			it.Name, it.Place = m.Name, m.Place
		}
		items = append(items, it)
	}
	return items, nil
}

// bookingItems are today's booked room bookings that are not over,
// and no-shows only because the check-in window closed, as above.
func (f *Flow) bookingItems(ctx context.Context, now, day time.Time) ([]CheckInItem, error) {
	bookings, err := f.d.Rooms.BookingsOf(ctx, f.studentKey(), day, day.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	rooms := f.roomIndex(ctx)
	var items []CheckInItem
	for _, b := range bookings {
		if (b.Status != kiosk.BookingBooked && b.Status != kiosk.BookingNoShow) || !now.Before(b.End) {
			continue
		}
		opens, closes := f.Settings.Room.CheckInWindow(b)
		r := rooms[b.RoomID]
		items = append(items, CheckInItem{Kind: ItemBooking, ID: b.ID, Start: b.Start, End: b.End,
			Opens: opens, Closes: closes, Name: r.Name, Place: f.roomPlace(r)})
	}
	return items, nil
}

// eventItems are the events open for check-in now.
func (f *Flow) eventItems(ctx context.Context, _, _ time.Time) ([]CheckInItem, error) {
	events, err := f.d.Events.RunningEvents(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]CheckInItem, 0, len(events))
	for _, e := range events {
		items = append(items, CheckInItem{Kind: ItemEvent, ID: e.ID, Start: e.Start, End: e.End,
			Opens: e.Start.Add(-f.Settings.EventBefore), Closes: e.End, Name: e.Title, Place: e.Place})
	}
	return items, nil
}

// CheckInItem checks the student in to item i of the list. Outside the
// window the refusal (with the window's times) shows in place.
func (f *Flow) CheckInItem(ctx context.Context, i int) {
	f.S.clearMessages()
	items := f.S.CheckIn.Items
	if i < 0 || i >= len(items) {
		return
	}
	it, act := items[i], f.actor()
	res := CheckInResult{Item: it}
	switch it.Kind {
	case ItemAppointment:
		a, err := f.d.Appointments.CheckInAppointment(ctx, act, it.ID)
		if err != nil {
			f.S.Fail(err)
			return
		}
		res.At, res.Tardy, res.EntityID = a.ArrivedAt, a.Tardy, a.ID
	case ItemBooking:
		b, err := f.d.Rooms.CheckInBooking(ctx, act, it.ID)
		if err != nil {
			f.S.Fail(err)
			return
		}
		res.At, res.Tardy, res.EntityID = b.CheckedInAt, b.Tardy, b.ID
	case ItemEvent:
		a, err := f.attend(ctx, it.ID)
		if err != nil {
			f.S.Fail(err)
			return
		}
		res.At, res.Tardy, res.EntityID = a.At, a.Tardy, a.ID
	}
	if res.At.IsZero() {
		res.At = f.now()
	}
	f.S.CheckIn.Done = &res
	f.S.Screen = ScreenDone
}

func (f *Flow) attend(ctx context.Context, eventID string) (*kiosk.Attendance, error) {
	cs := &f.S.CheckIn
	id, ok := cs.sent[eventID]
	if !ok {
		var err error
		if id, err = f.d.IDs.NewID(); err != nil {
			return nil, err
		}
		if cs.sent == nil {
			cs.sent = map[string]string{}
		}
		cs.sent[eventID] = id
	}
	return f.d.Events.CheckInEvent(ctx, f.actor(), eventID, id)
}

// Choose checks the identified student in with purpose p. On failure the
// error shows and the student stays on the purpose screen.
func (f *Flow) Choose(ctx context.Context, p kiosk.Purpose) {
	f.S.clearMessages()
	v := f.S.Pending
	if v == nil || v.Purpose != p || v.StudentKey != f.studentKey() {
		var err error
		v, err = kiosk.NewVisit(f.d.IDs, f.d.Clock, f.S.Student, f.Settings.HallID, p)
		if err != nil {
			f.S.Fail(err)
			return
		}
		v.AssistedBy = f.S.AssistedBy
	}
	f.S.Pending = v
	if err := f.d.Visits.CheckInVisit(ctx, v); err != nil {
		f.S.Fail(err)
		return
	}
	f.S.CheckedIn(v)
}

// mentorNames looks up the mentors of the non-private appointments.
func (f *Flow) mentorNames(ctx context.Context, appts []kiosk.Appointment) map[string]kiosk.Mentor {
	out := map[string]kiosk.Mentor{}
	seen := map[kiosk.MentorType]bool{}
	for _, a := range appts {
		if a.MentorType.Private() || seen[a.MentorType] {
			continue
		}
		seen[a.MentorType] = true
		ms, err := f.d.Appointments.Mentors(ctx, a.MentorType)
		if err != nil {
			continue // the label falls back to the type alone
		}
		for _, m := range ms {
			out[m.ID] = m
		}
	}
	return out
}

// roomIndex returns every room by id, whatever its type.
func (f *Flow) roomIndex(ctx context.Context) map[string]kiosk.Room {
	out := map[string]kiosk.Room{}
	for _, t := range kiosk.RoomTypes {
		rs, err := f.d.Rooms.Rooms(ctx, t)
		if err != nil {
			continue
		}
		for _, r := range rs {
			out[r.ID] = r
		}
	}
	return out
}

// building returns the building with id: from the Hall's list, else the
// student's own.
func (f *Flow) building(id string) (kiosk.Building, bool) {
	for _, b := range f.Buildings {
		if b.ID == id {
			return b, true
		}
	}
	if st := f.S.Student; st != nil && st.BuildingID == id && id != "" {
		return kiosk.Building{ID: id, Name: st.BuildingName}, true
	}
	return kiosk.Building{}, false
}

// roomPlace is the room's building name, for "3号楼 · 2层" lines.
func (f *Flow) roomPlace(r kiosk.Room) kiosk.LocalName {
	b, _ := f.building(r.BuildingID)
	return b.Name
}
