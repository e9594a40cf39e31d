package ui_test

import (
	"errors"
	"slices"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

func TestHomeShowsTilesAndNothingPersonal(t *testing.T) {
	r := newRig(t)
	r.shows("一站式学生社区服务大厅", "14:05", "3月5日 星期三", "English", "大字模式",
		"签到", "导师预约", "场地预约", "接诉即办", "我的记录", "一对一见导师")
	r.hides(zhangMasked, "首页", "心理咨询")
	if r.has("home") || r.has("back") {
		t.Error("home screen has a Home or Back button")
	}
	for _, name := range []string{"tile.checkin", "tile.mentor", "tile.rooms", "tile.requests", "tile.records"} {
		if b := r.k.Button(name); b == nil || b.Disabled() {
			t.Errorf("%s should be enabled", name)
		}
	}
}

func TestCheckInWithKeypad(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.shows("请刷校园卡或扫描二维码", "请输入学号", "首页")

	r.keypad("20239")
	r.tap("keypad.back")
	r.shows("2023")
	r.hides("20239")
	r.tap("keypad.clear")
	r.hides("2023")
	r.shows("请输入学号")

	r.keypad(zhangNumber)
	r.shows(zhangNumber)
	r.tap("keypad.ok")
	r.shows("欢迎，"+zhangMasked, "3号楼 · 5层", "自习", "咨询", "办理事务", "参加活动", "其他")
	r.hides(zhangNumber)

	r.tap("purpose.study")
	r.shows("签到成功", zhangMasked, "签到时间：14:05", "到访目的：自习", "联网后会自动同步")
	vs := r.visits.Visits()
	if len(vs) != 1 {
		t.Fatalf("stored %d visits, want 1", len(vs))
	}
	v := vs[0]
	if v.StudentKey != kiosktest.StudentKey(zhangNumber) || v.Purpose != kiosk.PurposeStudy || v.HallID != hallID || !v.At.Equal(start) {
		t.Errorf("visit = %+v", v)
	}
	if got := r.roster.Calls(); !slices.Equal(got, []kiosk.CredentialKind{kiosk.CredNumber}) {
		t.Errorf("roster calls = %v, want one number lookup", got)
	}

	r.tap("done")
	r.hides(zhangMasked, "签到成功")
	r.shows("导师预约")
}

func TestWedgeScanOnHomeChecksInInOneScan(t *testing.T) {
	r := newRig(t)
	r.scan(zhangCard)
	r.shows("欢迎，"+zhangMasked, "3号楼 · 5层")
	r.tap("purpose.event")
	r.shows("签到成功", "到访目的：参加活动")
	if vs := r.visits.Visits(); len(vs) != 1 || vs[0].Purpose != kiosk.PurposeEvent {
		t.Fatalf("visits = %+v", vs)
	}
	if got := r.roster.Calls(); !slices.Equal(got, []kiosk.CredentialKind{kiosk.CredScan}) {
		t.Errorf("roster calls = %v, want one scan lookup", got)
	}
}

func TestWedgeScanOnIdentifyScreen(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.keypad("12")
	r.scan(zhangCard)
	r.shows("欢迎，" + zhangMasked)
	if r.has("keypad.ok") {
		t.Error("keypad still on screen after a good scan")
	}
}

func TestUnknownNumberKeepsDigits(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.keypad("99999999")
	r.tap("keypad.ok")
	r.shows("没有找到这位同学", "99999999", "重试")
	r.hides("欢迎")

	r.tap("error.retry")
	r.hides("没有找到这位同学")
	r.shows("99999999")

	r.tap("keypad.clear")
	r.keypad(zhangNumber)
	r.tap("keypad.ok")
	r.shows("欢迎，" + zhangMasked)
}

func TestInvalidNumberIsNotLookedUp(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.tap("keypad.ok")
	r.shows("学号格式不正确")
	r.keypad("12")
	r.hides("学号格式不正确") // typing again dismisses the message
	r.tap("keypad.ok")
	r.shows("学号格式不正确")
	if !r.line("12") {
		t.Error("typed digits lost after the error")
	}
	if calls := r.roster.Calls(); len(calls) != 0 {
		t.Errorf("roster called for an invalid number: %v", calls)
	}
	r.tap("error.home")
	r.hides("学号格式不正确")
	r.shows("导师预约")
	r.tap("tile.checkin")
	if r.line("12") {
		t.Error("digits survived going home")
	}
}

func TestUnknownScanOnHomeShowsError(t *testing.T) {
	r := newRig(t)
	r.scan("NO-SUCH-CARD")
	r.shows("没有找到这位同学", "重试", "首页")
	r.tap("home")
	r.hides("没有找到这位同学")
}

func TestRosterFailureShowsGenericError(t *testing.T) {
	r := newRig(t)
	r.roster.SetErr(errors.New("disk on fire"))
	r.scan(zhangCard)
	r.shows("系统出了点问题")
	r.hides("disk on fire")
}

func TestStoreFailureKeepsPurposeScreen(t *testing.T) {
	r := newRig(t)
	r.scan(zhangCard)
	r.visits.SetErr(kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "database is locked"))
	r.tap("purpose.consult")
	r.shows("本机数据暂时无法写入", "欢迎，"+zhangMasked, "咨询")
	r.hides("签到成功")
	if !r.has("purpose.consult") {
		t.Fatal("purpose buttons gone after a failed check-in")
	}
	if n := len(r.visits.Visits()); n != 0 {
		t.Fatalf("stored %d visits despite the failure", n)
	}

	r.visits.SetErr(nil)
	r.tap("purpose.consult")
	r.shows("签到成功", "到访目的：咨询")
	if n := len(r.visits.Visits()); n != 1 {
		t.Fatalf("stored %d visits, want 1", n)
	}
}
