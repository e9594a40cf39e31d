package kiosk

import "time"

// RoomTx is what the room use cases read and write inside one
// transaction of an adapter: the kiosk's store (which also queues the
// outbox entry), central's store (which also appends to the feed) or a
// test fake. It only reads and writes; every decision is BookRoom's,
// CancelBooking's or CheckInBooking's.
type RoomTx interface {
	ActorTx
	// Room returns the room; ENOTFOUND when there is none (in the hall).
	Room(id string) (Room, error)
	// Booking returns booking id; found is false when there is none.
	Booking(id string) (b Booking, found bool, err error)
	// StudentBookings returns the student's bookings starting in [from, to).
	StudentBookings(studentKey string, from, to time.Time) ([]Booking, error)
	// RoomBookings returns the bookings of the room in a holding status
	// that overlap [from, to).
	RoomBookings(roomID string, from, to time.Time) ([]Booking, error)
	// SaveBooking stores b as kind made it (KindBookingCreate, …Cancel,
	// …Checkin): the one write of each use case.
	SaveBooking(b Booking, kind string) error
}

// BookRoom books in.RoomID for [in.Start, in.End) for the actor at now
// under the hall's RoomRules. The same id again returns the stored
// booking (a retried tap, a resent mutation); an id another student
// holds is a conflict. in.CreatedAt, when set and not after now, is kept:
// central keeps the kiosk's time of the tap.
func BookRoom(tx RoomTx, now time.Time, act Actor, in Booking) (Booking, error) {
	in.StudentKey = act.StudentKey
	if err := checkBookingInput(in); err != nil {
		return Booking{}, err
	}
	if old, found, err := tx.Booking(in.ID); err != nil || found {
		if err == nil && old.StudentKey != in.StudentKey {
			err = errIDInUse("booking", in.ID)
		}
		return old, err
	}
	s, err := actorSettings(tx, now, act)
	if err != nil {
		return Booking{}, err
	}
	r := s.Room
	room, err := tx.Room(in.RoomID)
	if err != nil {
		return Booking{}, err
	}
	// The student's bookings from the oldest that can still suspend
	// through the window's end and the end of b's week.
	hi := StartOfDay(r.local(now)).AddDate(0, 0, r.WindowDays+1)
	if wk := StartOfWeek(r.local(in.Start)).AddDate(0, 0, 7); wk.After(hi) {
		hi = wk
	}
	mine, err := tx.StudentBookings(in.StudentKey, r.HistoryFrom(now), hi)
	if err != nil {
		return Booking{}, err
	}
	taken, err := tx.RoomBookings(in.RoomID, in.Start, in.End)
	if err != nil {
		return Booking{}, err
	}
	for i := range mine {
		mine[i] = r.Effective(now, mine[i])
	}
	for i := range taken {
		taken[i] = r.Effective(now, taken[i])
	}
	b := in
	b.Start, b.End = r.local(in.Start), r.local(in.End)
	if err := r.CheckBooking(now, room, b, mine, taken); err != nil {
		return Booking{}, err
	}
	b.Status, b.CheckedInAt, b.Tardy, b.AssistedBy = BookingBooked, time.Time{}, false, act.AssistedBy
	b.CreatedAt = keptTime(in.CreatedAt, now)
	return b, tx.SaveBooking(b, KindBookingCreate)
}

// CancelBooking cancels the actor's own booking before it starts, which
// frees its slots. Cancelling it again returns it as stored.
func CancelBooking(tx RoomTx, now time.Time, act Actor, id string) (Booking, error) {
	b, s, err := ownBooking(tx, now, act, id)
	if err != nil || !b.CancelledAt.IsZero() {
		return b, err
	}
	if err := s.Room.CheckCancel(now, b); err != nil {
		return Booking{}, err
	}
	b.Status, b.CancelledAt = BookingCancelled, now
	return b, tx.SaveBooking(b, KindBookingCancel)
}

// CheckInBooking checks the actor in for their booking within its
// check-in window; tardy when after the start.
func CheckInBooking(tx RoomTx, now time.Time, act Actor, id string) (Booking, error) {
	b, s, err := ownBooking(tx, now, act, id)
	if err != nil {
		return Booking{}, err
	}
	// The stored status, not the effective one: a late student is told
	// the window's times rather than "released".
	tardy, err := s.Room.CheckIn(now, b)
	if err != nil {
		return Booking{}, err
	}
	b.Status, b.CheckedInAt, b.Tardy = BookingCheckedIn, now, tardy
	return b, tx.SaveBooking(b, KindBookingCheckin)
}

// ownBooking loads the actor's booking id; someone else's is not found,
// so ids never reveal others' records.
func ownBooking(tx RoomTx, now time.Time, act Actor, id string) (Booking, Settings, error) {
	s, err := actorSettings(tx, now, act)
	if err != nil {
		return Booking{}, s, err
	}
	b, found, err := tx.Booking(id)
	if err == nil && (!found || b.StudentKey != act.StudentKey) {
		err = ErrNotFound("booking", id)
	}
	return b, s, err
}

// checkBookingInput checks a new booking's ids and times; whether its
// length and place on the grid are right is the rule's to say.
func checkBookingInput(b Booking) error {
	if err := b.checkRefs(); err != nil {
		return err
	}
	return checkTimes("booking", b.Start, b.End)
}
