package kiosktest

import (
	"context"
	"slices"
	"time"

	"onestop/kiosk"
)

// Rooms is an in-memory kiosk.RoomService: writes run the domain's
// BookRoom, CancelBooking and CheckInBooking at the fake clock's time;
// reads apply RoomRules.Effective and the slot grid as the store does.
type Rooms struct{ service }

// newRooms returns a room service over rooms on hall's state; a nil hall
// is a new one.
func newRooms(clock kiosk.Clock, hall *Hall, rooms ...kiosk.Room) *Rooms {
	r := &Rooms{on(clock, hall)}
	r.AddRooms(rooms...)
	return r
}

// AddRooms adds rooms as an admin would, unchecked.
func (r *Rooms) AddRooms(rooms ...kiosk.Room) {
	r.locked(func(s *state) {
		for _, x := range rooms {
			x.Facilities = slices.Clone(x.Facilities)
			s.rooms = append(s.rooms, x)
		}
	})
}

// AddBooking stores b as is, without the rules: someone else's booking,
// one made on another kiosk, a past no-show. No status is booked.
func (r *Rooms) AddBooking(b kiosk.Booking) {
	if b.Status == "" {
		b.Status = kiosk.BookingBooked
	}
	r.locked(func(s *state) { s.bookings = append(s.bookings, b) })
}

// Bookings returns every stored booking in the order stored, as stored.
func (r *Rooms) Bookings() []kiosk.Booking {
	var out []kiosk.Booking
	r.locked(func(s *state) { out = slices.Clone(s.bookings) })
	return out
}

// SetSyncState sets the kiosk-local sync state of booking id.
func (r *Rooms) SetSyncState(id, syncState string) {
	r.locked(func(s *state) {
		if i := index(s.bookings, id, bookingID); i >= 0 {
			s.bookings[i].SyncState = syncState
		}
	})
}

// Rooms implements kiosk.RoomService: rooms of type t, all for "",
// closed ones included, in the order added.
func (r *Rooms) Rooms(_ context.Context, t kiosk.RoomType) ([]kiosk.Room, error) {
	_, err := r.begin()
	defer r.end()
	if err != nil {
		return nil, err
	}
	var out []kiosk.Room
	for _, x := range r.st.rooms {
		if t == "" || x.Type == t {
			x.Facilities = slices.Clone(x.Facilities)
			out = append(out, x)
		}
	}
	return out, nil
}

// RoomBookings implements kiosk.RoomService: bookings holding the room
// at the clock's time (a due no-show holds nothing).
func (r *Rooms) RoomBookings(_ context.Context, roomID string, from, to time.Time) ([]kiosk.Booking, error) {
	now, err := r.begin()
	defer r.end()
	if err != nil {
		return nil, err
	}
	set, _ := r.st.Settings()
	return r.st.holding(set.Room, now, roomID, from, to), nil
}

func (s *state) holding(rules kiosk.RoomRules, now time.Time, roomID string, from, to time.Time) []kiosk.Booking {
	bs, _ := s.RoomBookings(roomID, from, to)
	return slices.DeleteFunc(bs, func(b kiosk.Booking) bool { return !rules.Effective(now, b).Status.Holds() })
}

// FreeSlots implements kiosk.RoomService: per active room of type t (all
// for ""), in the order added, the free stretches of at least length
// (one slot when not positive) within [from, to) and opening hours,
// starting and ending on the room's slot grid; earliest first.
func (r *Rooms) FreeSlots(_ context.Context, t kiosk.RoomType, from, to time.Time, length time.Duration) ([]kiosk.FreeSlot, error) {
	now, err := r.begin()
	defer r.end()
	if err != nil {
		return nil, err
	}
	set, _ := r.st.Settings()
	if length <= 0 {
		length = set.Room.Slot
	}
	var out []kiosk.FreeSlot
	for _, room := range r.st.rooms {
		if room.Active && (t == "" || room.Type == t) {
			out = append(out, r.st.freeIn(set, now, room, from, to, length)...)
		}
	}
	slices.SortStableFunc(out, func(a, b kiosk.FreeSlot) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// freeIn returns the room's free stretches day by day in the hall's
// zone. A booking off the grid blocks every slot it touches.
func (s *state) freeIn(set kiosk.Settings, now time.Time, room kiosk.Room, from, to time.Time, length time.Duration) []kiosk.FreeSlot {
	var out []kiosk.FreeSlot
	emit := func(start, end time.Time) {
		if end.Sub(start) >= length {
			out = append(out, kiosk.FreeSlot{RoomID: room.ID, Start: start, End: end})
		}
	}
	for day := kiosk.StartOfDay(set.Local(from)); day.Before(to); day = day.AddDate(0, 0, 1) {
		g := set.Room.Grid(room, day)
		cur, hi := g.Ceil(from), g.Floor(to)
		for _, b := range s.holding(set.Room, now, room.ID, cur, hi) {
			emit(cur, g.Floor(b.Start))
			if end := g.Ceil(b.End); end.After(cur) {
				cur = end
			}
		}
		emit(cur, hi)
	}
	return out
}

// BookRoom implements kiosk.RoomService with kiosk.BookRoom and fills b
// with the booking as stored: the same id again is the stored booking,
// another student's id a conflict.
func (r *Rooms) BookRoom(_ context.Context, b *kiosk.Booking) error {
	now, err := r.begin()
	defer r.end()
	if err != nil {
		return err
	}
	got, err := kiosk.BookRoom(r.st, now, actor(b.StudentKey, b.AssistedBy), *b)
	if err != nil {
		return err
	}
	*b, _, err = r.st.Booking(got.ID)
	return err
}

// CancelBooking implements kiosk.RoomService with kiosk.CancelBooking.
func (r *Rooms) CancelBooking(_ context.Context, studentKey, id string) (*kiosk.Booking, error) {
	return r.change(kiosk.CancelBooking, kiosk.Self(studentKey), id)
}

// CheckInBooking implements kiosk.RoomService with kiosk.CheckInBooking.
func (r *Rooms) CheckInBooking(_ context.Context, act kiosk.Actor, id string) (*kiosk.Booking, error) {
	return r.change(kiosk.CheckInBooking, act, id)
}

type bookingCase func(kiosk.RoomTx, time.Time, kiosk.Actor, string) (kiosk.Booking, error)

// change runs a use case on the student's own booking and returns it as
// stored.
func (r *Rooms) change(uc bookingCase, act kiosk.Actor, id string) (*kiosk.Booking, error) {
	now, err := r.begin()
	defer r.end()
	if err != nil {
		return nil, err
	}
	if _, err := uc(r.st, now, act, id); err != nil {
		return nil, err
	}
	b, _, err := r.st.Booking(id)
	return &b, err
}

// BookingsOf implements kiosk.RoomService: bookings starting in
// [from, to), as Effective at the clock's time.
func (r *Rooms) BookingsOf(_ context.Context, studentKey string, from, to time.Time) ([]kiosk.Booking, error) {
	now, err := r.begin()
	defer r.end()
	if err != nil {
		return nil, err
	}
	set, _ := r.st.Settings()
	return r.st.effectiveBookings(set.Room, now, studentKey, from, to), nil
}

func (s *state) effectiveBookings(rules kiosk.RoomRules, now time.Time, studentKey string, from, to time.Time) []kiosk.Booking {
	bs, _ := s.StudentBookings(studentKey, from, to)
	for i := range bs {
		bs[i] = rules.Effective(now, bs[i])
	}
	return bs
}

// SuspendedUntil implements kiosk.RoomService over the bookings that
// can still count (RoomRules.HistoryFrom).
func (r *Rooms) SuspendedUntil(_ context.Context, studentKey string) (time.Time, error) {
	now, err := r.begin()
	defer r.end()
	if err != nil {
		return time.Time{}, err
	}
	set, _ := r.st.Settings()
	mine := r.st.effectiveBookings(set.Room, now, studentKey, set.Room.HistoryFrom(now), now)
	return set.Room.SuspendedUntil(now, mine), nil
}

// ReleaseNoShows implements kiosk.RoomService: due no-shows and missed
// appointments are recorded, as the store's housekeeping does.
func (r *Rooms) ReleaseNoShows(context.Context) (int, error) {
	now, err := r.begin()
	defer r.end()
	if err != nil {
		return 0, err
	}
	set, _ := r.st.Settings()
	n := 0
	for i, b := range r.st.bookings {
		if set.Room.NoShowDue(now, b) {
			r.st.bookings[i].Status = kiosk.BookingNoShow
			n++
		}
	}
	for i, a := range r.st.appts {
		if set.Mentor.MissedDue(now, a) {
			r.st.appts[i].Status = kiosk.AppointmentMissed
			n++
		}
	}
	return n, nil
}
