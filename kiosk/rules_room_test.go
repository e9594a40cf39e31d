package kiosk_test

import (
	"testing"
	"time"

	"onestop/kiosk"
)

// hallZone is the hall's zone the rules count days in, whatever the
// process's zone is.
var hallZone = kiosk.DefaultLocation()

// Wednesday 25 Nov 2026, 10:07 in the hall.
var now = time.Date(2026, 11, 25, 10, 7, 0, 0, hallZone)

func at(day, hour, min int) time.Time {
	return time.Date(2026, 11, day, hour, min, 0, 0, hallZone)
}

var room = kiosk.Room{ID: "r1", Type: kiosk.RoomStudy, Opens: 8 * 60, Closes: 22 * 60, Active: true}

func booking(id string, start time.Time, length time.Duration, st kiosk.BookingStatus) kiosk.Booking {
	return kiosk.Booking{ID: id, RoomID: "r1", StudentKey: "s1", Start: start, End: start.Add(length), Status: st}
}

func TestCheckBooking(t *testing.T) {
	r := kiosk.DefaultSettings().Room
	h := time.Hour
	noShow := func(id string, t time.Time) kiosk.Booking { return booking(id, t, h, kiosk.BookingNoShow) }
	closed := room
	closed.Active = false
	for _, tc := range []struct {
		name      string
		room      kiosk.Room
		b         kiosk.Booking
		mine      []kiosk.Booking
		taken     []kiosk.Booking
		code, msg string
		wantLifts time.Time
		wantUntil time.Time
	}{
		{name: "ok", room: room, b: booking("n", at(25, 14, 0), h, kiosk.BookingBooked)},
		{name: "next slot ok", room: room, b: booking("n", at(25, 10, 30), 30*time.Minute, kiosk.BookingBooked)},
		{name: "closed room", room: closed, b: booking("n", at(25, 14, 0), h, ""), code: kiosk.EINVALID, msg: kiosk.MsgErrRoomClosed},
		{name: "misaligned start", room: room, b: booking("n", at(25, 14, 10), h, ""), code: kiosk.EINVALID, msg: kiosk.MsgErrBookingLength},
		{name: "odd length", room: room, b: booking("n", at(25, 14, 0), 45*time.Minute, ""), code: kiosk.EINVALID, msg: kiosk.MsgErrBookingLength},
		{name: "too long", room: room, b: booking("n", at(25, 12, 0), 4*h+30*time.Minute, ""), code: kiosk.EINVALID, msg: kiosk.MsgErrBookingLength},
		{name: "max length ok", room: room, b: booking("n", at(25, 12, 0), 4*h, "")},
		{name: "empty", room: room, b: booking("n", at(25, 12, 0), 0, ""), code: kiosk.EINVALID, msg: kiosk.MsgErrBookingLength},
		{name: "past", room: room, b: booking("n", at(25, 10, 0), h, ""), code: kiosk.EINVALID, msg: kiosk.MsgErrBookingPast},
		{name: "last day of window", room: room, b: booking("n", time.Date(2026, 12, 2, 21, 0, 0, 0, hallZone), h, "")}, // today + 7
		{name: "beyond window", room: room, b: booking("n", time.Date(2026, 12, 3, 8, 0, 0, 0, hallZone), h, ""),
			code: kiosk.ELIMIT, msg: kiosk.MsgErrBookingWindow},
		{name: "before opening", room: room, b: booking("n", at(26, 7, 30), h, ""), code: kiosk.EINVALID, msg: kiosk.MsgErrRoomHours},
		{name: "past closing", room: room, b: booking("n", at(26, 21, 30), h, ""), code: kiosk.EINVALID, msg: kiosk.MsgErrRoomHours},
		{name: "ends at closing ok", room: room, b: booking("n", at(26, 21, 0), h, "")},
		{name: "day limit", room: room, b: booking("n", at(26, 18, 0), h, ""),
			mine: []kiosk.Booking{booking("a", at(26, 8, 0), h, kiosk.BookingBooked), booking("b", at(26, 12, 0), h, kiosk.BookingCheckedIn)},
			code: kiosk.ELIMIT, msg: kiosk.MsgErrBookingDayLimit, wantLifts: at(27, 0, 0)},
		{name: "cancelled bookings don't count", room: room, b: booking("n", at(26, 18, 0), h, ""),
			mine: []kiosk.Booking{booking("a", at(26, 8, 0), h, kiosk.BookingCancelled), booking("b", at(26, 12, 0), h, kiosk.BookingBooked)}},
		{name: "week limit", room: room, b: booking("n", at(28, 18, 0), 2*h, ""), // Sat; week Mon 23 – Sun 29
			mine: []kiosk.Booking{booking("a", at(25, 12, 0), 3*h, kiosk.BookingBooked), booking("b", at(27, 8, 0), 2*h, kiosk.BookingBooked)},
			code: kiosk.ELIMIT, msg: kiosk.MsgErrBookingWeekLimit, wantLifts: at(30, 0, 0)},
		{name: "week limit exactly 6 h ok", room: room, b: booking("n", at(28, 18, 0), h, ""),
			mine: []kiosk.Booking{booking("a", at(25, 12, 0), 3*h, kiosk.BookingBooked), booking("b", at(27, 8, 0), 2*h, kiosk.BookingBooked)}},
		{name: "next week is a fresh week", room: room, b: booking("n", at(30, 18, 0), 2*h, ""),
			mine: []kiosk.Booking{booking("a", at(25, 12, 0), 3*h, kiosk.BookingBooked), booking("b", at(27, 8, 0), 3*h, kiosk.BookingBooked)}},
		{name: "student overlap", room: room, b: booking("n", at(26, 9, 0), h, ""),
			mine: []kiosk.Booking{{ID: "a", RoomID: "r2", Start: at(26, 9, 30), End: at(26, 10, 30), Status: kiosk.BookingBooked}},
			code: kiosk.ECONFLICT, msg: kiosk.MsgErrBookingOverlap},
		{name: "slot taken", room: room, b: booking("n", at(26, 9, 0), h, ""),
			taken: []kiosk.Booking{{ID: "x", RoomID: "r1", StudentKey: "s2", Start: at(26, 9, 30), End: at(26, 10, 0), Status: kiosk.BookingBooked}},
			code:  kiosk.ECONFLICT, msg: kiosk.MsgErrSlotTaken},
		{name: "adjacent booking is fine", room: room, b: booking("n", at(26, 9, 0), h, ""),
			taken: []kiosk.Booking{{ID: "x", RoomID: "r1", StudentKey: "s2", Start: at(26, 10, 0), End: at(26, 11, 0), Status: kiosk.BookingBooked}}},
		{name: "released slot is free", room: room, b: booking("n", at(26, 9, 0), h, ""),
			taken: []kiosk.Booking{{ID: "x", RoomID: "r1", StudentKey: "s2", Start: at(26, 9, 0), End: at(26, 10, 0), Status: kiosk.BookingNoShow}}},
		{name: "suspended after 3 no-shows in 30 days", room: room, b: booking("n", at(26, 9, 0), h, ""),
			mine: []kiosk.Booking{noShow("a", at(1, 9, 0)), noShow("b", at(10, 9, 0)), noShow("c", at(20, 9, 0))},
			code: kiosk.ELIMIT, msg: kiosk.MsgErrBookingSuspended, wantUntil: at(27, 9, 15)},
		{name: "suspension over", room: room, b: booking("n", at(26, 9, 0), h, ""),
			mine: []kiosk.Booking{noShow("a", at(1, 9, 0)), noShow("b", at(10, 9, 0)), noShow("c", at(18, 9, 0))}},
		{name: "3 no-shows spread over more than 30 days", room: room, b: booking("n", at(26, 9, 0), h, ""),
			mine: []kiosk.Booking{noShow("a", time.Date(2026, 10, 20, 9, 0, 0, 0, hallZone)), noShow("b", at(10, 9, 0)), noShow("c", at(24, 9, 0))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := r.CheckBooking(now, tc.room, tc.b, tc.mine, tc.taken)
			if got := kiosk.ErrorCode(err); got != tc.code {
				t.Fatalf("code %q, want %q (%v)", got, tc.code, err)
			}
			id, data := kiosk.ErrorMessageID(err)
			if tc.code != "" && id != tc.msg {
				t.Fatalf("message %q, want %q", id, tc.msg)
			}
			if !tc.wantLifts.IsZero() && !data["Lifts"].(time.Time).Equal(tc.wantLifts) {
				t.Fatalf("lifts %v, want %v", data["Lifts"], tc.wantLifts)
			}
			if !tc.wantUntil.IsZero() && !data["Until"].(time.Time).Equal(tc.wantUntil) {
				t.Fatalf("until %v, want %v", data["Until"], tc.wantUntil)
			}
		})
	}
}

func TestRoomCheckInWindow(t *testing.T) {
	r := kiosk.DefaultSettings().Room
	b := booking("b", at(25, 14, 0), time.Hour, kiosk.BookingBooked)
	for _, tc := range []struct {
		now   time.Time
		st    kiosk.BookingStatus
		tardy bool
		msg   string
	}{
		{at(25, 13, 44), kiosk.BookingBooked, false, kiosk.MsgErrCheckInTooEarly},
		{at(25, 13, 45), kiosk.BookingBooked, false, ""},
		{at(25, 14, 0), kiosk.BookingBooked, false, ""},
		{at(25, 14, 1), kiosk.BookingBooked, true, ""},
		{at(25, 14, 15), kiosk.BookingBooked, true, ""},
		{at(25, 14, 16), kiosk.BookingBooked, false, kiosk.MsgErrCheckInClosed},
		{at(25, 14, 5), kiosk.BookingCheckedIn, false, kiosk.MsgErrAlreadyCheckedIn},
		{at(25, 14, 5), kiosk.BookingCancelled, false, kiosk.MsgErrNotActive},
	} {
		b.Status = tc.st
		tardy, err := r.CheckIn(tc.now, b)
		id, data := kiosk.ErrorMessageID(err)
		if err == nil {
			id = ""
		}
		if id != tc.msg || tardy != tc.tardy {
			t.Errorf("%s %s: tardy %v err %v", tc.now.Format("15:04"), tc.st, tardy, err)
		}
		if tc.msg == kiosk.MsgErrCheckInTooEarly && !data["Opens"].(time.Time).Equal(at(25, 13, 45)) {
			t.Errorf("window opens %v", data["Opens"])
		}
	}
	b.Status = kiosk.BookingBooked
	if r.NoShowDue(at(25, 14, 15), b) || !r.NoShowDue(at(25, 14, 16), b) {
		t.Error("no-show is due once the window has closed")
	}
	if err := r.CheckCancel(at(25, 13, 59), b); err != nil {
		t.Errorf("cancel before start: %v", err)
	}
	if _, data := kiosk.ErrorMessageID(r.CheckCancel(at(25, 14, 0), b)); data["Deadline"] == nil {
		t.Error("cancel at start must be refused with its deadline")
	}
}

func TestWeekAndDayBoundaries(t *testing.T) {
	if got := kiosk.StartOfWeek(at(29, 23, 59)); !got.Equal(at(23, 0, 0)) {
		t.Errorf("Sunday belongs to the week starting Monday 23rd, got %v", got)
	}
	if got := kiosk.StartOfWeek(at(30, 0, 0)); !got.Equal(at(30, 0, 0)) {
		t.Errorf("Monday starts a week, got %v", got)
	}
	if got := kiosk.StartOfMonth(at(30, 12, 0)); got.Day() != 1 || got.Month() != time.November {
		t.Errorf("start of month %v", got)
	}
	if g := kiosk.DefaultSettings().Room.Grid(room, at(26, 15, 0)); !g.Opens.Equal(at(26, 8, 0)) || !g.Closes.Equal(at(26, 22, 0)) {
		t.Errorf("open %v–%v", g.Opens, g.Closes)
	}
}
