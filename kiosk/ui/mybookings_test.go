package ui_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/ui"
)

// myBookings gives Zhang bookings around now: two upcoming ones (one
// pending sync, one synced), one running and checked in, one central
// refused, and ones that must not be listed: over, cancelled, someone
// else's, beyond the window.
func myBookings(r *rig) {
	tomorrow := func(h int) time.Time { return at(h, 0).AddDate(0, 0, 1) }
	for _, b := range []kiosk.Booking{
		{ID: "bk-next", RoomID: "study-2", Start: tomorrow(9), End: tomorrow(10), SyncState: kiosk.OutboxPending},
		{ID: "bk-sem", RoomID: "sem-a", Start: at(16, 0), End: at(17, 0), SyncState: kiosk.OutboxApplied},
		{ID: "bk-now", RoomID: "gym", Start: at(14, 0), End: at(15, 0), Status: kiosk.BookingCheckedIn, SyncState: kiosk.OutboxApplied},
		{ID: "bk-lost", RoomID: "act-1", Start: tomorrow(18), End: tomorrow(19), SyncState: kiosk.OutboxConflict},
		{ID: "bk-over", RoomID: "study-1", Start: at(10, 0), End: at(11, 0), Status: kiosk.BookingCheckedIn},
		{ID: "bk-cancelled", RoomID: "study-1", Start: tomorrow(12), End: tomorrow(13), Status: kiosk.BookingCancelled},
		{ID: "bk-far", RoomID: "study-1", Start: at(9, 0).AddDate(0, 0, 30), End: at(10, 0).AddDate(0, 0, 30)},
	} {
		b.StudentKey = zhangKey
		r.rooms.AddBooking(b)
	}
	r.rooms.AddBooking(kiosk.Booking{ID: "bk-theirs", RoomID: "study-3", StudentKey: "someone-else", Start: tomorrow(9), End: tomorrow(10)})
}

func TestMyBookingsListAndCancelWithPIN(t *testing.T) {
	r := newRig(t)
	r.records.GivePIN(zhangKey, "8080")
	myBookings(r)
	r.tap("tile.rooms")
	r.identifyByNumber()
	r.shows("我的预约", "查看、取消已约的场地", "立即预约")
	r.tap("rooms.mine")
	r.shows("我的场地预约",
		"今天 3月5日 星期三 14:00–15:00", "社区健身房 · 已签到 · 已同步",
		"今天 3月5日 星期三 16:00–17:00", "研讨室 A · 已预约 · 已同步",
		"明天 3月6日 星期四 09:00–10:00", "自习室 2 · 已预约 · 待同步",
		"明天 3月6日 星期四 18:00–19:00", "多功能活动室 · 已预约 · 未被中心接受")
	r.hides("自习室 1", "自习室 3", "已取消")
	if r.has("bk.cancel.0") {
		t.Error("a running, checked-in booking offers Cancel")
	}
	r.tap("lang")
	r.shows("My room bookings", "Tomorrow Thu 6 Mar 09:00–10:00", "Study Room 2 · booked · pending sync",
		"Activity Room · booked · not accepted")
	r.tap("lang")

	r.tap("bk.cancel.2") // study room 2, tomorrow
	r.shows("请输入 PIN 码")
	r.keypad("8080")
	r.tap("keypad.ok")
	r.shows("取消这个场地预约？", "自习室 2 · 3号楼 · 1层", "明天 3月6日 星期四 09:00–10:00", "开始前取消不计爽约，时段会释放给其他同学。")
	r.tap("lang")
	r.shows("Cancel this room booking?", "Study Room 2 · Building 3 · Floor 1", "Cancelling before it starts is free", "Yes, cancel")
	r.tap("back")
	if b := booking(r, "bk-next"); b.Status != kiosk.BookingBooked {
		t.Fatal("going back must not cancel")
	}
	r.tap("bk.cancel.2") // the PIN holds for the session
	r.tap("bk.confirm")
	r.shows("Your booking of Study Room 2 at Mar 6 09:00 is cancelled and the slot is free again.")
	r.hides("Study Room 2 · booked")
	r.tap("lang")
	r.shows("已取消 自习室 2 3月6日 09:00 的预约，时段已释放。")
	if b := booking(r, "bk-next"); b.Status != kiosk.BookingCancelled {
		t.Errorf("booking %+v", b)
	}
}

func booking(r *rig, id string) kiosk.Booking {
	r.t.Helper()
	for _, b := range r.rooms.Bookings() {
		if b.ID == id {
			return b
		}
	}
	r.t.Fatalf("no booking %s", id)
	return kiosk.Booking{}
}

// A cancel refused on confirmation (the booking started meanwhile)
// shows the rule's message in place, in either language.
func TestCancelBookingRefusedInPlace(t *testing.T) {
	r := newRig(t)
	r.rooms.AddBooking(kiosk.Booking{ID: "soon", RoomID: "sem-a", StudentKey: zhangKey, Start: at(14, 30), End: at(15, 0)})
	r.tap("tile.rooms")
	r.scan(zhangCard) // strong: no PIN
	r.tap("rooms.mine")
	r.tap("bk.cancel.0")
	r.shows("取消这个场地预约？")
	r.clock.Set(at(14, 31))
	r.tap("bk.confirm")
	r.shows("已经开始（14:30），不能再取消。", "取消这个场地预约？", "研讨室 A")
	r.tap("lang")
	r.shows("It already started (14:30) and can no longer be cancelled.")
	r.tap("back")
	r.shows("My room bookings", "Seminar Room A · booked")
	if r.has("bk.cancel.0") {
		t.Error("a started booking offers Cancel")
	}
}

func TestMyBookingsPagesAndEmpty(t *testing.T) {
	r := newRig(t)
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.tap("rooms.mine")
	r.shows("近期没有场地预约。")
	r.tap("lang")
	r.shows("You have no upcoming room bookings.")
	r.tap("back")
	for d := 1; d <= 5; d++ { // four to a page
		s := at(9, 0).AddDate(0, 0, d)
		r.rooms.AddBooking(kiosk.Booking{ID: fmt.Sprint("b", d), RoomID: "study-1", StudentKey: zhangKey, Start: s, End: s.Add(time.Hour)})
	}
	r.tap("rooms.mine")
	r.shows("1/2", "Thu 6 Mar 09:00–10:00")
	r.hides("Mon 10 Mar")
	r.tap("bks.next")
	r.shows("2/2", "Mon 10 Mar 09:00–10:00")
	r.tap("bk.cancel.4")
	r.tap("bk.confirm")
	r.shows("My room bookings", "is cancelled", "Sun 9 Mar")
	if r.has("bks.next") || r.has("bks.prev") {
		t.Error("one page left, but the pager shows")
	}
}

// Booking stays suspended for no-shows, but the student can still see
// and cancel what they hold.
func TestMyBookingsWhileSuspended(t *testing.T) {
	r := newRig(t)
	for i := 1; i <= 3; i++ {
		s := start.Add(-time.Duration(i) * 24 * time.Hour)
		r.rooms.AddBooking(kiosk.Booking{ID: fmt.Sprint("ns", i), RoomID: "gym", StudentKey: zhangKey, Start: s, End: s.Add(time.Hour), Status: kiosk.BookingNoShow})
	}
	r.rooms.AddBooking(kiosk.Booking{ID: "kept", RoomID: "gym", StudentKey: zhangKey, Start: at(18, 0), End: at(19, 0)})
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.shows("场地预约已暂停")
	r.tap("rooms.mine")
	r.shows("社区健身房 · 已预约")
	r.tap("bk.cancel.0")
	r.tap("bk.confirm")
	r.shows("已取消 社区健身房 18:00 的预约")
}

// The flow on its own: cancelling needs the unlock, and a booking the
// list does not hold cannot be asked about.
func TestFlowCancelBookingNeedsUnlock(t *testing.T) {
	ctx := context.Background()
	f, fk := identifiedFlow(t, ui.GoalRooms, false)
	fk.records.GivePIN(zhangKey, "1234")
	fk.rooms.AddBooking(kiosk.Booking{ID: "b1", RoomID: "study-1", StudentKey: zhangKey, Start: at(18, 0), End: at(19, 0)})
	f.OpenMyBookings(ctx)
	if f.S.Screen != ui.ScreenMyBookings || len(f.S.Room.Mine) != 1 {
		t.Fatalf("screen %v, mine %+v", f.S.Screen, f.S.Room.Mine)
	}
	f.CancelBooking(ctx, "b1")
	if f.S.Screen != ui.ScreenPIN || f.S.PIN.For != ui.UnlockCancelBooking {
		t.Fatalf("cancel without the PIN: screen %v", f.S.Screen)
	}
	for _, d := range "1234" {
		f.PINDigit(d)
	}
	f.SubmitPIN(ctx)
	if f.S.Screen != ui.ScreenCancelBooking || f.S.Room.Cancel == nil || f.S.Room.Cancel.ID != "b1" {
		t.Fatalf("after the PIN: screen %v, cancel %+v", f.S.Screen, f.S.Room.Cancel)
	}
	f.Back()
	f.CancelBooking(ctx, "not-mine")
	if f.S.Screen != ui.ScreenMyBookings || f.S.Err == nil || f.S.Err.ID != kiosk.MsgErrNotFound {
		t.Fatalf("unknown booking: screen %v, err %+v", f.S.Screen, f.S.Err)
	}
}
