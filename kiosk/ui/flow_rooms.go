package ui

import (
	"context"
	"slices"
	"time"

	"onestop/kiosk"
)

// RoomState is the room-booking flow: type → room → day grid with start
// and length → booked; or "book now" → proposal → booked; and my
// bookings with cancel.
type RoomState struct {
	Suspended time.Time // booking paused for no-shows until then; zero: may book
	Type      kiosk.RoomType
	Rooms     []kiosk.Room
	Page      int
	Room      *kiosk.Room
	Day       int // days after today, up to Settings.Room.WindowDays
	Taken     []kiosk.Booking
	GridPage  int
	Start     time.Time // chosen start; zero until a slot is tapped
	Slots     int       // chosen length in slots
	Pending   *kiosk.Booking
	Booked    *kiosk.Booking
	Now       *kiosk.FreeSlot // the "book now" proposal
	NowRoom   *kiosk.Room

	Mine      []kiosk.Booking // my bookings: held and not over
	MinePage  int
	MineRooms map[string]kiosk.Room // every room, to name the bookings
	Cancel    *kiosk.Booking        // waiting for "yes, cancel"
}

// Rooms per page of the room list, slots per page of the day grid.
const (
	RoomPageSize = 4
	GridColumns  = 8
	GridRows     = 4
	GridPageSize = GridColumns * GridRows
)

// SlotState is how one slot of the day grid shows.
type SlotState int

const (
	SlotFree SlotState = iota
	SlotTaken
	SlotPast
	SlotChosen
)

// GridSlot is one cell of the day grid.
type GridSlot struct {
	Start time.Time
	State SlotState
}

func (f *Flow) openRooms(ctx context.Context) {
	f.S.Screen = ScreenRoomTypes
	until, err := f.d.Rooms.SuspendedUntil(ctx, f.studentKey())
	if err != nil {
		f.S.Fail(err)
		return
	}
	f.S.Room.Suspended = until
}

// SuspendedMessage is the no-show rule text with when booking resumes.
func (f *Flow) SuspendedMessage() *Message {
	r := f.Settings.Room
	return &Message{ID: kiosk.MsgErrBookingSuspended, Data: map[string]any{
		"Until": f.S.Room.Suspended, "NoShows": r.NoShowLimit,
		"Days": int(r.NoShowPeriod / (24 * time.Hour)), "SuspendDays": int(r.Suspension / (24 * time.Hour)),
	}}
}

// ChooseRoomType lists the active rooms of type t.
func (f *Flow) ChooseRoomType(ctx context.Context, t kiosk.RoomType) {
	f.S.clearMessages()
	rooms, err := f.d.Rooms.Rooms(ctx, t)
	if err != nil {
		f.S.Fail(err)
		return
	}
	rs := &f.S.Room
	if rs.Type != t {
		rs.Page = 0
	}
	rs.Type = t
	rs.Rooms = slices.DeleteFunc(rooms, func(r kiosk.Room) bool { return !r.Active })
	f.S.Screen = ScreenRoomList
}

// ChooseRoom opens the day grid of room id, today first.
func (f *Flow) ChooseRoom(ctx context.Context, id string) {
	f.S.clearMessages()
	rs := &f.S.Room
	i := slices.IndexFunc(rs.Rooms, func(r kiosk.Room) bool { return r.ID == id })
	if i < 0 {
		return
	}
	if rs.Room == nil || rs.Room.ID != id {
		room := rs.Rooms[i]
		rs.Room, rs.Day, rs.Start, rs.GridPage = &room, 0, time.Time{}, 0
	}
	if rs.Slots < 1 {
		rs.Slots = 1
	}
	f.S.Screen = ScreenRoomDay
	f.loadDay(ctx)
}

// DayStart returns midnight of the day the grid shows.
func (f *Flow) DayStart() time.Time {
	return kiosk.StartOfDay(f.now()).AddDate(0, 0, f.S.Room.Day)
}

func (f *Flow) loadDay(ctx context.Context) {
	rs := &f.S.Room
	if rs.Room == nil {
		return
	}
	day := f.DayStart()
	taken, err := f.d.Rooms.RoomBookings(ctx, rs.Room.ID, day, day.AddDate(0, 0, 1))
	if err != nil {
		f.S.Fail(err)
		return
	}
	rs.Taken = taken
}

// StepDay moves the grid d days within today … WindowDays ahead. The
// chosen start belongs to its day and is dropped; the length stays.
func (f *Flow) StepDay(ctx context.Context, d int) {
	f.S.clearMessages()
	rs := &f.S.Room
	day := min(max(rs.Day+d, 0), f.Settings.Room.WindowDays)
	if day == rs.Day {
		return
	}
	rs.Day, rs.Start, rs.GridPage = day, time.Time{}, 0
	f.loadDay(ctx)
}

// DayGrid returns the slots of the shown day, as the booking rule
// counts them (RoomRules.Grid).
func (f *Flow) DayGrid() []GridSlot {
	rs := &f.S.Room
	slot := f.Settings.Room.Slot
	if rs.Room == nil || slot <= 0 {
		return nil
	}
	now := f.now()
	end := rs.Start.Add(time.Duration(rs.Slots) * slot)
	var out []GridSlot
	for _, t := range f.Settings.Room.Grid(*rs.Room, f.DayStart()).Starts() {
		g := GridSlot{Start: t}
		switch {
		case f.taken(t, t.Add(slot)):
			g.State = SlotTaken
		case t.Before(now):
			g.State = SlotPast
		case !rs.Start.IsZero() && !t.Before(rs.Start) && t.Before(end):
			g.State = SlotChosen
		}
		out = append(out, g)
	}
	return out
}

func (f *Flow) taken(from, to time.Time) bool {
	for _, b := range f.S.Room.Taken {
		if b.Status.Holds() && kiosk.Overlaps(b.Start, b.End, from, to) {
			return true
		}
	}
	return false
}

// PickSlot makes the free slot at t the start, keeping the length when
// it still fits.
func (f *Flow) PickSlot(t time.Time) {
	f.S.clearMessages()
	if t.Before(f.now()) || f.taken(t, t.Add(f.Settings.Room.Slot)) {
		return
	}
	rs := &f.S.Room
	rs.Start = t
	rs.Slots = min(max(rs.Slots, 1), f.MaxSlots())
}

// MaxSlots is the longest booking from the chosen start: the rule's
// maximum, closing time and the next taken slot, whichever comes first.
func (f *Flow) MaxSlots() int {
	rs, r := &f.S.Room, f.Settings.Room
	if rs.Room == nil || rs.Start.IsZero() || r.Slot <= 0 {
		return 1
	}
	closes := r.Grid(*rs.Room, rs.Start).End()
	n := 0
	for t := rs.Start; n < int(r.MaxLength/r.Slot) && !t.Add(r.Slot).After(closes) && !f.taken(t, t.Add(r.Slot)); t = t.Add(r.Slot) {
		n++
	}
	return max(n, 1)
}

// StepLength changes the length by d slots within 1 … MaxSlots.
func (f *Flow) StepLength(d int) {
	f.S.clearMessages()
	rs := &f.S.Room
	rs.Slots = min(max(rs.Slots+d, 1), f.MaxSlots())
}

// ChosenEnd is when the chosen booking would end.
func (f *Flow) ChosenEnd() time.Time {
	return f.S.Room.Start.Add(time.Duration(f.S.Room.Slots) * f.Settings.Room.Slot)
}

// BookRoom books the chosen room, start and length. Refusals show in
// place with every choice kept; a taken slot reloads the grid.
func (f *Flow) BookRoom(ctx context.Context) {
	f.S.clearMessages()
	rs := &f.S.Room
	if rs.Room == nil || rs.Start.IsZero() {
		return
	}
	if err := f.book(ctx, *rs.Room, rs.Start, f.ChosenEnd()); kiosk.ErrorCode(err) == kiosk.ECONFLICT {
		f.loadDay(ctx) // show who holds what now; the choice stays
	}
}

// book stores a booking, resending the pending one with the same id
// when the choice is unchanged so a retry cannot book twice.
func (f *Flow) book(ctx context.Context, room kiosk.Room, start, end time.Time) error {
	rs := &f.S.Room
	b := rs.Pending
	if b == nil || b.RoomID != room.ID || !b.Start.Equal(start) || !b.End.Equal(end) {
		id, err := f.d.IDs.NewID()
		if err != nil {
			return f.fail(err)
		}
		b = &kiosk.Booking{ID: id, RoomID: room.ID, StudentKey: f.studentKey(), Start: start, End: end,
			AssistedBy: f.S.AssistedBy}
	}
	rs.Pending = b
	if err := f.d.Rooms.BookRoom(ctx, b); err != nil {
		return f.fail(err)
	}
	rs.Pending, rs.Booked = nil, b
	rs.Room = &room
	f.S.Screen = ScreenRoomDone
	return nil
}

// fail shows err and returns it.
func (f *Flow) fail(err error) error {
	f.S.Fail(err)
	return err
}

// BookNow finds the first free room from the next slot boundary today
// and proposes it; one more tap books it.
func (f *Flow) BookNow(ctx context.Context) {
	f.S.clearMessages()
	r := f.Settings.Room
	now := f.now()
	day := kiosk.StartOfDay(now)
	next := day.Add((now.Sub(day) + r.Slot - 1) / r.Slot * r.Slot)
	free, err := f.d.Rooms.FreeSlots(ctx, "", next, day.AddDate(0, 0, 1), r.Slot)
	if err != nil {
		f.S.Fail(err)
		return
	}
	rooms := f.roomIndex(ctx)
	var best *kiosk.FreeSlot
	for _, fs := range free {
		room, ok := rooms[fs.RoomID]
		if !ok || !room.Active {
			continue
		}
		start := day.Add((fs.Start.Sub(day) + r.Slot - 1) / r.Slot * r.Slot)
		if start.Add(r.Slot).After(fs.End) {
			continue
		}
		if best == nil || start.Before(best.Start) ||
			(start.Equal(best.Start) && typeRank(room.Type) < typeRank(rooms[best.RoomID].Type)) {
			best = &kiosk.FreeSlot{RoomID: fs.RoomID, Start: start, End: start.Add(r.Slot)}
		}
	}
	if best == nil {
		f.S.Err = &Message{ID: "RoomNowNone"}
		return
	}
	room := rooms[best.RoomID]
	f.S.Room.Now, f.S.Room.NowRoom = best, &room
	f.S.Screen = ScreenRoomNow
}

func typeRank(t kiosk.RoomType) int { return slices.Index(kiosk.RoomTypes, t) }

// ConfirmBookNow books the proposal.
func (f *Flow) ConfirmBookNow(ctx context.Context) {
	f.S.clearMessages()
	rs := &f.S.Room
	if rs.Now == nil || rs.NowRoom == nil {
		return
	}
	_ = f.book(ctx, *rs.NowRoom, rs.Now.Start, rs.Now.End)
}
