package community

import (
	"time"

	"onestop/kiosk"
)

// BookingSum is the bookings of one room in one status that start in
// the period: how many, and their booked length.
type BookingSum struct {
	RoomID string
	Status kiosk.BookingStatus
	Count  int
	Length time.Duration
}

// Use is a room's (or a room type's) figures for a period.
//
//	booked utilisation     = booked hours ÷ open hours
//	checked-in utilisation = checked-in hours ÷ open hours
//	no-show rate           = no-shows ÷ (checked in + no-shows)
//
// Booked hours are those of every booking not cancelled (a no-show
// booked its hours too); checked-in hours those of bookings the student
// checked in to. Bookings still "booked" have no outcome yet, so the
// no-show rate leaves them out.
type Use struct {
	Key                 string // room id or room type
	Open, Booked, InUse time.Duration
	CheckedIn, NoShows  int
}

// BookedShare, InUseShare and NoShowRate are the formulas above; 0 when
// the denominator is.
func (u Use) BookedShare() float64 { return ratio(u.Booked.Hours(), u.Open.Hours()) }
func (u Use) InUseShare() float64  { return ratio(u.InUse.Hours(), u.Open.Hours()) }
func (u Use) NoShowRate() float64 {
	return ratio(float64(u.NoShows), float64(u.CheckedIn+u.NoShows))
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// OpenHours is how long room is open in p: its daily hours on every day
// it opens. An inactive room is not open.
func OpenHours(room kiosk.Room, p Period) time.Duration {
	if !room.Active || room.Closes <= room.Opens {
		return 0
	}
	var d time.Duration
	for _, day := range p.Days() {
		if !room.ClosedOn(day) {
			d += time.Duration(room.Closes-room.Opens) * time.Minute
		}
	}
	return d
}

// Rooms is each room's use in p, in rooms' order, and each room type's
// (in kiosk.RoomTypes order, types without rooms left out).
func Rooms(p Period, rooms []kiosk.Room, sums []BookingSum) (byRoom, byType []Use) {
	idx := map[string]int{}
	for i, r := range rooms {
		idx[r.ID] = i
		byRoom = append(byRoom, Use{Key: r.ID, Open: OpenHours(r, p)})
	}
	for _, s := range sums {
		i, ok := idx[s.RoomID]
		if !ok {
			continue // a room since deleted
		}
		u := &byRoom[i]
		switch s.Status {
		case kiosk.BookingCancelled:
			continue
		case kiosk.BookingCheckedIn:
			u.InUse += s.Length
			u.CheckedIn += s.Count
		case kiosk.BookingNoShow:
			u.NoShows += s.Count
		}
		u.Booked += s.Length
	}
	for _, t := range kiosk.RoomTypes {
		tu, any := Use{Key: string(t)}, false
		for i, r := range rooms {
			if r.Type != t {
				continue
			}
			any = true
			u := byRoom[i]
			tu.Open, tu.Booked, tu.InUse = tu.Open+u.Open, tu.Booked+u.Booked, tu.InUse+u.InUse
			tu.CheckedIn, tu.NoShows = tu.CheckedIn+u.CheckedIn, tu.NoShows+u.NoShows
		}
		if any {
			byType = append(byType, tu)
		}
	}
	return byRoom, byType
}
