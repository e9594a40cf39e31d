package ui_test

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

var zhangKey = kiosktest.StudentKey(zhangNumber)

// identifyByNumber types Zhang's number on the identify screen: weak
// identification, details need the PIN.
func (r *rig) identifyByNumber() {
	r.t.Helper()
	r.keypad(zhangNumber)
	r.tap("keypad.ok")
}

func TestTilesAskWhoThenGoWhereTheStudentWanted(t *testing.T) {
	for _, tc := range []struct {
		tile, title string
		then        []string
	}{
		{"tile.checkin", "签到：确认身份", []string{"欢迎，" + zhangMasked, "请选择本次到访目的"}},
		{"tile.mentor", "导师预约：确认身份", []string{"导师预约", "学业导师", "我的预约"}},
		{"tile.rooms", "场地预约：确认身份", []string{"场地预约", "研讨室", "立即预约"}},
		{"tile.requests", "接诉即办：确认身份", []string{"接诉即办：选择问题类别", "安全隐患", "我的诉求"}},
		{"tile.records", "我的记录：确认身份", []string{"我的记录", "本学期"}},
	} {
		t.Run(tc.tile, func(t *testing.T) {
			r := newRig(t)
			r.tap(tc.tile)
			r.shows(tc.title, "请输入学号")
			r.identifyByNumber()
			r.shows(tc.then...)
			r.hides(tc.title)
		})
	}
}

func TestScanOnAFlowsIdentifyScreenKeepsItsGoal(t *testing.T) {
	r := newRig(t)
	r.tap("tile.rooms")
	r.scan(zhangCard)
	r.shows("场地预约", "立即预约")
	r.tap("home")
	r.scan(zhangCard) // on home: a scan is a check-in
	r.shows("欢迎，"+zhangMasked, "请选择本次到访目的")
}

func TestAnotherStudentsScanStartsAfresh(t *testing.T) {
	r := newRig(t)
	r.tap("tile.requests")
	r.identifyByNumber()
	r.tap("reqcat.repair")
	r.tap("floor.plus")
	r.scan("NO-SUCH-CARD")
	r.shows("没有找到这位同学")
	r.hides(zhangMasked)
	r.scan(zhangCard) // the identify screen keeps the goal
	r.shows("接诉即办：选择问题类别")
}

func rejection(seq int64, kind string, at time.Time) kiosk.Rejection {
	return kiosk.Rejection{Seq: seq, Kind: kind, EntityID: "x", StudentKey: zhangKey, At: at,
		State: kiosk.OutboxRejected, MessageID: kiosk.MsgErrSlotTaken}
}

func TestRejectionsShownAfterIdentificationUntilSeen(t *testing.T) {
	r := newRig(t)
	yesterday := start.Add(-24 * time.Hour)
	r.records.AddRejection(rejection(11, kiosk.KindBookingCreate, yesterday))
	r.records.AddRejection(rejection(12, kiosk.KindAppointmentCreate, yesterday.Add(time.Hour)))
	r.records.AddRejection(rejection(13, kiosk.KindEventCheckin, yesterday.Add(2*time.Hour)))
	r.records.AddRejection(kiosk.Rejection{Seq: 14, Kind: kiosk.KindBookingCreate, StudentKey: zhangKey,
		At: start.Add(-time.Hour), MessageID: kiosk.MsgErrBookingOverlap}) // a message whose data central did not send
	r.records.AddRejection(kiosk.Rejection{Seq: 15, Kind: kiosk.KindBookingCreate, StudentKey: "someone-else", At: yesterday, MessageID: kiosk.MsgErrSlotTaken})

	r.tap("tile.mentor")
	r.identifyByNumber()
	r.shows("有 4 项操作未被中心确认", "3月4日 14:05 · 场地预约", "这个时段刚被别人约走了", "3月4日 15:05 · 导师预约", "活动签到", "知道了")
	r.hides("13:05") // the fourth waits for the next screen
	r.tap("lang")
	r.shows("The central office turned down 4 of your actions", "Mar 4 14:05 · Room booking", "Someone just took that slot", "Got it")
	r.tap("lang")

	r.tap("rejections.ok")
	if !r.records.Acked(11) || !r.records.Acked(13) || r.records.Acked(14) {
		t.Fatal("ack must cover exactly the shown rejections")
	}
	r.shows("13:05 · 场地预约", "你在本机提交的一项操作未被中心确认")
	r.hides("<no value>")
	r.tap("rejections.ok")
	r.shows("导师预约", "学业导师") // on to what the student came for
	if !r.records.Acked(14) || r.records.Acked(15) {
		t.Fatal("acks")
	}

	r.tap("home")
	r.scan(zhangCard)
	r.hides("未被中心确认")
	r.shows("欢迎，" + zhangMasked)
}

func resolvedRequest() kiosk.Request {
	return kiosk.Request{ID: "req-1", Ticket: "R0304-7KQ3M", Token: "TOKEN", StudentKey: zhangKey, Category: kiosk.CategoryRepair,
		BuildingID: "b3", Floor: 5, Room: "512", Presets: []string{"repair.light"}, Contact: kiosk.ContactKiosk,
		Status: kiosk.RequestResolved, SubmittedAt: start.Add(-26 * time.Hour), DueAt: start.Add(-2 * time.Hour),
		Notes: []kiosk.RequestNote{{At: start.Add(-3 * time.Hour), Status: kiosk.RequestResolved, Text: "已更换灯管"}}}
}

func TestPINUnlocksDetailsAfterTypedNumber(t *testing.T) {
	r := newRig(t)
	r.records.GivePIN(zhangKey, "2468")
	r.reqs.Add(resolvedRequest())
	r.tap("tile.requests")
	r.identifyByNumber()
	r.tap("req.mine")
	r.shows("R0304-7KQ3M", "报修", "已办结")
	r.hides("已更换灯管", "512") // details only after the PIN

	r.tap("req.detail.0")
	r.shows("请输入 PIN 码", "刷校园卡")
	r.keypad("1357")
	r.shows("● ● ● ●")
	r.hides("1357")
	r.tap("keypad.ok")
	r.shows("PIN 码不正确，请重新输入。", "● ● ● ●") // the digits stay for correcting
	r.hides("已更换灯管")
	r.tap("lang")
	r.shows("That PIN is not right", "● ● ● ●", "Enter your PIN")
	r.tap("lang")
	r.tap("keypad.clear")
	r.keypad("2468")
	r.tap("keypad.ok")
	r.shows("诉求 R0304-7KQ3M", "3号楼 · 5层 512 室", "灯不亮", "已更换灯管")

	r.tap("back")
	r.tap("req.detail.0") // verified once per session
	r.shows("已更换灯管")
	if n := r.records.PINChecks(); n != 2 {
		t.Errorf("PIN checked %d times, want 2", n)
	}
}

func TestCardScanAnswersThePINPrompt(t *testing.T) {
	r := newRig(t)
	r.reqs.Add(resolvedRequest())
	r.tap("tile.requests")
	r.identifyByNumber()
	r.tap("req.mine")
	r.tap("req.detail.0")
	r.shows("请输入 PIN 码")
	r.scan(zhangCard)
	r.shows("已更换灯管")
	r.tap("back")
	r.tap("back")
	r.shows("接诉即办：选择问题类别")
}

func TestStrongIdentificationNeedsNoPIN(t *testing.T) {
	r := newRig(t)
	r.reqs.Add(resolvedRequest())
	r.tap("tile.requests")
	r.scan(zhangCard)
	r.tap("req.mine")
	r.tap("req.detail.0")
	r.shows("已更换灯管")
	if n := r.records.PINChecks(); n != 0 {
		t.Errorf("PIN asked %d times after a card scan", n)
	}
}

func TestPINBackReturnsWithoutDetails(t *testing.T) {
	r := newRig(t)
	r.reqs.Add(resolvedRequest())
	r.tap("tile.requests")
	r.identifyByNumber()
	r.tap("req.mine")
	r.tap("req.detail.0")
	r.keypad("12")
	r.tap("back")
	r.shows("我的诉求", "R0304-7KQ3M")
	r.hides("已更换灯管", "请输入 PIN 码")
}
