package ui_test

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

// someone else holds study room 1 today 15:00–16:00.
func othersBooking(r *rig) {
	r.rooms.AddBooking(kiosk.Booking{ID: "other-1", RoomID: "study-1", StudentKey: "someone-else", Start: at(15, 0), End: at(16, 0)})
}

func (r *rig) disabled(name string) bool {
	r.t.Helper()
	b := r.k.Button(name)
	if b == nil {
		r.t.Fatalf("no button %q on screen; screen shows:\n%s", name, r.text())
	}
	return b.Disabled()
}

func TestBookARoom(t *testing.T) {
	r := newRig(t)
	othersBooking(r)
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.shows("场地预约", "自习室", "研讨室", "活动室", "健身房", "立即预约", "可预约今天起 7 天内的时段")
	r.tap("roomtype.study")
	r.shows("自习室：选择场地", "自习室 1", "自习室 4", "4 人 · 充电插座、台灯 · 3号楼 · 1层", "1/2")
	r.hides("自习室 5")
	r.tap("rooms.next")
	r.shows("自习室 5", "自习室 6", "2/2")
	r.tap("rooms.prev")
	r.tap("room.study-1")
	r.shows("自习室 1", "今天 3月5日 星期三", "请点选开始时间", "08:00", "21:30")
	if !r.disabled("slot.1400") || !r.disabled("slot.1500") || r.disabled("slot.1430") || !r.disabled("room.book") {
		t.Fatal("past and taken slots must be disabled, free ones enabled, Book disabled until a start is chosen")
	}
	r.shows("已过", "已约", "空闲")
	r.tap("slot.1430")
	r.shows("3月5日 14:30–15:00", "时长 30 分钟", "已选")
	if !r.disabled("len.plus") {
		t.Error("length may not run into the taken 15:00 slot")
	}

	r.tap("day.next")
	r.shows("明天 3月6日 星期四", "请点选开始时间") // the start belongs to its day
	r.tap("slot.0900")
	r.tap("len.plus")
	r.tap("len.plus")
	r.tap("len.plus")
	r.shows("时长 2 小时", "3月6日 09:00–11:00")
	r.tap("len.minus")
	r.shows("时长 1 小时 30 分钟")
	r.tap("len.plus")
	r.tap("room.book")
	r.shows("预约成功", "自习室 1 · 3号楼 · 1层", "明天 3月6日 星期四 09:00–11:00", "请在 08:45–09:15 到场签到。",
		"3 次将暂停预约 7 天", "待同步")
	bs := r.rooms.Bookings()
	if len(bs) != 2 {
		t.Fatalf("bookings %+v", bs)
	}
	if b := bs[1]; b.StudentKey != zhangKey || b.RoomID != "study-1" || !b.Start.Equal(at(9, 0).AddDate(0, 0, 1)) ||
		b.End.Sub(b.Start) != 2*time.Hour || b.SyncState != kiosk.OutboxPending {
		t.Errorf("booking %+v", b)
	}
	// The receipt's QR opens the booking's page, with its .ics.
	r.shows("用手机扫码", "查看预约、加入日历")
	if got, want := r.k.QR(), "https://onestop.example.edu.cn/b/"+bs[1].ID; got != want {
		t.Errorf("QR encodes %q, want %q", got, want)
	}
	r.tap("lang")
	r.shows("You're booked", "Study Room 1 · Building 3 · Floor 1", "Tomorrow Thu 6 Mar 09:00–11:00",
		"Check in between 08:45 and 09:15.", "pending sync", "your calendar")
	r.tap("done")
	r.shows("Book a room")
	if r.k.QR() != "" {
		t.Error("QR still shown after Done")
	}
}

func TestRoomDayWindowComesFromSettings(t *testing.T) {
	r := newRig(t, func(h *kiosktest.Hall) {
		s := settings()
		s.Room.Slot, s.Room.WindowDays = time.Hour, 2
		h.SetSettings(s)
	})
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.shows("可预约今天起 2 天内的时段")
	r.tap("roomtype.seminar")
	r.tap("room.sem-a")
	if r.has("slot.1430") || !r.has("slot.1500") {
		t.Fatal("a one-hour slot setting must give hourly slots")
	}
	r.tap("day.next")
	r.tap("day.next")
	r.shows("3月7日 星期五")
	if !r.disabled("day.next") || r.disabled("day.prev") {
		t.Fatal("day paging must stop at the window")
	}
}

func TestDayLimitRefusalKeepsTheChoice(t *testing.T) {
	r := newRig(t)
	tomorrow := kiosk.StartOfDay(start).AddDate(0, 0, 1)
	r.rooms.AddBooking(kiosk.Booking{ID: "mine-1", RoomID: "gym", StudentKey: zhangKey, Start: tomorrow.Add(8 * time.Hour), End: tomorrow.Add(9 * time.Hour)})
	r.rooms.AddBooking(kiosk.Booking{ID: "mine-2", RoomID: "gym", StudentKey: zhangKey, Start: tomorrow.Add(19 * time.Hour), End: tomorrow.Add(20 * time.Hour)})
	r.tap("tile.rooms")
	r.identifyByNumber()
	r.tap("roomtype.seminar")
	r.tap("room.sem-a")
	r.tap("day.next")
	r.tap("slot.1000")
	r.tap("len.plus")
	r.tap("room.book")
	r.shows("每人每天最多预约 2 次，3月6日 已约满。可先取消当天的预约，或改约其他日期。", "3月6日 10:00–11:00", "时长 1 小时", "研讨室 A")
	r.hides("预约成功")
	r.tap("lang")
	r.shows("You can book at most 2 times a day, and Mar 6 is full.", "Mar 6 10:00–11:00", "Length 1 h")
	r.tap("day.next") // another day: the start goes, the length stays
	r.tap("slot.1000")
	r.tap("room.book")
	r.shows("You're booked", "10:00–11:00")
}

func TestWeekLimitNamesHoursAndWhenItLifts(t *testing.T) {
	r := newRig(t)
	fri := kiosk.StartOfDay(start).AddDate(0, 0, 2) // same ISO week
	r.rooms.AddBooking(kiosk.Booking{ID: "w1", RoomID: "gym", StudentKey: zhangKey, Start: fri.Add(8 * time.Hour), End: fri.Add(12 * time.Hour)})
	r.rooms.AddBooking(kiosk.Booking{ID: "w2", RoomID: "gym", StudentKey: zhangKey, Start: fri.Add(13 * time.Hour), End: fri.Add(14*time.Hour + 30*time.Minute)})
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.tap("roomtype.seminar")
	r.tap("room.sem-a")
	r.tap("slot.1600")
	r.tap("len.plus")
	r.tap("room.book")
	r.shows("每人每周最多预约 6 小时，本周已预约 5.5 小时。3月10日 起可预约下一周。")
}

func TestSlotTakenOnAnotherKioskMeanwhile(t *testing.T) {
	r := newRig(t)
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.tap("roomtype.seminar")
	r.tap("room.sem-a")
	r.tap("slot.1600")
	r.rooms.AddBooking(kiosk.Booking{ID: "race", RoomID: "sem-a", StudentKey: "someone-else", Start: at(16, 0), End: at(17, 0)})
	r.tap("room.book")
	r.shows("这个时段刚被别人约走了，请选择其他时段。", "3月5日 16:00–16:30", "已约")
	if !r.disabled("slot.1600") {
		t.Error("the grid must show the slot taken after the refusal")
	}
	r.tap("slot.1700")
	r.tap("room.book")
	r.shows("预约成功", "17:00–17:30")
}

func TestSuspendedStudentSeesWhyBeforeChoosing(t *testing.T) {
	r := newRig(t)
	for i, d := range []int{-20, -10, -2} {
		s := kiosk.StartOfDay(start).AddDate(0, 0, d).Add(10 * time.Hour)
		r.rooms.AddBooking(kiosk.Booking{ID: "ns" + string(rune('a'+i)), RoomID: "gym", StudentKey: zhangKey,
			Start: s, End: s.Add(time.Hour), Status: kiosk.BookingNoShow})
	}
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.shows("30 天内有 3 次预约未签到，场地预约已暂停 7 天，3月10日 10:15 起恢复。")
	if r.has("roomtype.study") || r.has("rooms.now") {
		t.Fatal("no choosing while suspended")
	}
	r.tap("lang")
	r.shows("3 bookings in 30 days were not checked in, so room booking is paused for 7 days, until Mar 10 10:15.")
}

func TestBookNowInTwoTaps(t *testing.T) {
	r := newRig(t)
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.tap("rooms.now")
	r.shows("立即预约：为你找到这个场地", "自习室 1", "今天 3月5日 星期三 14:30–15:00")
	r.tap("now.confirm")
	r.shows("预约成功", "自习室 1", "14:30–15:00", "请在 14:15–14:45 到场签到。")
	if bs := r.rooms.Bookings(); len(bs) != 1 || bs[0].RoomID != "study-1" || !bs[0].Start.Equal(at(14, 30)) {
		t.Fatalf("bookings %+v", bs)
	}
}

func TestBookNowSkipsTakenAndSaysWhenNothingIsFree(t *testing.T) {
	r := newRig(t)
	othersBooking(r)
	r.clock.Set(at(14, 40))
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.tap("rooms.now")
	r.shows("自习室 2", "15:00–15:30") // study 1 is taken at 15:00
	r.tap("back")
	r.clock.Set(at(21, 40))
	r.tap("rooms.now")
	r.shows("今天接下来没有空闲场地了")
	if r.has("now.confirm") {
		t.Fatal("nothing to confirm")
	}
}
