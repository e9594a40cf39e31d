package kiosktest

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"onestop/kiosk"
)

// state is the fakes' one store, behind one mutex as behind one
// database transaction. It implements the domain's per-feature
// transactions, so the fakes run the very use cases the stores run and
// cannot decide differently; it only reads and writes. Its methods
// expect mu held.
type state struct {
	mu     sync.Mutex
	hall   *Hall   // the settings
	roster *Roster // who may act

	rooms      []kiosk.Room
	bookings   []kiosk.Booking
	mentors    []kiosk.Mentor
	slots      []kiosk.MentorSlot
	appts      []kiosk.Appointment
	events     []kiosk.Event
	attendance []kiosk.Attendance
	requests   []kiosk.Request
	visits     []kiosk.Visit
	shifts     []kiosk.Shift
	rejections []kiosk.Rejection
	acked      map[int64]bool
	pins       map[string]string // PIN hashes by student key
	fails      map[string]kiosk.PINFails
	// pinSets and pinFailures count what the store would queue for
	// central: new PIN hashes and wrong PINs.
	pinSets, pinFailures int
}

var (
	_ kiosk.RoomTx    = (*state)(nil)
	_ kiosk.MentorTx  = (*state)(nil)
	_ kiosk.VisitTx   = (*state)(nil)
	_ kiosk.EventTx   = (*state)(nil)
	_ kiosk.RequestTx = (*state)(nil)
	_ kiosk.PINTx     = (*state)(nil)
)

func newState(h *Hall) *state {
	return &state{hall: h, acked: map[int64]bool{}, pins: map[string]string{}, fails: map[string]kiosk.PINFails{}}
}

// Settings are the hall fake's, even while its SetErr fails the
// HallService: that error is for the screens, not the rules.
func (s *state) Settings() (kiosk.Settings, error) { return s.hall.rules(), nil }

// StudentRoles answers from the roster: ENOTFOUND for a student it does
// not know, like the store.
func (s *state) StudentRoles(studentKey string) ([]string, error) {
	return s.roster.roles(studentKey)
}

// index returns the position of the entity with id in xs, or -1.
func index[T any](xs []T, id string, idOf func(T) string) int {
	return slices.IndexFunc(xs, func(x T) bool { return idOf(x) == id })
}

func bookingID(b kiosk.Booking) string         { return b.ID }
func appointmentID(a kiosk.Appointment) string { return a.ID }
func requestID(r kiosk.Request) string         { return r.ID }

// syncAfter is the sync state a change leaves: pending until central
// answers, except that central's final "no" stays, as in the store.
func syncAfter(old string) string {
	if old == kiosk.OutboxRejected || old == kiosk.OutboxConflict {
		return old
	}
	return kiosk.OutboxPending
}

// byStart orders by start, then id: the store's ORDER BY start_at, id.
func byStart(as, bs time.Time, aID, bID string) int {
	return cmp.Or(as.Compare(bs), cmp.Compare(aID, bID))
}

// Room implements kiosk.RoomTx.
func (s *state) Room(id string) (kiosk.Room, error) {
	i := slices.IndexFunc(s.rooms, func(r kiosk.Room) bool { return r.ID == id })
	if i < 0 {
		return kiosk.Room{}, kiosk.ErrNotFound("room", id)
	}
	return s.rooms[i], nil
}

// Booking implements kiosk.RoomTx.
func (s *state) Booking(id string) (kiosk.Booking, bool, error) {
	if i := index(s.bookings, id, bookingID); i >= 0 {
		return s.bookings[i], true, nil
	}
	return kiosk.Booking{}, false, nil
}

// StudentBookings implements kiosk.RoomTx.
func (s *state) StudentBookings(studentKey string, from, to time.Time) ([]kiosk.Booking, error) {
	return s.filterBookings(func(b kiosk.Booking) bool {
		return b.StudentKey == studentKey && !b.Start.Before(from) && b.Start.Before(to)
	}), nil
}

// RoomBookings implements kiosk.RoomTx: stored statuses; the use cases
// and the read side apply Effective.
func (s *state) RoomBookings(roomID string, from, to time.Time) ([]kiosk.Booking, error) {
	return s.filterBookings(func(b kiosk.Booking) bool {
		return b.RoomID == roomID && b.Status.Holds() && kiosk.Overlaps(b.Start, b.End, from, to)
	}), nil
}

func (s *state) filterBookings(keep func(kiosk.Booking) bool) []kiosk.Booking {
	var out []kiosk.Booking
	for _, b := range s.bookings {
		if keep(b) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Booking) int { return byStart(a.Start, b.Start, a.ID, b.ID) })
	return out
}

// SaveBooking implements kiosk.RoomTx, keeping the order stored.
func (s *state) SaveBooking(b kiosk.Booking, _ string) error {
	if i := index(s.bookings, b.ID, bookingID); i >= 0 {
		b.SyncState = syncAfter(s.bookings[i].SyncState)
		s.bookings[i] = b
		return nil
	}
	b.SyncState = kiosk.OutboxPending
	s.bookings = append(s.bookings, b)
	return nil
}

// Mentor implements kiosk.MentorTx.
func (s *state) Mentor(id string) (kiosk.Mentor, error) {
	i := slices.IndexFunc(s.mentors, func(m kiosk.Mentor) bool { return m.ID == id })
	if i < 0 {
		return kiosk.Mentor{}, kiosk.ErrNotFound("mentor", id)
	}
	return s.mentors[i], nil
}

// MentorSlot implements kiosk.MentorTx: Taken by a stored hold.
func (s *state) MentorSlot(id string) (kiosk.MentorSlot, error) {
	i := slices.IndexFunc(s.slots, func(sl kiosk.MentorSlot) bool { return sl.ID == id })
	if i < 0 {
		return kiosk.MentorSlot{}, kiosk.ErrNotFound("mentor slot", id)
	}
	sl := s.slots[i]
	sl.Taken = s.slotTaken(sl.ID, "", storedHolds)
	return sl, nil
}

func storedHolds(a kiosk.Appointment) bool { return a.Status.Holds() }

// slotTaken reports whether an appointment other than notID holds slot
// id, as holds judges it (stored or effective status).
func (s *state) slotTaken(id, notID string, holds func(kiosk.Appointment) bool) bool {
	return slices.ContainsFunc(s.appts, func(a kiosk.Appointment) bool {
		return a.SlotID == id && a.ID != notID && holds(a)
	})
}

// Appointment implements kiosk.MentorTx.
func (s *state) Appointment(id string) (kiosk.Appointment, bool, error) {
	if i := index(s.appts, id, appointmentID); i >= 0 {
		return s.appts[i], true, nil
	}
	return kiosk.Appointment{}, false, nil
}

// StudentAppointments implements kiosk.MentorTx.
func (s *state) StudentAppointments(studentKey string, from, to time.Time) ([]kiosk.Appointment, error) {
	var out []kiosk.Appointment
	for _, a := range s.appts {
		if a.StudentKey == studentKey && !a.Start.Before(from) && a.Start.Before(to) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Appointment) int { return byStart(a.Start, b.Start, a.ID, b.ID) })
	return out, nil
}

// SaveAppointment implements kiosk.MentorTx; a second holder of a slot
// is refused as the store's unique index refuses it.
func (s *state) SaveAppointment(a kiosk.Appointment, _ string) error {
	if a.Status.Holds() && s.slotTaken(a.SlotID, a.ID, storedHolds) {
		return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSlotTaken, "slot %s is taken", a.SlotID)
	}
	if i := index(s.appts, a.ID, appointmentID); i >= 0 {
		a.SyncState = syncAfter(s.appts[i].SyncState)
		s.appts[i] = a
		return nil
	}
	a.SyncState = kiosk.OutboxPending
	s.appts = append(s.appts, a)
	return nil
}

// Visit implements kiosk.VisitTx.
func (s *state) Visit(id string) (kiosk.Visit, bool, error) {
	i := slices.IndexFunc(s.visits, func(v kiosk.Visit) bool { return v.ID == id })
	if i < 0 {
		return kiosk.Visit{}, false, nil
	}
	return s.visits[i], true, nil
}

// SaveVisit implements kiosk.VisitTx; visits are only ever added.
func (s *state) SaveVisit(v kiosk.Visit) error {
	v.SyncState = kiosk.OutboxPending
	s.visits = append(s.visits, v)
	return nil
}

// Event implements kiosk.EventTx.
func (s *state) Event(id string) (kiosk.Event, error) {
	i := slices.IndexFunc(s.events, func(e kiosk.Event) bool { return e.ID == id })
	if i < 0 {
		return kiosk.Event{}, kiosk.ErrNotFound("event", id)
	}
	return s.events[i], nil
}

// Attendance implements kiosk.EventTx.
func (s *state) Attendance(id string) (kiosk.Attendance, bool, error) {
	i := slices.IndexFunc(s.attendance, func(a kiosk.Attendance) bool { return a.ID == id })
	if i < 0 {
		return kiosk.Attendance{}, false, nil
	}
	return s.attendance[i], true, nil
}

// Attended implements kiosk.EventTx.
func (s *state) Attended(eventID, studentKey string) (bool, error) {
	return slices.ContainsFunc(s.attendance, func(a kiosk.Attendance) bool {
		return a.EventID == eventID && a.StudentKey == studentKey
	}), nil
}

// SaveAttendance implements kiosk.EventTx; attendance is only added.
func (s *state) SaveAttendance(a kiosk.Attendance) error {
	a.SyncState = kiosk.OutboxPending
	s.attendance = append(s.attendance, a)
	return nil
}

// Request implements kiosk.RequestTx.
func (s *state) Request(id string) (kiosk.Request, bool, error) {
	if i := index(s.requests, id, requestID); i >= 0 {
		return cloneRequest(s.requests[i]), true, nil
	}
	return kiosk.Request{}, false, nil
}

// SaveRequest implements kiosk.RequestTx; tickets and tokens are
// unique, as in the store.
func (s *state) SaveRequest(r kiosk.Request, _ string) error {
	for _, o := range s.requests {
		if o.ID != r.ID && ((r.Ticket != "" && o.Ticket == r.Ticket) || (r.Token != "" && o.Token == r.Token)) {
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "request %s has the ticket or token of %s", r.ID, o.ID)
		}
	}
	r = cloneRequest(r)
	if i := index(s.requests, r.ID, requestID); i >= 0 {
		r.SyncState = syncAfter(s.requests[i].SyncState)
		s.requests[i] = r
		return nil
	}
	r.SyncState = kiosk.OutboxPending
	s.requests = append(s.requests, r)
	return nil
}

// cloneRequest copies r's slices, so no caller shares the stored ones.
func cloneRequest(r kiosk.Request) kiosk.Request {
	r.Presets, r.Notes = slices.Clone(r.Presets), slices.Clone(r.Notes)
	return r
}

// PINHash implements kiosk.PINTx: none for a student the roster lacks.
func (s *state) PINHash(studentKey string) (string, error) {
	if _, err := s.StudentRoles(studentKey); err != nil {
		return "", nil
	}
	return s.pins[studentKey], nil
}

// PINFails implements kiosk.PINTx.
func (s *state) PINFails(studentKey string) (kiosk.PINFails, error) {
	return s.fails[studentKey], nil
}

// SavePINFails implements kiosk.PINTx.
func (s *state) SavePINFails(studentKey string, f kiosk.PINFails) error {
	if f == (kiosk.PINFails{}) {
		delete(s.fails, studentKey)
	} else {
		s.fails[studentKey] = f
	}
	return nil
}

// SavePINHash implements kiosk.PINTx and kiosk.PINSetTx; PINSets counts
// what the store would queue for central.
func (s *state) SavePINHash(studentKey, hash string) error {
	s.pins[studentKey] = hash
	s.pinSets++
	return nil
}

// QueuePINFailure implements kiosk.PINTx: the fakes have no central, so
// they count what the store would queue.
func (s *state) QueuePINFailure(string, time.Time) error {
	s.pinFailures++
	return nil
}
