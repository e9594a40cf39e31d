package kiosktest

import (
	"context"
	"slices"
	"sync"
	"time"

	"onestop/kiosk"
)

// Rooms is an in-memory kiosk.RoomService applying kiosk.RoomRules from
// the hall's settings at the fake clock's time, as the store does.
type Rooms struct {
	mu       sync.Mutex
	clock    kiosk.Clock
	hall     *Hall
	rooms    []kiosk.Room
	bookings []kiosk.Booking
	err      error
}

// NewRooms returns a room service over rooms; hall may be nil for the
// default rules.
func NewRooms(clock kiosk.Clock, hall *Hall, rooms ...kiosk.Room) *Rooms {
	return &Rooms{clock: clock, hall: hall, rooms: slices.Clone(rooms)}
}

// AddBooking stores b as is, without the rules: someone else's booking,
// one made on another kiosk, a past no-show.
func (r *Rooms) AddBooking(b kiosk.Booking) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if b.Status == "" {
		b.Status = kiosk.BookingBooked
	}
	r.bookings = append(r.bookings, b)
}

// Bookings returns every stored booking in the order stored.
func (r *Rooms) Bookings() []kiosk.Booking {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.bookings)
}

// SetSyncState sets the kiosk-local sync state of booking id.
func (r *Rooms) SetSyncState(id, state string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := r.find(id); i >= 0 {
		r.bookings[i].SyncState = state
	}
}

// SetErr makes every method fail with err; nil restores answers.
func (r *Rooms) SetErr(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
}

func (r *Rooms) rules() kiosk.RoomRules { return r.hall.rules().Room }

func (r *Rooms) find(id string) int {
	return slices.IndexFunc(r.bookings, func(b kiosk.Booking) bool { return b.ID == id })
}

func (r *Rooms) room(id string) (kiosk.Room, bool) {
	i := slices.IndexFunc(r.rooms, func(x kiosk.Room) bool { return x.ID == id })
	if i < 0 {
		return kiosk.Room{}, false
	}
	return r.rooms[i], true
}

// Rooms implements kiosk.RoomService: rooms of type t, all for "".
func (r *Rooms) Rooms(_ context.Context, t kiosk.RoomType) ([]kiosk.Room, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	var out []kiosk.Room
	for _, x := range r.rooms {
		if t == "" || x.Type == t {
			x.Facilities = slices.Clone(x.Facilities)
			out = append(out, x)
		}
	}
	return out, nil
}

// RoomBookings implements kiosk.RoomService.
func (r *Rooms) RoomBookings(_ context.Context, roomID string, from, to time.Time) ([]kiosk.Booking, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	return r.holding(roomID, from, to), nil
}

func (r *Rooms) holding(roomID string, from, to time.Time) []kiosk.Booking {
	var out []kiosk.Booking
	for _, b := range r.bookings {
		if b.RoomID == roomID && b.Status.Holds() && kiosk.Overlaps(b.Start, b.End, from, to) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Booking) int { return a.Start.Compare(b.Start) })
	return out
}

// FreeSlots implements kiosk.RoomService: per active room of type t, the
// stretches of at least length within [from, to) and opening hours that
// no booking holds, earliest first.
func (r *Rooms) FreeSlots(_ context.Context, t kiosk.RoomType, from, to time.Time, length time.Duration) ([]kiosk.FreeSlot, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	var out []kiosk.FreeSlot
	for _, room := range r.rooms {
		if !room.Active || (t != "" && room.Type != t) {
			continue
		}
		for day := kiosk.StartOfDay(from); day.Before(to); day = day.AddDate(0, 0, 1) {
			opens, closes := room.OpenAt(day)
			lo, hi := later(opens, from), earlier(closes, to)
			for _, b := range r.holding(room.ID, lo, hi) {
				if b.Start.Sub(lo) >= length {
					out = append(out, kiosk.FreeSlot{RoomID: room.ID, Start: lo, End: b.Start})
				}
				lo = later(lo, b.End)
			}
			if hi.Sub(lo) >= length {
				out = append(out, kiosk.FreeSlot{RoomID: room.ID, Start: lo, End: hi})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b kiosk.FreeSlot) int { return a.Start.Compare(b.Start) })
	return out, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// BookRoom implements kiosk.RoomService under RoomRules.CheckBooking.
func (r *Rooms) BookRoom(_ context.Context, b *kiosk.Booking) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	if r.find(b.ID) >= 0 {
		return nil
	}
	room, ok := r.room(b.RoomID)
	if !ok {
		return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no room %s", b.RoomID)
	}
	now := r.clock.Now()
	if err := r.rules().CheckBooking(now, room, *b, r.of(b.StudentKey), r.holding(room.ID, b.Start, b.End)); err != nil {
		return err
	}
	b.Status, b.CreatedAt, b.SyncState = kiosk.BookingBooked, now, kiosk.OutboxPending
	r.bookings = append(r.bookings, *b)
	return nil
}

func (r *Rooms) of(key string) []kiosk.Booking {
	var out []kiosk.Booking
	for _, b := range r.bookings {
		if b.StudentKey == key {
			out = append(out, b)
		}
	}
	return out
}

func (r *Rooms) own(key, id string) (int, error) {
	if r.err != nil {
		return -1, r.err
	}
	i := r.find(id)
	if i < 0 || r.bookings[i].StudentKey != key {
		return -1, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no booking %s", id)
	}
	return i, nil
}

// CancelBooking implements kiosk.RoomService.
func (r *Rooms) CancelBooking(_ context.Context, studentKey, id string) (*kiosk.Booking, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i, err := r.own(studentKey, id)
	if err != nil {
		return nil, err
	}
	if err := r.rules().CheckCancel(r.clock.Now(), r.bookings[i]); err != nil {
		return nil, err
	}
	r.bookings[i].Status = kiosk.BookingCancelled
	b := r.bookings[i]
	return &b, nil
}

// CheckInBooking implements kiosk.RoomService.
func (r *Rooms) CheckInBooking(_ context.Context, studentKey, id string) (*kiosk.Booking, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i, err := r.own(studentKey, id)
	if err != nil {
		return nil, err
	}
	now := r.clock.Now()
	tardy, err := r.rules().CheckIn(now, r.bookings[i])
	if err != nil {
		return nil, err
	}
	b := &r.bookings[i]
	b.Status, b.CheckedInAt, b.Tardy = kiosk.BookingCheckedIn, now, tardy
	cp := *b
	return &cp, nil
}

// BookingsOf implements kiosk.RoomService: bookings starting in [from, to).
func (r *Rooms) BookingsOf(_ context.Context, studentKey string, from, to time.Time) ([]kiosk.Booking, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	var out []kiosk.Booking
	for _, b := range r.of(studentKey) {
		if !b.Start.Before(from) && b.Start.Before(to) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Booking) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// SuspendedUntil implements kiosk.RoomService.
func (r *Rooms) SuspendedUntil(_ context.Context, studentKey string) (time.Time, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return time.Time{}, r.err
	}
	return r.rules().SuspendedUntil(r.clock.Now(), r.of(studentKey)), nil
}

// ReleaseNoShows implements kiosk.RoomService for bookings; this fake
// knows no appointments, so it marks none missed.
func (r *Rooms) ReleaseNoShows(context.Context) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return 0, r.err
	}
	now, rules, n := r.clock.Now(), r.rules(), 0
	for i := range r.bookings {
		if rules.NoShowDue(now, r.bookings[i]) {
			r.bookings[i].Status = kiosk.BookingNoShow
			n++
		}
	}
	return n, nil
}
