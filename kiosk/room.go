package kiosk

import (
	"slices"
	"time"
)

// RoomType groups the community's bookable spaces.
type RoomType string

const (
	RoomStudy    RoomType = "study"
	RoomSeminar  RoomType = "seminar"
	RoomActivity RoomType = "activity"
	RoomFitness  RoomType = "fitness"
)

// RoomTypes in the order the kiosk offers them.
var RoomTypes = []RoomType{RoomStudy, RoomSeminar, RoomActivity, RoomFitness}

// Room is a bookable space. Opening hours are minutes after local
// midnight, the same every day.
type Room struct {
	ID         string    `json:"id"`
	Name       LocalName `json:"name"`
	Type       RoomType  `json:"type"`
	Capacity   int       `json:"capacity"`
	Facilities []string  `json:"facilities"` // facility codes, translated as "Facility.<code>"
	BuildingID string    `json:"building_id"`
	Floor      int       `json:"floor"`
	Opens      int       `json:"opens"`  // minutes after midnight, e.g. 480 = 08:00
	Closes     int       `json:"closes"` // e.g. 1320 = 22:00
	Active     bool      `json:"active"` // closed rooms are kept but not bookable
	// ClosedWeekdays and ClosedDates (YYYY-MM-DD, the hall's days) are
	// days the room does not open: the weekly day off, holidays.
	ClosedWeekdays []time.Weekday `json:"closed_weekdays,omitempty"`
	ClosedDates    []string       `json:"closed_dates,omitempty"`
}

// ClosedOn reports whether the room is closed all of day (a time on
// that day in the hall's zone).
func (r Room) ClosedOn(day time.Time) bool {
	return slices.Contains(r.ClosedWeekdays, day.Weekday()) || slices.Contains(r.ClosedDates, day.Format(time.DateOnly))
}

// BookingStatus is where a room booking stands.
type BookingStatus string

const (
	BookingBooked    BookingStatus = "booked"
	BookingCheckedIn BookingStatus = "checked_in"
	BookingCancelled BookingStatus = "cancelled"
	BookingNoShow    BookingStatus = "no_show" // not checked in in time; the slot was released
)

// Holds reports whether a booking in this status keeps its slot taken.
func (s BookingStatus) Holds() bool { return s == BookingBooked || s == BookingCheckedIn }

// Booking is one student's reservation of a room for [Start, End).
type Booking struct {
	ID          string        `json:"id"`
	RoomID      string        `json:"room_id"`
	StudentKey  string        `json:"student"`
	Start       time.Time     `json:"start"`
	End         time.Time     `json:"end"`
	Status      BookingStatus `json:"status"`
	CreatedAt   time.Time     `json:"created_at"`
	CheckedInAt time.Time     `json:"checked_in_at,omitzero"`
	CancelledAt time.Time     `json:"cancelled_at,omitzero"`
	Tardy       bool          `json:"tardy,omitempty"`
	AssistedBy  string        `json:"assisted_by,omitempty"` // the desk volunteer who helped, if any
	SyncState   string        `json:"-"`                     // kiosk-local: pending until central answers
}

// Overlaps reports whether two half-open intervals meet.
func Overlaps(aStart, aEnd, bStart, bEnd time.Time) bool {
	return aStart.Before(bEnd) && bStart.Before(aEnd)
}

// FreeSlot is a stretch of a room nobody holds.
type FreeSlot struct {
	RoomID     string
	Start, End time.Time
}

// StartOfDay returns local midnight of t's day in t's location.
func StartOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// StartOfWeek returns Monday 00:00 of t's ISO week in t's location.
func StartOfWeek(t time.Time) time.Time {
	d := StartOfDay(t)
	wd := (int(d.Weekday()) + 6) % 7 // Monday = 0
	return d.AddDate(0, 0, -wd)
}

// StartOfMonth returns the first of t's month, 00:00.
func StartOfMonth(t time.Time) time.Time {
	y, m, _ := t.Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
}
