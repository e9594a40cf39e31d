package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"onestop/kiosk"
)

// Only a volunteer identified by card or QR is offered the desk; a
// student, or the volunteer's typed number, never sees it.
func TestDeskOfferedOnlyToScannedVolunteers(t *testing.T) {
	sr := newStoreRig(t)
	sr.scan(zhangCard)
	if sr.has("desk.open") {
		t.Fatal("a student is offered the desk")
	}
	sr.hides("值班模式")
	sr.tap("home")
	sr.tap("tile.checkin")
	sr.keypad(volNumber)
	sr.tap("keypad.ok")
	if sr.has("desk.open") {
		t.Fatal("a typed number is offered the desk")
	}
	sr.tap("home")
	sr.scan(volCard)
	sr.shows("值班模式")
	sr.tap("desk.open")
	sr.shows("进入值班模式")
}

// A wrong PIN says so and keeps the digits; the right one opens the
// desk in its own frame with the volunteer's masked name only.
func TestDeskUnlock(t *testing.T) {
	sr := newStoreRig(t)
	sr.scan(volCard)
	sr.tap("desk.open")
	sr.keypad("000000")
	sr.tap("keypad.ok")
	sr.shows("PIN")
	if !sr.line("● ● ● ● ● ●") {
		t.Errorf("the wrong PIN's digits were dropped:\n%s", sr.text())
	}
	sr.tap("keypad.clear")
	sr.keypad(volPIN)
	sr.tap("keypad.ok")
	sr.shows("值班模式 · "+volMasked, "你还没有签到值班。", "今日看板", "代办服务", "同步状态")
	sr.hides("欧阳娜娜", volNumber)
	if sr.has("home") || !sr.has("desk.lock") {
		t.Errorf("desk header buttons: %v", sr.k.ButtonNames())
	}
	sr.tap("desk.lock")
	if !sr.has("tile.checkin") {
		t.Fatalf("lock did not go home:\n%s", sr.text())
	}
	sr.hides(volMasked, "值班模式")
}

// The desk locks after its setting's time without a touch, with the
// usual countdown before, and the next person finds the home screen.
func TestDeskLocksWhenIdle(t *testing.T) {
	sr := newStoreRig(t)
	sr.unlock()
	sr.advance(deskLockAt - 15*time.Second)
	if !sr.has("idle.continue") {
		t.Fatalf("no warning before the desk locks:\n%s", sr.text())
	}
	sr.tap("idle.continue")
	sr.advance(deskLockAt - time.Second)
	if !sr.has("desk.lock") {
		t.Fatal("a touch did not keep the desk open")
	}
	sr.advance(2 * time.Second)
	if !sr.has("tile.checkin") {
		t.Fatalf("desk still open after %v idle:\n%s", deskLockAt, sr.text())
	}
	sr.hides(volMasked)
}

// Clock in, and out later; the hours add up for the week and in all.
func TestDeskShift(t *testing.T) {
	sr := newStoreRig(t)
	sr.unlock()
	sr.tap("shift.start")
	sr.shows("已签到，14:05 开始值班。", "值班中，14:05 签到")
	sr.tap("desk.lock")
	sr.advance(2 * time.Hour)
	sr.unlock()
	sr.shows("值班中，14:05 签到")
	sr.tap("shift.end")
	sr.shows("已签退，本次值班 2 小时。", "本周 2 小时 · 累计 2 小时", "你还没有签到值班。")
	if !sr.has("shift.start") {
		t.Error("no clock-in after clocking out")
	}
}

// A shift left open past the cap is capped; at the next unlock the
// volunteer says when they left, within the cap, and the hours follow.
func TestDeskShiftCorrection(t *testing.T) {
	sr := newStoreRig(t)
	sr.unlock()
	sr.tap("shift.start")
	sr.tap("desk.lock")
	sr.advance(7 * time.Hour)
	sr.unlock()
	sr.shows("上次值班没有签退", "离开时间 20:05")
	if !sr.k.Button("corr.plus").Disabled() {
		t.Error("the correction may go past the cap")
	}
	sr.tap("corr.minus")
	sr.tap("corr.minus")
	sr.shows("离开时间 19:35")
	sr.tap("corr.confirm")
	sr.shows("谢谢，离开时间已记录。", "本周 5.5 小时 · 累计 5.5 小时")
	sr.tap("desk.lock")
	sr.unlock()
	sr.hides("上次值班没有签退")
}

// arrive books student key's appointment with mentor at hh:00 today and
// checks them in at the clock's time.
func (sr *storeRig) arrive(t *testing.T, id, key, mentor string, hh int) {
	t.Helper()
	ctx := context.Background()
	a := &kiosk.Appointment{ID: id, SlotID: slotID(mentor, at(hh, 0)), StudentKey: key}
	if err := sr.db.BookAppointment(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := sr.db.CheckInAppointment(ctx, kiosk.Self(key), id); err != nil {
		t.Fatal(err)
	}
}

// Today's board lists who arrived for which mentor, a counselling
// appointment only as 个人预约; a waiting student is marked with the
// mentor or gone, and each mark can be undone.
func TestDeskBoardQueue(t *testing.T) {
	sr := newStoreRig(t)
	sr.clock.Set(at(14, 50))
	sr.arrive(t, "a1", deskKey(zhangNumber), "m-wang", 15)
	sr.arrive(t, "a2", deskKey(liNumber), "m-lin", 15)
	sr.clock.Set(at(14, 58))
	sr.unlock()
	sr.tap("desk.board")
	sr.shows("候见（2）", "王老师 · 张*华 · 15:00–15:50", "14:50 到达，已等候 8 分钟", "个人预约")
	sr.hides(counsellorName+" · "+liMasked, liMasked)

	sr.tap("queue.with.0")
	sr.shows("正在与导师面谈", "张*华 正在与导师面谈。")
	sr.tap("queue.undo")
	sr.shows("已撤销。", "14:50 到达，已等候 8 分钟")
	sr.tap("queue.left.0")
	sr.shows("候见（1）", "张*华 未见导师已离开。")
	sr.hides("王老师 · 张*华")
	sr.tap("queue.undo")
	sr.shows("候见（2）", "王老师 · 张*华")

	// The other sections.
	sr.tap("board.visits")
	sr.shows("到访（0）", "目前没有。")
	sr.tap("board.rooms")
	sr.shows("房间（0）")
}

// A student checked in elsewhere shows on the open board as soon as the
// pull lands: the refresh after a pull re-reads it.
func TestDeskBoardFollowsPulls(t *testing.T) {
	sr := newStoreRig(t)
	sr.clock.Set(at(14, 50))
	sr.unlock()
	sr.tap("desk.board")
	sr.shows("候见（0）")
	a := kiosk.Appointment{ID: "far", SlotID: slotID("m-li", at(15, 0)), MentorID: "m-li", MentorType: kiosk.MentorAcademic,
		StudentKey: deskKey(zhangNumber), Start: at(15, 0), End: at(15, 50), Status: kiosk.AppointmentArrived,
		ArrivedAt: at(14, 50), CreatedAt: at(9, 0)}
	sr.apply(t, kiosk.EntityAppointment, a)
	sr.k.RefreshNow()
	sr.shows("候见（1）", "李老师 · 张*华")
}

// Help on behalf: by card, by number and PIN, by number with the
// volunteer's word. Each visit is recorded as assisted by the volunteer.
func TestDeskAssist(t *testing.T) {
	ctx := context.Background()
	sr := newStoreRig(t)
	sr.unlock()

	// A card scanned at the desk is the student being helped.
	sr.scan(zhangCard)
	sr.shows("为 张*华 办理什么？")
	sr.tap("assist.checkin")
	sr.shows("值班模式 · " + volMasked + " 正在为 张*华 代办")
	sr.tap("purpose.study")
	sr.tap("done")
	if !sr.has("desk.board") {
		t.Fatalf("done did not return to the desk:\n%s", sr.text())
	}

	// A number alone needs the PIN or the volunteer's word.
	sr.tap("desk.assist")
	sr.keypad(liNumber)
	sr.tap("keypad.ok")
	sr.shows("已找到 " + liMasked + "。如何核验身份？")
	sr.tap("assist.pin")
	sr.keypad("999999")
	sr.tap("keypad.ok")
	sr.shows("PIN")
	sr.tap("keypad.clear")
	sr.keypad(liPIN)
	sr.tap("keypad.ok")
	sr.tap("assist.checkin")
	sr.tap("purpose.consult")
	sr.tap("desk.home")

	sr.tap("desk.assist")
	sr.keypad(zhangNumber)
	sr.tap("keypad.ok")
	sr.tap("assist.attest")
	sr.tap("assist.requests")
	if !sr.has("reqcat.safety") {
		t.Fatalf("no request categories:\n%s", sr.text())
	}
	sr.tap("desk.home")

	// What central gets says who helped.
	ms, err := sr.db.PendingMutations(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	assisted := map[string]bool{}
	for _, m := range ms {
		var v struct {
			Student    string `json:"student"`
			AssistedBy string `json:"assisted_by"`
		}
		if err := json.Unmarshal(m.Payload, &v); err != nil {
			t.Fatal(err)
		}
		if m.Kind == kiosk.KindVisitCheckin && v.AssistedBy == deskKey(volNumber) {
			assisted[v.Student] = true
		}
	}
	for _, who := range []string{zhangNumber, liNumber} {
		if !assisted[deskKey(who)] {
			t.Errorf("%s's visit not sent as assisted by the volunteer: %+v", who, ms)
		}
	}
}

// Sync health: pending items and last contact, Sync now reaches the
// syncer, a refusal shows whom to tell and why, and goes once told.
func TestDeskSyncHealth(t *testing.T) {
	ctx := context.Background()
	sr := newStoreRig(t)
	v := &kiosk.Visit{ID: "v1", StudentKey: deskKey(zhangNumber), HallID: hallID, Purpose: kiosk.PurposeStudy, At: start}
	if err := sr.db.CheckInVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	sr.unlock()
	sr.tap("desk.sync")
	sr.shows("待上传 1 条", "最早一条：14:05", "尚未联系过中心", "没有需要人工处理的退回事项。")
	sr.tap("sync.now")
	if sr.syncNow != 1 {
		t.Errorf("Sync now reached the syncer %d times", sr.syncNow)
	}
	ms, err := sr.db.PendingMutations(ctx, 10)
	if err != nil || len(ms) != 1 {
		t.Fatalf("pending %v %v", ms, err)
	}
	if err := sr.db.RecordPushResults(ctx, []kiosk.PushResult{{Seq: ms[0].Seq, State: kiosk.OutboxRejected,
		MessageID: kiosk.MsgErrAlreadyCheckedIn}}); err != nil {
		t.Fatal(err)
	}
	sr.k.RefreshNow()
	sr.shows("中心退回，请告知同学（1）", "张*华 · 到访签到", "已经签到过了，无需重复签到。")
	sr.tap("sync.told.0")
	sr.shows("没有需要人工处理的退回事项。")
}

// The desk in English and in large text: the same flows, translated.
func TestDeskLanguages(t *testing.T) {
	for _, large := range []bool{false, true} {
		t.Run(fmt.Sprint("large=", large), func(t *testing.T) {
			sr := newStoreRig(t)
			sr.tap("lang")
			if large {
				sr.tap("largetext")
			}
			sr.scan(volCard)
			sr.tap("desk.open")
			sr.shows("Open the duty desk")
			sr.keypad(volPIN)
			sr.tap("keypad.ok")
			sr.shows("Duty desk · "+volMasked, "You are not clocked in.")
			sr.tap("shift.start")
			sr.shows("Clocked in at 14:05.")
			sr.tap("desk.board")
			sr.shows("Waiting (0)", "Nothing here right now.")
			sr.tap("desk.home")
			sr.tap("desk.sync")
			sr.shows("Nothing central refused needs a person.")
			sr.tap("desk.home")
			sr.tap("desk.assist")
			sr.shows("Who are you helping?")
		})
	}
}

// deskScreens are the desk's screens for the layout check.
var deskScreens = []struct {
	name string
	goTo func(sr *storeRig)
}{
	{"welcome with desk", func(sr *storeRig) { sr.scan(volCard) }},
	{"desk PIN+error", func(sr *storeRig) {
		sr.scan(volCard)
		sr.tap("desk.open")
		sr.keypad("0000")
		sr.tap("keypad.ok")
	}},
	{"desk home on duty", func(sr *storeRig) {
		sr.unlock()
		sr.tap("shift.start")
	}},
	{"correction", func(sr *storeRig) {
		sr.unlock()
		sr.tap("shift.start")
		sr.tap("desk.lock")
		sr.advance(7 * time.Hour)
		sr.unlock()
	}},
	{"board waiting", func(sr *storeRig) {
		sr.clock.Set(at(14, 50))
		for i, who := range []string{zhangNumber, liNumber, volNumber} {
			sr.arrive(sr.t.(*testing.T), fmt.Sprint("a", i), deskKey(who), mentors[i].ID, 15)
		}
		sr.unlock()
		sr.tap("desk.board")
		sr.tap("queue.with.0")
	}},
	{"sync health", func(sr *storeRig) {
		sr.unlock()
		sr.tap("desk.sync")
	}},
	{"assist", func(sr *storeRig) {
		sr.unlock()
		sr.tap("desk.assist")
		sr.keypad("1")
		sr.tap("keypad.ok")
	}},
	{"assist how", func(sr *storeRig) {
		sr.unlock()
		sr.tap("desk.assist")
		sr.keypad(liNumber)
		sr.tap("keypad.ok")
	}},
	{"assist action", func(sr *storeRig) {
		sr.unlock()
		sr.scan(zhangCard)
	}},
	{"assisted mentor", func(sr *storeRig) {
		sr.unlock()
		sr.scan(zhangCard)
		sr.tap("assist.mentor")
	}},
}

// TestDeskLayoutFits runs the layout check over the desk's screens.
func TestDeskLayoutFits(t *testing.T) {
	sizes := []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, size := range sizes {
		for _, large := range []bool{false, true} {
			for _, en := range []bool{false, true} {
				for _, sc := range deskScreens {
					t.Run(fmt.Sprintf("%vx%v/large=%v/en=%v/%s", size.Width, size.Height, large, en, sc.name), func(t *testing.T) {
						sr := newStoreRig(t)
						sr.win.Resize(size)
						if large {
							sr.tap("largetext")
						}
						if en {
							sr.tap("lang")
						}
						sc.goTo(sr)
						checkLayout(t, sr.rig, size)
					})
				}
			}
		}
	}
}
