package ui_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
)

func TestSubmitARequestEndToEnd(t *testing.T) {
	r := newRig(t)
	r.tap("tile.requests")
	r.identifyByNumber()
	r.shows("接诉即办：选择问题类别", "安全隐患", "2 小时内答复", "报修", "24 小时内答复", "宿舍生活", "3 天内答复", "7 天内答复", "心理支持")
	r.tap("reqcat.repair")
	r.shows("问题在哪里？", "3号楼", "5层", "用右侧键盘输入") // the student's own building and floor
	r.tap("bld.next")
	r.shows("5号楼")
	r.tap("bld.prev")
	r.tap("floor.plus")
	r.shows("6层")
	if !r.disabled("floor.plus") {
		t.Error("building 3 has six floors")
	}
	r.tap("floor.minus")
	r.keypad("5123")
	r.tap("keypad.back")
	r.shows("512")
	r.tap("keypad.ok")
	r.shows("请选择问题描述（可多选）", "灯不亮", "漏水", "门锁故障", "其他报修")
	r.tap("preset.repair.light")
	r.tap("preset.repair.socket")
	r.tap("preset.repair.door_lock")
	r.tap("preset.repair.door_lock") // tapped again: off
	r.shows("√ 灯不亮", "√ 插座没电")
	r.hides("√ 门锁故障")
	r.tap("req.next")
	r.shows("希望怎样联系你？", "短信通知")
	r.tap("contact.sms")
	r.shows("请确认后提交", "类别：报修", "地点：3号楼 · 5层 512 室", "描述：灯不亮、插座没电", "联系方式：短信通知",
		"将在 24 小时内答复（3月6日 14:05 前）")
	r.tap("lang")
	r.shows("Check and submit", "Category: Repairs", "Place: Building 3 · Floor 5 Room 512",
		"Description: Light not working, Socket not working", "Contact: Text message", "You'll get an answer within 24 h (by Mar 6 14:05)")
	r.tap("lang")
	r.tap("req.submit")

	all := r.reqs.All()
	if len(all) != 1 {
		t.Fatalf("requests %+v", all)
	}
	q := all[0]
	if q.StudentKey != zhangKey || q.Category != kiosk.CategoryRepair || q.BuildingID != "b3" || q.Floor != 5 || q.Room != "512" ||
		!slices.Equal(q.Presets, []string{"repair.light", "repair.socket"}) || q.Contact != kiosk.ContactSMS ||
		q.HallID != hallID || !q.DueAt.Equal(start.Add(24*time.Hour)) || q.Status != kiosk.RequestSubmitted {
		t.Errorf("request %+v", q)
	}
	r.shows("提交成功", "单号 "+q.Ticket, "3月6日 14:05 前答复", "待同步", "用手机扫码", "补充文字、照片", "随时查看进度")
	if !strings.HasPrefix(q.Ticket, "R0305-") {
		t.Errorf("ticket %q", q.Ticket)
	}
	if got, want := r.k.QR(), "https://onestop.example.edu.cn/r/"+q.Token; got != want {
		t.Errorf("QR %q, want %q", got, want)
	}
	r.tap("lang")
	r.shows("Request submitted", "Ticket "+q.Ticket, "answer by Mar 6 14:05", "Scan to add text", "and photos and", "follow progress")
}

func TestRequestChoicesSurviveErrorsAndGoingBack(t *testing.T) {
	r := newRig(t)
	r.tap("tile.requests")
	r.scan(zhangCard)
	r.tap("reqcat.network")
	r.tap("floor.minus")
	r.tap("keypad.ok")
	r.tap("req.next")
	r.shows("请至少选择一项问题描述。")
	r.tap("preset.network.slow")
	r.hides("请至少选择一项问题描述。")
	r.tap("back")
	r.tap("back")
	r.shows("安全隐患")
	r.tap("reqcat.network") // the same category: everything kept
	r.shows("4层")
	r.tap("keypad.ok")
	r.shows("√ 网速慢")
	r.tap("back")
	r.tap("back")
	r.tap("reqcat.safety") // another category: its descriptions differ
	r.tap("keypad.ok")
	r.hides("√")
	r.tap("preset.safety.fire_exit")
	r.tap("req.next")
	r.tap("contact.visit")

	r.reqs.SetErr(kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "locked"))
	r.tap("req.submit")
	r.shows("本机数据暂时无法写入", "类别：安全隐患", "消防通道堵塞", "上门沟通", "将在 2 小时内答复")
	r.reqs.SetErr(nil)
	r.tap("req.submit")
	if r.has("req.submit") {
		t.Error("the receipt must not offer submitting again")
	}
	if all := r.reqs.All(); len(all) != 1 || all[0].Floor != 4 || all[0].Category != kiosk.CategorySafety {
		t.Fatalf("requests %+v", all)
	}
	r.shows("提交成功")
}

func openRequest(id string, st kiosk.RequestStatus, due time.Time) kiosk.Request {
	return kiosk.Request{ID: id, Ticket: "R0301-" + strings.ToUpper(id), Token: "T" + id, StudentKey: zhangKey, Category: kiosk.CategoryNetwork,
		BuildingID: "b3", Floor: 5, Presets: []string{"network.no_wifi"}, Contact: kiosk.ContactKiosk,
		Status: st, SubmittedAt: start.Add(-48 * time.Hour), DueAt: due}
}

func TestMyRequestsStatusDeadlineAndOverdue(t *testing.T) {
	r := newRig(t)
	late := openRequest("late", kiosk.RequestDispatched, start.Add(-time.Hour))
	late.Notes = []kiosk.RequestNote{
		{At: start.Add(-30 * time.Hour), Status: kiosk.RequestAccepted, Text: "已受理"},
		{At: start.Add(-20 * time.Hour), Status: kiosk.RequestDispatched, Text: "已派网络中心"},
		{At: start.Add(-2 * time.Hour), Status: kiosk.RequestDispatched, Text: "师傅明早上门"},
	}
	r.reqs.Add(late)
	r.reqs.Add(openRequest("fine", kiosk.RequestAccepted, start.Add(5*time.Hour)))
	r.tap("tile.requests")
	r.scan(zhangCard)
	r.tap("req.mine")
	r.shows("R0301-LATE · 网络 · 已派单 · 13:05 前答复 · 已超时", "R0301-FINE · 网络 · 已受理 · 19:05 前答复")
	r.hides("R0301-FINE · 网络 · 已受理 · 19:05 前答复 · 已超时")
	r.tap("lang")
	r.shows("R0301-LATE · Network · dispatched · answer by 13:05 · overdue")
	r.tap("lang")
	r.tap("req.detail.0")
	r.shows("诉求 R0301-LATE", "描述：连不上无线网", "3月4日 18:05 已派单：已派网络中心", "12:05 已派单：师傅明早上门")
	r.hides("问题解决了吗") // not resolved: nothing to rate
}

func TestRateResolvedRequest(t *testing.T) {
	r := newRig(t)
	r.reqs.Add(resolvedRequest())
	r.tap("tile.requests")
	r.scan(zhangCard)
	r.tap("req.mine")
	r.tap("req.detail.0")
	r.shows("问题解决了吗？请评价", "已解决", "部分解决", "未解决")
	r.tap("outcome.not_solved")
	r.tap("rate.submit")
	r.shows("请选择解决情况，并打 1–5 星。")
	r.tap("star.2")
	r.tap("lang")
	r.tap("rate.submit")
	r.shows("Reopened; the new answer deadline is Mar 6 14:05.", "reopened")
	q := r.reqs.All()[0]
	if q.Status != kiosk.RequestReopened || q.Outcome != kiosk.OutcomeNotSolved || q.Rating != 2 {
		t.Fatalf("request %+v", q)
	}
	r.hides("Was it solved?") // reopened: nothing to rate until resolved again

	r.reqs.Handle(q.ID, kiosk.RequestResolved, "换了新灯管")
	r.tap("back")
	r.tap("req.detail.0") // details are read afresh
	r.tap("outcome.solved")
	r.tap("star.5")
	r.tap("lang")
	r.shows("★")
	r.tap("rate.submit")
	r.shows("感谢你的评价！", "已评价")
	if q := r.reqs.All()[0]; q.Status != kiosk.RequestClosed || q.Rating != 5 {
		t.Fatalf("request %+v", q)
	}
}
