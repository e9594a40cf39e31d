package ui_test

import (
	"context"
	"testing"
	"time"

	"onestop/i18n"
	"onestop/kiosk"
	"onestop/kiosk/ui"
)

// enterPIN types pin and taps OK.
func (r *rig) enterPIN(pin string) {
	r.t.Helper()
	r.keypad(pin)
	r.tap("keypad.ok")
}

func TestTooManyWrongPINsLockThePINButKeepThePlace(t *testing.T) {
	r := newRig(t)
	r.records.GivePIN(zhangKey, "2468")
	r.reqs.Add(resolvedRequest())
	r.tap("tile.requests")
	r.identifyByNumber()
	r.tap("req.mine")
	r.tap("req.detail.0")
	for range kiosk.PINAttempts - 1 {
		r.enterPIN("1111")
		r.shows("PIN 码不正确，请重新输入。")
		r.tap("keypad.clear")
	}
	r.enterPIN("1111")
	until := start.Add(kiosk.PINLockout).Format("15:04")
	r.shows("PIN 码错误次数过多，已暂时锁定，"+until+" 后可再试；也可以刷卡或扫码。", "请输入 PIN 码")
	if r.line("● ● ● ●") {
		t.Error("the wrong PIN's dots stay after the lockout")
	}
	r.tap("lang")
	r.shows("Too many wrong PINs. Try again after " + until + ", or tap your card or scan your QR code.")
	r.enterPIN("2468") // the right PIN is refused too while locked
	r.shows("Too many wrong PINs. Try again after " + until)
	r.hides("已更换灯管")

	// The place is kept: Back leads to the list, and a card scan of the
	// same student unlocks the details the PIN was asked for.
	r.tap("back")
	r.shows("My requests", "R0304-7KQ3M")
	r.tap("req.detail.0")
	r.scan(zhangCard)
	r.shows("已更换灯管")
}

func TestPINWorksAgainAfterTheLockout(t *testing.T) {
	r := newRig(t)
	r.records.GivePIN(zhangKey, "2468")
	r.reqs.Add(resolvedRequest())
	r.tap("tile.requests")
	r.identifyByNumber()
	r.tap("req.mine")
	r.tap("req.detail.0")
	for range kiosk.PINAttempts {
		r.enterPIN("1111")
		r.tap("keypad.clear")
	}
	r.clock.Advance(kiosk.PINLockout - time.Second) // no Tick: the student is still there
	r.enterPIN("2468")
	r.shows("PIN 码错误次数过多")
	r.tap("keypad.clear")
	r.clock.Advance(time.Second)
	r.enterPIN("2468")
	r.shows("已更换灯管")
}

// A lockout that ends on another day names the day, in the reader's
// language, through the same time formatting as every message.
func TestFlowPINLockoutNamesTheDay(t *testing.T) {
	ctx := context.Background()
	f, fk := identifiedFlow(t, ui.GoalRequests, false)
	fk.records.GivePIN(zhangKey, "2468")
	fk.reqs.Add(resolvedRequest())
	late := time.Date(2025, 3, 5, 23, 55, 0, 0, start.Location())
	fk.clock.Set(late)
	f.OpenMyRequests(ctx)
	f.RequestDetails(ctx, "req-1")
	for range kiosk.PINAttempts {
		for _, d := range "1111" {
			f.PINDigit(d)
		}
		f.SubmitPIN(ctx)
		if f.S.Err != nil && f.S.Err.ID == kiosk.MsgErrWrongPIN {
			f.PINClear()
		}
	}
	if f.S.Screen != ui.ScreenPIN || f.S.Err == nil || f.S.Err.ID != kiosk.MsgErrPINLocked || f.S.PIN.Digits != "" ||
		f.S.PIN.For != ui.UnlockRequestDetail {
		t.Fatalf("after %d wrong PINs: screen %v, err %+v, prompt %+v", kiosk.PINAttempts, f.S.Screen, f.S.Err, f.S.PIN)
	}
	for lang, want := range map[string]string{
		kiosk.LangZh: "PIN 码错误次数过多，已暂时锁定，3月6日 00:10 后可再试；也可以刷卡或扫码。",
		kiosk.LangEn: "Too many wrong PINs. Try again after Mar 6 00:10, or tap your card or scan your QR code.",
	} {
		if got := ui.Translate(i18n.MustNew(lang), late, f.S.Err.ID, f.S.Err.Data); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
