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
}

// CheckBooking decides whether b may be made at now. mine holds the
// student's bookings from at least NoShowPeriod+Suspension ago through
// the window; taken holds the room's bookings around b.
func (r RoomRules) CheckBooking(now time.Time, room Room, b Booking, mine, taken []Booking) error {
	if err := r.checkShape(now, room, b); err != nil {
		return err
	}
	if until := r.SuspendedUntil(now, mine); !until.IsZero() {
		return Errorf(ELIMIT, MsgErrBookingSuspended, "booking suspended until %s", until).
			With(map[string]any{"Until": until, "NoShows": r.NoShowLimit, "Days": days(r.NoShowPeriod), "SuspendDays": days(r.Suspension)})
	}
	day, week := StartOfDay(b.Start), StartOfWeek(b.Start)
	perDay, perWeek := 0, time.Duration(0)
	for _, m := range mine {
		if !m.Status.Holds() || m.ID == b.ID {
			continue
		}
		if Overlaps(m.Start, m.End, b.Start, b.End) {
			return Errorf(ECONFLICT, MsgErrBookingOverlap, "student already holds an overlapping booking").
				With(map[string]any{"Start": m.Start, "End": m.End})
		}
		if StartOfDay(m.Start).Equal(day) {
			perDay++
		}
		if StartOfWeek(m.Start).Equal(week) {
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

// checkShape checks what needs no other booking: room open, slot
// alignment, length, not in the past, within the window and hours.
func (r RoomRules) checkShape(now time.Time, room Room, b Booking) error {
	if !room.Active {
		return Errorf(EINVALID, MsgErrRoomClosed, "room %s is closed", room.ID)
	}
	length := b.End.Sub(b.Start)
	if length <= 0 || length%r.Slot != 0 || b.Start.Sub(StartOfDay(b.Start))%r.Slot != 0 || length > r.MaxLength {
		return Errorf(EINVALID, MsgErrBookingLength, "bad booking length %s", length).
			With(map[string]any{"SlotMinutes": int(r.Slot / time.Minute), "MaxHours": hours(r.MaxLength)})
	}
	if b.Start.Before(now) {
		return Errorf(EINVALID, MsgErrBookingPast, "booking starts in the past")
	}
	last := StartOfDay(now).AddDate(0, 0, r.WindowDays+1)
	if !b.Start.Before(last) {
		return Errorf(ELIMIT, MsgErrBookingWindow, "booking beyond the %d-day window", r.WindowDays).
			With(map[string]any{"Days": r.WindowDays, "Opens": StartOfDay(b.Start).AddDate(0, 0, -r.WindowDays)})
	}
	opens, closes := room.OpenAt(b.Start)
	if b.Start.Before(opens) || b.End.After(closes) {
		return Errorf(EINVALID, MsgErrRoomHours, "outside opening hours").
			With(map[string]any{"Opens": opens, "Closes": closes})
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
