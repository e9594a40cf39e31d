package ui_test

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"onestop/kiosk/kiosktest"
)

func TestIdleWarningContinueKeepsSession(t *testing.T) {
	r := newRig(t)
	r.scan(zhangCard)
	r.advance(59 * time.Second)
	r.hides("秒后返回首页")
	if r.has("idle.continue") {
		t.Fatal("countdown before the timeout")
	}

	r.advance(time.Second)
	r.shows("15 秒后返回首页", "继续", "欢迎，"+zhangMasked)
	r.advance(5 * time.Second)
	r.shows("10 秒后返回首页")

	r.tap("idle.continue")
	r.hides("秒后返回首页")
	r.shows("欢迎，" + zhangMasked)
	r.advance(59 * time.Second)
	r.hides("秒后返回首页")
}

func TestIdleTimeoutWipesSessionAndPreferences(t *testing.T) {
	r := newRig(t)
	r.tap("lang")
	r.tap("largetext")
	r.tap("tile.checkin")
	r.keypad("2023")
	r.scan(zhangCard)
	r.shows("Welcome, " + zhangMasked)

	r.advance(60 * time.Second)
	r.shows("Returning to the home screen in 15 s", "Continue")
	r.advance(14 * time.Second)
	r.shows("Returning to the home screen in 1 s")
	r.advance(time.Second)

	r.hides(zhangMasked, "秒后返回首页", "Returning")
	r.shows("签到", "导师预约", "English", "大字模式")
	if got := r.app.Settings().Theme().Size(theme.SizeNameText); got != 22 {
		t.Errorf("text size after timeout = %v, want the normal 22", got)
	}
	r.tap("tile.checkin")
	if r.line("2023") {
		t.Error("typed digits survived the timeout")
	}
}

func TestKeyCountsAsTouch(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.advance(61 * time.Second)
	r.shows("14 秒后返回首页")
	r.win.Canvas().OnTypedRune()('x')
	r.hides("秒后返回首页")
	r.advance(30 * time.Second)
	r.shows("请刷校园卡或扫描二维码")
}

func TestHomeWithoutSessionNeverWarns(t *testing.T) {
	r := newRig(t)
	r.advance(5 * time.Minute)
	r.hides("秒后返回首页")
	if r.has("idle.continue") {
		t.Error("idle warning on an empty home screen")
	}
}

func TestHomeResetsLanguageSilently(t *testing.T) {
	r := newRig(t)
	r.tap("lang")
	r.shows("Check in")
	r.advance(60 * time.Second)
	r.hides("Returning")
	r.shows("Check in")
	r.advance(15 * time.Second)
	r.shows("签到")
}

func TestIdleTimeoutFromSettings(t *testing.T) {
	r := newRig(t, func(h *kiosktest.Hall) {
		s := settings()
		s.IdleTimeout, s.IdleWarning = 20*time.Second, 5*time.Second
		h.SetSettings(s)
	})
	r.tap("tile.checkin")
	r.advance(20 * time.Second)
	r.shows("5 秒后返回首页")
	r.advance(5 * time.Second)
	r.shows("导师预约")
}

// A tap on empty screen space is a touch too, and during the warning a tap
// anywhere continues.
func TestTapAnywhereCountsAsTouch(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	empty := fyne.NewPos(100, 1000) // below the prompt, left of the keypad
	r.advance(50 * time.Second)
	test.TapCanvas(r.win.Canvas(), empty)
	r.advance(50 * time.Second)
	r.hides("秒后返回首页")

	r.advance(10 * time.Second)
	r.shows("15 秒后返回首页")
	test.TapCanvas(r.win.Canvas(), empty)
	r.hides("秒后返回首页")
	r.shows("请刷校园卡或扫描二维码")
}
