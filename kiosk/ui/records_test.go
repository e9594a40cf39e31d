package ui_test

import (
	"context"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

// history gives Zhang a term of records, some synced, one refused, and
// one visit from before the term.
func history(r *rig) {
	ctx := context.Background()
	day := func(d, h int) time.Time { return at(h, 0).AddDate(0, 0, d) }
	for i, v := range []kiosk.Visit{
		{ID: "v-old", At: time.Date(2025, 1, 10, 10, 0, 0, 0, start.Location()), Purpose: kiosk.PurposeStudy},
		{ID: "v1", At: day(-1, 10), Purpose: kiosk.PurposeStudy},
		{ID: "v2", At: day(-8, 16), Purpose: kiosk.PurposeConsult},
	} {
		v.StudentKey, v.HallID = zhangKey, hallID
		if err := r.visits.CheckInVisit(ctx, &v); err != nil {
			panic(i)
		}
	}
	r.visits.SetSyncState("v2", kiosk.OutboxApplied)
	r.appts.AddAppointment(kiosk.Appointment{ID: "ap-done", SlotID: "x", MentorID: "m-wang", MentorType: kiosk.MentorAcademic,
		StudentKey: zhangKey, Start: day(-2, 9), End: day(-2, 9).Add(50 * time.Minute), Status: kiosk.AppointmentCompleted})
	r.appts.SetSyncState("ap-done", kiosk.OutboxApplied)
	r.rooms.AddBooking(kiosk.Booking{ID: "bk-ok", RoomID: "sem-a", StudentKey: zhangKey, Start: day(-3, 14), End: day(-3, 16),
		Status: kiosk.BookingCheckedIn, SyncState: kiosk.OutboxApplied})
	r.rooms.AddBooking(kiosk.Booking{ID: "bk-lost", RoomID: "gym", StudentKey: zhangKey, Start: day(1, 18), End: day(1, 19),
		Status: kiosk.BookingCancelled, SyncState: kiosk.OutboxRejected})
	r.rooms.AddBooking(kiosk.Booking{ID: "bk-new", RoomID: "study-2", StudentKey: zhangKey, Start: day(2, 9), End: day(2, 10),
		SyncState: kiosk.OutboxPending})
	q := openRequest("q1", kiosk.RequestInProgress, start.Add(time.Hour))
	q.SyncState = kiosk.OutboxApplied
	r.reqs.Add(q)
	r.events.Add(kiosk.Event{ID: "ev", Title: ln("讲座", "Talk"), Start: day(-4, 19), End: day(-4, 21)})
	r.clock.Set(day(-4, 19))
	if _, err := r.events.CheckInEvent(ctx, kiosk.Self(zhangKey), "ev", "att-1"); err != nil {
		panic(err)
	}
	r.clock.Set(start)
	r.records.AddShift(kiosk.Shift{ID: "sh", StudentKey: zhangKey, Start: day(-5, 8), End: day(-5, 11).Add(30 * time.Minute)})
}

func TestRecordsShowTheTermWithSyncState(t *testing.T) {
	r := newRig(t)
	history(r)
	r.tap("tile.records")
	r.identifyByNumber()
	r.shows("我的记录", "本学期（2月15日 起）· 志愿服务 3.5 小时 · 参加活动 1 次 · 本月学业导师见面：1 / 2",
		"3月7日 09:00 · 场地 · 自习室 2 · 已预约 · 待同步",
		"3月6日 18:00 · 场地 · 社区健身房 · 已取消 · 未被中心接受",
		"3月4日 10:00 · 到访 · 自习 · 待同步",
		"3月3日 14:05 · 诉求 · R0301-Q1 网络 · 处理中 · 已同步",
		"3月3日 09:00 · 预约 · 王老师 · 已完成 · 已同步",
		"3月2日 14:00 · 场地 · 研讨室 A · 已签到 · 已同步",
		"3月1日 19:00 · 活动签到 · 讲座 · 待同步",
		"2月28日 08:00 · 志愿值班",
		"1/2")
	r.hides("1月10日")
	r.tap("records.next")
	r.shows("2月25日 16:00 · 到访 · 咨询 · 已同步", "2/2")
	r.hides("3月7日")
	r.tap("lang")
	r.shows("This term (since Feb 15) · volunteering 3.5 h · events attended: 1", "Feb 25 16:00 · Visit · Ask a question · synced")
	r.tap("records.prev")
	r.shows("Mar 4 10:00 · Visit · Study · pending sync", "Mar 1 19:00 · Event · Talk · pending sync")
	r.tap("records.next")
	r.tap("records.prev")
	r.shows("Mar 6 18:00 · Room · Community Gym · cancelled · not accepted", "Mar 7 09:00 · Room · Study Room 2 · booked · pending sync")
}

// Attendance names its event; one the kiosk no longer knows (removed by
// admins) shows under the generic label alone.
func TestRecordsNameEventsOrFallBack(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	for _, ev := range []kiosk.Event{
		{ID: "ev-talk", Title: ln("读书分享会", "Book club"), Start: at(13, 0), End: at(16, 0)},
		{ID: "ev-gone", Title: ln("旧活动", "Old event"), Start: at(13, 0), End: at(16, 0)},
	} {
		r.events.Add(ev)
		if _, err := r.events.CheckInEvent(ctx, kiosk.Self(zhangKey), ev.ID, "att-"+ev.ID); err != nil {
			t.Fatal(err)
		}
	}
	r.events.Remove("ev-gone")
	r.tap("tile.records")
	r.scan(zhangCard)
	r.shows("3月5日 14:05 · 活动签到 · 读书分享会 · 待同步", "3月5日 14:05 · 活动签到 · 待同步")
	r.hides("旧活动")
	r.tap("lang")
	r.shows("Mar 5 14:05 · Event · Book club · pending sync", "Mar 5 14:05 · Event · pending sync")
}

func TestRecordsFollowTheTermStartSetting(t *testing.T) {
	r := newRig(t, func(h *kiosktest.Hall) {
		s := settings()
		s.TermStart = time.Date(2025, 3, 2, 0, 0, 0, 0, start.Location())
		h.SetSettings(s)
	})
	history(r)
	r.tap("tile.records")
	r.scan(zhangCard)
	r.shows("本学期（3月2日 起）", "3月4日 10:00 · 到访 · 自习")
	r.hides("2月25日", "志愿值班", "1/2")
}

func TestRecordsNothingBeforeIdentificationAndWipedByIdle(t *testing.T) {
	r := newRig(t)
	history(r)
	r.tap("tile.records")
	r.shows("我的记录：确认身份")
	r.hides("本学期", "自习室 2", "R0301")
	r.scan(zhangCard)
	r.shows("自习室 2")
	r.advance(settings().IdleTimeout + settings().IdleWarning)
	r.hides("自习室 2", "本学期", zhangMasked)
	r.tap("tile.records")
	r.hides("自习室 2", "本学期")
	r.shows("我的记录：确认身份")
}

// Idle expiry in the middle of any flow forgets every choice: the next
// person starts from nothing.
func TestIdleWipesEveryFlowsChoices(t *testing.T) {
	r := newRig(t)
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.tap("roomtype.study")
	r.tap("room.study-3")
	r.tap("slot.1600")
	r.advance(settings().IdleTimeout)
	r.shows("15 秒后返回首页", "3月5日 16:00–16:30")
	r.advance(settings().IdleWarning)
	r.shows("签到", "导师预约")
	r.hides("16:00–16:30", zhangMasked)

	r.tap("tile.requests")
	r.scan(zhangCard)
	r.tap("reqcat.repair")
	r.keypad("808")
	r.advance(settings().IdleTimeout + settings().IdleWarning)
	r.tap("tile.requests")
	r.scan(zhangCard)
	r.tap("reqcat.repair")
	if r.line("808") {
		t.Error("the room number survived the idle reset")
	}

	r.records.GivePIN(zhangKey, "1234")
	r.reqs.Add(resolvedRequest())
	r.tap("home")
	r.tap("tile.requests")
	r.identifyByNumber()
	r.tap("req.mine")
	r.tap("req.detail.0")
	r.keypad("1234")
	r.tap("keypad.ok")
	r.shows("已更换灯管")
	r.advance(settings().IdleTimeout + settings().IdleWarning)
	r.tap("tile.requests")
	r.identifyByNumber()
	r.tap("req.mine")
	r.tap("req.detail.0")
	r.shows("请输入 PIN 码") // the verified PIN went with the session
}
