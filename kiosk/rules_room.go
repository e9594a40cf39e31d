package kiosk

import (
	"slices"
	"time"
)

// RoomRules are the room-booking limits (DESIGN.md defaults, settings
// override). Only bookings that hold a slot (booked, checked in) count
// toward the limits.
type RoomRules struct {
	Slot          time.Duration // bookings start and end on slot boundaries
	MaxLength     time.Duration // longest single booking
	MaxPerDay     int           // bookings per student per day
	MaxPerWeek    time.Duration // booked time per student per ISO week
	WindowDays    int           // bookable today and this many days ahead
	CheckInBefore time.Duration // check-in opens this long before start
	CheckInAfter  time.Duration // and closes this long after; then no-show
	NoShowLimit   int           // this many no-shows ...
	NoShowPeriod  time.Duration // ... within this period ...
	Suspension    time.Duration // ... suspend booking for this long
	// Zone is the hall's: days, weeks, opening hours and the slot grid
	// are counted in it, whatever zone the times come in.
	Zone *time.Location
}

// local returns t in the hall's zone.
func (r RoomRules) local(t time.Time) time.Time { return t.In(zoneOr(r.Zone)) }

// Grid returns the room's slot grid on t's day in the hall's zone:
// slots start at opening time and every Slot after it, the last one
// ending by closing time. The kiosk's day grid, the free-slot search and
// CheckBooking all take their slot starts from here, so any slot length
// the settings accept gives bookable slots.
func (r RoomRules) Grid(room Room, t time.Time) SlotGrid {
	day := StartOfDay(r.local(t))
	y, m, d := day.Date()
	g := SlotGrid{
		Opens:  time.Date(y, m, d, 0, room.Opens, 0, 0, day.Location()),
		Closes: time.Date(y, m, d, 0, room.Closes, 0, 0, day.Location()),
		Step:   r.Slot,
	}
	if g.Step <= 0 || !g.Closes.After(g.Opens) || room.ClosedOn(day) {
		g.Step, g.Closes = 0, g.Opens // nothing bookable that day
	}
	return g
}

// SlotGrid is one room's bookable slots on one day.
type SlotGrid struct {
	Opens, Closes time.Time // opening hours
	Step          time.Duration
}

// End is the end of the day's last whole slot.
func (g SlotGrid) End() time.Time {
	if g.Step <= 0 {
		return g.Opens
	}
	return g.Opens.Add(g.Closes.Sub(g.Opens) / g.Step * g.Step)
}

// Starts returns every slot start of the day.
func (g SlotGrid) Starts() []time.Time {
	var out []time.Time
	for t, end := g.Opens, g.End(); t.Before(end); t = t.Add(g.Step) {
		out = append(out, t)
	}
	return out
}

// On reports whether t is a slot boundary within opening hours.
func (g SlotGrid) On(t time.Time) bool {
	return g.Step > 0 && !t.Before(g.Opens) && !t.After(g.End()) && t.Sub(g.Opens)%g.Step == 0
}

// Ceil returns the first boundary at or after t, not before opening
// and not after the last slot's end.
func (g SlotGrid) Ceil(t time.Time) time.Time {
	return time.Unix(0, g.CeilNanos(t.UnixNano())).In(g.Opens.Location())
}

// Floor returns the last boundary at or before t, within the same bounds.
func (g SlotGrid) Floor(t time.Time) time.Time {
	return time.Unix(0, g.FloorNanos(t.UnixNano())).In(g.Opens.Location())
}

// CeilNanos is Ceil in unix nanoseconds, for searches that stay there.
func (g SlotGrid) CeilNanos(n int64) int64 {
	opens, step := g.Opens.UnixNano(), int64(g.Step)
	if step <= 0 || n <= opens {
		return opens
	}
	if r := (n - opens) % step; r != 0 {
		n += step - r
	}
	return min(n, g.End().UnixNano())
}

// FloorNanos is Floor in unix nanoseconds.
func (g SlotGrid) FloorNanos(n int64) int64 {
	opens, step := g.Opens.UnixNano(), int64(g.Step)
	if step <= 0 || n <= opens {
		return opens
	}
	n = min(n, g.End().UnixNano())
	return n - (n-opens)%step
}

// CheckBooking decides whether b may be made at now. mine holds the
// student's bookings starting from HistoryFrom(now) through the end of
// b's week and the window, taken the room's bookings around b, both as
// Effective at now (BookRoom gathers them so).
func (r RoomRules) CheckBooking(now time.Time, room Room, b Booking, mine, taken []Booking) error {
	if err := r.checkShape(now, room, b); err != nil {
		return err
	}
	if until := r.SuspendedUntil(now, mine); !until.IsZero() {
		return Errorf(ELIMIT, MsgErrBookingSuspended, "booking suspended until %s", until).
			With(map[string]any{"Until": until, "NoShows": r.NoShowLimit, "Days": days(r.NoShowPeriod), "SuspendDays": days(r.Suspension)})
	}
	day, week := StartOfDay(r.local(b.Start)), StartOfWeek(r.local(b.Start))
	perDay, perWeek := 0, time.Duration(0)
	for _, m := range mine {
		if !m.Status.Holds() || m.ID == b.ID {
			continue
		}
		if Overlaps(m.Start, m.End, b.Start, b.End) {
			return Errorf(ECONFLICT, MsgErrBookingOverlap, "student already holds an overlapping booking").
				With(map[string]any{"Start": m.Start, "End": m.End})
		}
		if StartOfDay(r.local(m.Start)).Equal(day) {
			perDay++
		}
		if StartOfWeek(r.local(m.Start)).Equal(week) {
			perWeek += m.End.Sub(m.Start)
		}
	}
	if perDay >= r.MaxPerDay {
		return Errorf(ELIMIT, MsgErrBookingDayLimit, "%d bookings on %s already", perDay, day.Format(time.DateOnly)).
			With(map[string]any{"Max": r.MaxPerDay, "Day": day, "Lifts": day.AddDate(0, 0, 1)})
	}
	if perWeek+b.End.Sub(b.Start) > r.MaxPerWeek {
		return Errorf(ELIMIT, MsgErrBookingWeekLimit, "%s booked this week already", perWeek).
			With(map[string]any{"MaxHours": hours(r.MaxPerWeek), "UsedHours": hours(perWeek), "Lifts": week.AddDate(0, 0, 7)})
	}
	for _, o := range taken {
		if o.Status.Holds() && o.ID != b.ID && o.RoomID == b.RoomID && Overlaps(o.Start, o.End, b.Start, b.End) {
			return Errorf(ECONFLICT, MsgErrSlotTaken, "room %s is taken at %s", b.RoomID, o.Start)
		}
	}
	return nil
}

// checkShape checks what needs no other booking: room open, length,
// not in the past, within the window, hours and the slot grid.
func (r RoomRules) checkShape(now time.Time, room Room, b Booking) error {
	if !room.Active {
		return Errorf(EINVALID, MsgErrRoomClosed, "room %s is closed", room.ID)
	}
	length := b.End.Sub(b.Start)
	badLength := Errorf(EINVALID, MsgErrBookingLength, "bad booking length %s", length).
		With(map[string]any{"SlotMinutes": int(r.Slot / time.Minute), "MaxHours": hours(r.MaxLength)})
	if r.Slot <= 0 || length <= 0 || length%r.Slot != 0 || length > r.MaxLength {
		return badLength
	}
	if b.Start.Before(now) {
		return Errorf(EINVALID, MsgErrBookingPast, "booking starts in the past")
	}
	last := StartOfDay(r.local(now)).AddDate(0, 0, r.WindowDays+1)
	if !b.Start.Before(last) {
		return Errorf(ELIMIT, MsgErrBookingWindow, "booking beyond the %d-day window", r.WindowDays).
			With(map[string]any{"Days": r.WindowDays, "Opens": StartOfDay(r.local(b.Start)).AddDate(0, 0, -r.WindowDays)})
	}
	if room.ClosedOn(r.local(b.Start)) {
		return Errorf(EINVALID, MsgErrRoomClosed, "room %s is closed on %s", room.ID, r.local(b.Start).Format(time.DateOnly))
	}
	g := r.Grid(room, b.Start)
	if b.Start.Before(g.Opens) || b.End.After(g.Closes) {
		return Errorf(EINVALID, MsgErrRoomHours, "outside opening hours").
			With(map[string]any{"Opens": g.Opens, "Closes": g.Closes})
	}
	if !g.On(b.Start) || !g.On(b.End) {
		return badLength
	}
	return nil
}

// SuspendedUntil returns when a suspension for no-shows among mine ends,
// or zero when the student may book at now.
func (r RoomRules) SuspendedUntil(now time.Time, mine []Booking) time.Time {
	if r.NoShowLimit <= 0 {
		return time.Time{}
	}
	var at []time.Time
	for _, m := range mine {
		if m.Status == BookingNoShow {
			at = append(at, m.Start.Add(r.CheckInAfter))
		}
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	var until time.Time
	for i := r.NoShowLimit - 1; i < len(at); i++ {
		if at[i].Sub(at[i-r.NoShowLimit+1]) <= r.NoShowPeriod {
			if u := at[i].Add(r.Suspension); u.After(until) {
				until = u
			}
		}
	}
	if !now.Before(until) {
		return time.Time{}
	}
	return until
}

// CheckInWindow returns when check-in for b opens and closes.
func (r RoomRules) CheckInWindow(b Booking) (opens, closes time.Time) {
	return b.Start.Add(-r.CheckInBefore), b.Start.Add(r.CheckInAfter)
}

// CheckIn decides whether b may be checked in at now and whether the
// student is late.
func (r RoomRules) CheckIn(now time.Time, b Booking) (tardy bool, err error) {
	opens, closes := r.CheckInWindow(b)
	return checkInAt(now, b.Status == BookingBooked, b.Status == BookingCheckedIn, b.Start, opens, closes)
}

// HistoryFrom is the earliest start of a booking that can still count
// against the student at now: its no-show is recorded CheckInAfter
// after the start and suspends for up to NoShowPeriod + Suspension.
func (r RoomRules) HistoryFrom(now time.Time) time.Time {
	return now.Add(-(r.NoShowPeriod + r.Suspension + r.CheckInAfter))
}

// Effective returns b as it stands at now: a booking whose check-in
// window closed unused is a no-show from that moment, whether or not
// housekeeping (ReleaseNoShows) has recorded it yet, on every machine.
func (r RoomRules) Effective(now time.Time, b Booking) Booking {
	if r.NoShowDue(now, b) {
		b.Status = BookingNoShow
	}
	return b
}

// NoShowDue reports whether b's check-in window has closed unused, so the
// slot is released and a no-show recorded.
func (r RoomRules) NoShowDue(now time.Time, b Booking) bool {
	_, closes := r.CheckInWindow(b)
	return b.Status == BookingBooked && now.After(closes)
}

// CheckCancel decides whether the student may cancel b at now: any time
// before it starts.
func (r RoomRules) CheckCancel(now time.Time, b Booking) error {
	if b.Status != BookingBooked {
		return Errorf(EINVALID, MsgErrNotActive, "booking is %s", b.Status)
	}
	if !now.Before(b.Start) {
		return Errorf(EINVALID, MsgErrCancelTooLate, "booking already started").With(map[string]any{"Deadline": b.Start})
	}
	return nil
}

// checkInAt is the check-in window rule rooms, appointments and events share.
func checkInAt(now time.Time, active, done bool, start, opens, closes time.Time) (bool, error) {
	data := map[string]any{"Opens": opens, "Closes": closes}
	switch {
	case done:
		return false, Errorf(ECONFLICT, MsgErrAlreadyCheckedIn, "already checked in")
	case !active:
		return false, Errorf(EINVALID, MsgErrNotActive, "not active")
	case now.Before(opens):
		return false, Errorf(EINVALID, MsgErrCheckInTooEarly, "check-in opens at %s", opens).With(data)
	case now.After(closes):
		return false, Errorf(EINVALID, MsgErrCheckInClosed, "check-in closed at %s", closes).With(data)
	}
	return now.After(start), nil
}

func hours(d time.Duration) float64 { return d.Hours() }
func days(d time.Duration) int      { return int(d / (24 * time.Hour)) }
