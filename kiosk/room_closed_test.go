package kiosk_test

import (
	"errors"
	"testing"
	"time"

	"onestop/kiosk"
)

// A room's day off and its holidays have no bookable slot, counted in
// the hall's days: 2026-11-25 is a Wednesday in Shanghai.
func TestRoomClosedDays(t *testing.T) {
	rules := kiosk.DefaultSettings().Room
	room := kiosk.Room{ID: "r", Type: kiosk.RoomStudy, Opens: 8 * 60, Closes: 22 * 60, Active: true,
		ClosedWeekdays: []time.Weekday{time.Sunday}, ClosedDates: []string{"2026-11-25"}}
	if err := room.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		day  time.Time
		open bool
	}{
		{at(24, 12, 0), true},
		{at(25, 12, 0), false},
		{at(25, 0, 30).In(time.UTC), false}, // 24 Nov 16:30 UTC is still the hall's 25th
		{at(29, 12, 0), false},              // Sunday
		{at(30, 12, 0), true},
	} {
		g := rules.Grid(room, c.day)
		if got := len(g.Starts()) > 0; got != c.open {
			t.Errorf("%s: open %v, want %v", c.day, got, c.open)
		}
	}
	// A booking on the day off is refused as the room being closed, not
	// as outside hours that day would not have.
	b := kiosk.Booking{ID: "b", RoomID: "r", StudentKey: "s", Start: at(29, 10, 0), End: at(29, 11, 0), Status: kiosk.BookingBooked}
	if id, _ := kiosk.ErrorMessageID(rules.CheckBooking(at(25, 9, 0), room, b, nil, nil)); id != kiosk.MsgErrRoomClosed {
		t.Errorf("booking on Sunday: %s", id)
	}
	b.Start, b.End = at(30, 10, 0), at(30, 11, 0)
	if err := rules.CheckBooking(at(25, 9, 0), room, b, nil, nil); err != nil {
		t.Errorf("booking on Monday: %v", err)
	}
	for _, bad := range []kiosk.Room{
		{ID: "r", Type: kiosk.RoomStudy, Opens: 480, Closes: 600, ClosedWeekdays: []time.Weekday{7}},
		{ID: "r", Type: kiosk.RoomStudy, Opens: 480, Closes: 600, ClosedDates: []string{"2026-13-01"}},
	} {
		if err := bad.Validate(); kiosk.ErrorCode(err) != kiosk.EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

// A weekly pattern: Mondays and Wednesdays 14:00–16:00 in 30-minute
// slots for two weeks, one Monday off, one extra Saturday.
func TestWeeklySlots(t *testing.T) {
	p := kiosk.WeeklySlots{MentorID: "m1", Weekdays: []time.Weekday{time.Monday, time.Wednesday},
		Start: 14 * 60, End: 16 * 60, Length: 30 * time.Minute, From: "2026-11-23", To: "2026-12-06",
		Closed: []string{"2026-11-30"}, Extra: []string{"2026-11-28"}}
	ss, err := p.Slots(hallZone)
	if err != nil {
		t.Fatal(err)
	}
	// 23rd, 25th, 28th (extra), 2nd; the 30th is off: 4 days × 4 slots.
	if len(ss) != 16 || !ss[0].Start.Equal(at(23, 14, 0)) || !ss[3].End.Equal(at(23, 16, 0)) ||
		!ss[8].Start.Equal(at(28, 14, 0)) || ss[15].Start.Day() != 2 {
		t.Fatalf("slots: %d %+v", len(ss), ss)
	}
	again, _ := p.Slots(hallZone)
	if again[5].ID != ss[5].ID || ss[5].ID == ss[6].ID {
		t.Errorf("ids are not stable and distinct: %s %s %s", again[5].ID, ss[5].ID, ss[6].ID)
	}
	for _, s := range ss {
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	for field, bad := range map[string]func(*kiosk.WeeklySlots){
		"end":    func(p *kiosk.WeeklySlots) { p.End = p.Start },
		"length": func(p *kiosk.WeeklySlots) { p.Length = 3 * time.Hour },
		"to":     func(p *kiosk.WeeklySlots) { p.To = "2026-11-01" },
		"from":   func(p *kiosk.WeeklySlots) { p.From = "11/23" },
		"closed": func(p *kiosk.WeeklySlots) { p.Closed = []string{"x"} },
	} {
		q := p
		bad(&q)
		var ke *kiosk.Error
		if _, err := q.Slots(hallZone); !errors.As(err, &ke) || ke.Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}
