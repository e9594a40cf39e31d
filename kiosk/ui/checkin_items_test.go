package ui_test

import (
	"testing"

	"onestop/kiosk"
)

// today gives Zhang an academic appointment at 14:00 (check-in open at
// 14:05, late), the seminar room at 15:00, a counselling appointment at
// 16:00, and a talk running since 14:00.
func today(r *rig) {
	r.appts.AddAppointment(kiosk.Appointment{ID: "ap-wang", SlotID: slotID("m-wang", at(14, 0)), StudentKey: zhangKey})
	r.appts.AddAppointment(kiosk.Appointment{ID: "ap-lin", SlotID: slotID("m-lin", at(16, 0)), StudentKey: zhangKey})
	r.rooms.AddBooking(kiosk.Booking{ID: "bk-sem", RoomID: "sem-a", StudentKey: zhangKey, Start: at(15, 0), End: at(16, 0)})
	r.events.Add(kiosk.Event{ID: "ev-talk", Title: ln("读书分享会", "Book club"), Place: ln("服务大厅", "Service hall"),
		Start: at(14, 0), End: at(16, 0)})
}

func TestOneScanFindsEverythingForToday(t *testing.T) {
	r := newRig(t)
	today(r)
	r.scan(zhangCard)
	r.shows("欢迎，"+zhangMasked, "现在可以签到：",
		"学业导师 · 王老师", "14:00–14:50 · 签到 13:45–14:15",
		"活动：读书分享会", "14:00–16:00 · 签到 13:30–16:00",
		"场地：研讨室 A", "15:00–16:00 · 签到 14:45–15:15",
		"1/2", "自习", "其他")
	r.tap("checkin.next")
	r.shows("个人预约", "16:00–16:50 · 签到 15:45–16:15", "2/2")
	r.hides("心理咨询", counsellorName, "情绪与压力", "学生中心")
	r.tap("checkin.prev")

	r.tap("checkin.2") // the room, too early
	r.shows("签到时间为 14:45–15:15，请到时再来签到。", "场地：研讨室 A", "学业导师 · 王老师")
	r.tap("lang")
	r.shows("Check-in is open 14:45–15:15. Please come back then.", "Room: Seminar Room A", "Academic mentor · Ms Wang")
	r.tap("lang")

	r.tap("checkin.0") // the appointment, 5 minutes late
	r.shows("签到成功", zhangMasked, "签到时间：14:05", "学业导师 · 王老师 · 14:00–14:50", "迟到 5 分钟", "联网后会自动同步")
	if a := r.appts.All()[0]; a.Status != kiosk.AppointmentArrived || !a.Tardy {
		t.Errorf("appointment after check-in: %+v", a)
	}
	r.tap("lang")
	r.shows("You're checked in", "Academic mentor · Ms Wang · 14:00–14:50", "5 min late")
	r.tap("done")
	r.shows("Check in")
}

func TestCheckInToRoomOnTimeAndEvent(t *testing.T) {
	r := newRig(t)
	today(r)
	r.clock.Set(at(14, 46))
	r.scan(zhangCard)
	// Open windows first (event, room), then the appointment whose window
	// closed at 14:15 and the counselling one that opens later.
	r.tap("checkin.2")
	r.shows("签到时间为 13:45–14:15，现在已过签到时间。")
	r.tap("checkin.1")
	r.shows("签到成功", "场地：研讨室 A · 15:00–16:00")
	r.hides("迟到")
	if b := r.rooms.Bookings()[0]; b.Status != kiosk.BookingCheckedIn || b.Tardy {
		t.Errorf("booking after check-in: %+v", b)
	}
	r.tap("done")

	r.scan(zhangCard)
	r.hides("场地：研讨室 A") // checked in: nothing left to do for it
	r.tap("checkin.0")
	r.shows("签到成功", "活动：读书分享会", "迟到 46 分钟")
	r.tap("done")
	r.scan(zhangCard)
	r.tap("checkin.0")
	r.shows("已经签到过了，无需重复签到。")
	if n := len(r.events.Attendance()); n != 1 {
		t.Errorf("%d attendances, want 1", n)
	}
}

func TestCounsellingCheckInShowsOnlyTheNeutralLabel(t *testing.T) {
	r := newRig(t)
	today(r)
	r.clock.Set(at(15, 50))
	r.scan(zhangCard)
	r.shows("个人预约")
	r.hides("心理咨询", counsellorName)
	r.tap("checkin.1") // at 15:50: the event, then counselling; the room's window closed
	r.shows("签到成功", "个人预约 · 16:00–16:50")
	r.hides("心理咨询", counsellorName, "Counselling", "Dr Lin")
	r.tap("lang")
	r.shows("Personal appointment · 16:00–16:50")
	r.hides("Counselling", "Dr Lin")
}

func TestPlainVisitStillOneTapWithItems(t *testing.T) {
	r := newRig(t)
	today(r)
	r.scan(zhangCard)
	r.tap("purpose.study")
	r.shows("签到成功", "到访目的：自习")
	if n := len(r.visits.Visits()); n != 1 {
		t.Fatalf("%d visits", n)
	}
}

func TestCheckInSourceFailureKeepsVisitPurposes(t *testing.T) {
	r := newRig(t)
	today(r)
	r.rooms.SetErr(kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "locked"))
	r.scan(zhangCard)
	r.shows("本机数据暂时无法写入", "学业导师 · 王老师", "活动：读书分享会")
	r.hides("场地：研讨室 A")
	r.tap("purpose.consult")
	r.shows("签到成功")
}
