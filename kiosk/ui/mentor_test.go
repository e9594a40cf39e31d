package ui_test

import (
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
)

var tomorrow9 = at(9, 0).AddDate(0, 0, 1)

func TestBookAcademicMentorWithQRAndMonthlyCount(t *testing.T) {
	r := newRig(t)
	// An academic meeting earlier this month took place.
	r.appts.AddAppointment(kiosk.Appointment{ID: "past", SlotID: "old", MentorID: "m-li", MentorType: kiosk.MentorAcademic,
		StudentKey: zhangKey, Start: at(10, 0).AddDate(0, 0, -2), End: at(10, 50).AddDate(0, 0, -2), Status: kiosk.AppointmentCompleted})
	r.tap("tile.mentor")
	r.scan(zhangCard)
	r.shows("导师预约", "学业导师", "心理咨询", "生涯与就业指导", "校领导 / 楼长接待", "我的预约", "可预约今天起 14 天内的时段")
	r.tap("mentortype.academic")
	r.shows("学业导师：选择老师", "王老师", "计算机科学 · 明德楼 201", "李老师")
	r.tap("mentor.m-wang")
	r.shows("王老师 · 明德楼 201", "3月5日 – 3月11日", "3/5 周三", "3/11 周二", "15:00", "16:00", "请点选一个时段")
	if r.has("mslot.0305.1400") || !r.has("mslot.0305.1500") || !r.has("mslot.0306.0900") {
		t.Fatal("today's past slots must not be offered; later ones must")
	}
	r.tap("week.next")
	r.shows("3月12日 – 3月18日")
	r.tap("week.next")
	r.shows("3月19日 – 3月19日") // today + 14 days is the window's last day
	if !r.disabled("week.next") {
		t.Fatal("week paging must stop at the window")
	}
	r.tap("week.prev")
	r.tap("week.prev")
	r.tap("mslot.0306.0900")
	r.shows("明天 3月6日 星期四 09:00–09:50")
	r.tap("mentor.book")
	r.shows("预约成功", "学业导师 · 王老师", "明天 3月6日 星期四 09:00–09:50", "明德楼 201",
		"3月6日 07:00 前可免费取消，之后取消记为爽约。", "本月学业导师见面：1 / 2", "待同步", "用手机扫码", "查看预约")
	all := r.appts.All()
	a := all[len(all)-1]
	if a.SlotID != slotID("m-wang", tomorrow9) || a.StudentKey != zhangKey || a.Status != kiosk.AppointmentBooked {
		t.Fatalf("appointment %+v", a)
	}
	if got, want := r.k.QR(), "https://onestop.example.edu.cn/a/"+a.ID; got != want {
		t.Errorf("QR encodes %q, want %q", got, want)
	}
	r.tap("lang")
	r.shows("Appointment booked", "Academic mentor · Ms Wang", "Tomorrow Thu 6 Mar 09:00–09:50",
		"Free to cancel until Mar 6 07:00", "Academic mentor meetings this month: 1 / 2", "Scan to see it", "on your phone")
	r.tap("done")
	if r.k.QR() != "" {
		t.Error("QR still shown after Done")
	}
}

func TestAcademicTargetComesFromSettings(t *testing.T) {
	r := newRig(t)
	s := settings()
	s.Mentor.AcademicTarget = 4
	s.PublicURL = "https://m.example.edu"
	r.hall.SetSettings(s)
	r.advance(10 * time.Second) // settings refresh
	r.tap("tile.mentor")
	r.scan(zhangCard)
	r.tap("mentortype.academic")
	r.tap("mentor.m-li")
	r.tap("mslot.0306.1000")
	r.tap("mentor.book")
	r.shows("本月学业导师见面：0 / 4")
	if !strings.HasPrefix(r.k.QR(), "https://m.example.edu/a/") {
		t.Errorf("QR %q ignores the public URL setting", r.k.QR())
	}
}

// The counselling type's name shows on the type picker only: never on
// the mentor list's title, the confirmation, my appointments or records.
func TestCounsellingNeverNamedOutsideThePicker(t *testing.T) {
	r := newRig(t)
	r.tap("tile.mentor")
	r.scan(zhangCard)
	r.tap("mentortype.counselling")
	r.shows("选择老师", counsellorName)
	r.hides("心理咨询")
	r.tap("mentor.m-lin")
	r.hides("心理咨询", "学生中心") // the place tells the type too
	r.tap("mslot.0306.1400")
	r.tap("mentor.book")
	r.shows("预约成功", "个人预约", "明天 3月6日 星期四 14:00–14:50")
	r.hides("心理咨询", counsellorName, "学生中心", "情绪与压力")
	r.tap("lang")
	r.shows("Personal appointment")
	r.hides("Counselling", "Dr Lin", "Student Centre")
	r.tap("lang")
	r.tap("done")

	r.tap("tile.mentor")
	r.scan(zhangCard)
	r.tap("mentor.mine")
	r.shows("个人预约", "14:00–14:50", "已预约")
	r.hides("心理咨询", counsellorName)

	r.tap("home")
	r.tap("tile.records")
	r.scan(zhangCard)
	r.shows("个人预约")
	r.hides("心理咨询", counsellorName)
}

func TestMentorSlotTakenMeanwhileKeepsTheChoiceShown(t *testing.T) {
	r := newRig(t)
	r.tap("tile.mentor")
	r.identifyByNumber()
	r.tap("mentortype.academic")
	r.tap("mentor.m-wang")
	r.tap("mslot.0306.0900")
	r.appts.AddAppointment(kiosk.Appointment{ID: "race", SlotID: slotID("m-wang", tomorrow9), StudentKey: "someone-else"})
	r.tap("mentor.book")
	r.shows("这个时段刚被别人约走了，请选择其他时段。", "明天 3月6日 星期四 09:00–09:50")
	if r.has("mslot.0306.0900") {
		t.Error("the taken slot is still offered")
	}
	r.tap("lang")
	r.shows("Someone just took that slot. Please choose another.")
	r.tap("mslot.0306.1000")
	r.tap("mentor.book")
	r.shows("Appointment booked", "10:00–10:50")
}

func TestAppointmentOverlapNamesTheOtherOne(t *testing.T) {
	r := newRig(t)
	r.appts.AddAppointment(kiosk.Appointment{ID: "mine", SlotID: slotID("m-zhao", tomorrow9), StudentKey: zhangKey})
	r.tap("tile.mentor")
	r.scan(zhangCard)
	r.tap("mentortype.academic")
	r.tap("mentor.m-wang")
	r.tap("mslot.0306.0900")
	r.tap("mentor.book")
	r.shows("你在 3月6日 09:00–3月6日 09:50 已有其他预约，请换一个时间。")
}

func TestCancelNeedsPINAndSaysItIsFree(t *testing.T) {
	r := newRig(t)
	r.records.GivePIN(zhangKey, "8080")
	r.appts.AddAppointment(kiosk.Appointment{ID: "a1", SlotID: slotID("m-wang", tomorrow9), StudentKey: zhangKey})
	r.tap("tile.mentor")
	r.identifyByNumber()
	r.tap("mentor.mine")
	r.shows("我的预约", "明天 3月6日 星期四 09:00–09:50 · 学业导师 · 王老师 · 已预约", "本月学业导师见面：0 / 2")
	r.tap("appt.cancel.0")
	r.shows("请输入 PIN 码")
	r.keypad("8080")
	r.tap("keypad.ok")
	r.shows("取消这个预约？", "现在取消不计爽约（3月6日 07:00 前可免费取消）。")
	r.tap("lang")
	r.shows("Cancel this appointment?", "Cancelling now is free (free until Mar 6 07:00).", "Yes, cancel")
	r.tap("lang")
	r.tap("cancel.confirm")
	r.shows("已取消 3月6日 09:00 的预约，时段已释放。", "近期没有预约。")
	if a := r.appts.All()[0]; a.Status != kiosk.AppointmentCancelled {
		t.Errorf("appointment %+v", a)
	}
}

func TestLateCancelCountsAsMissedAfterConfirming(t *testing.T) {
	r := newRig(t)
	r.appts.AddAppointment(kiosk.Appointment{ID: "a1", SlotID: slotID("m-wang", at(15, 0)), StudentKey: zhangKey})
	r.tap("tile.mentor")
	r.scan(zhangCard) // strong: no PIN
	r.tap("mentor.mine")
	r.tap("appt.cancel.0")
	r.shows("距开始已不足 2 小时，现在取消将记为一次爽约。")
	r.tap("back")
	if a := r.appts.All()[0]; a.Status != kiosk.AppointmentBooked {
		t.Fatal("going back must not cancel")
	}
	r.tap("appt.cancel.0")
	r.tap("cancel.confirm")
	r.shows("已取消 15:00 的预约，因距开始太近，记为一次爽约。")
	if a := r.appts.All()[0]; a.Status != kiosk.AppointmentMissed {
		t.Errorf("appointment %+v", a)
	}
}
