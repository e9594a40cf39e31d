package ui_test

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

func TestLanguageSwitchOnHome(t *testing.T) {
	r := newRig(t)
	r.tap("lang")
	r.shows("One-Stop Student Community Hall", "Wed 5 Mar", "14:05", "中文", "Large text",
		"Check in", "Mentor appointment", "Book a room", "Submit a request", "My records",
		"Meet a mentor", "0 pending · offline · not yet connected")
	r.hides("签到", "English")
	r.tap("lang")
	r.shows("签到", "English")
	r.hides("Check in")
}

func TestLanguageSwitchKeepsPartialInputAndError(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.keypad("99999999")
	r.tap("keypad.ok")
	r.shows("没有找到这位同学")

	r.tap("lang")
	r.shows("We couldn't find that student", "Try again", "Home", "Check in: who are you?")
	r.hides("没有找到这位同学")
	if !r.line("99999999") {
		t.Error("digits lost on language switch")
	}
	r.tap("error.retry")
	r.keypad("1")
	r.tap("lang")
	r.shows("请刷校园卡或扫描二维码")
	if !r.line("999999991") {
		t.Error("digits lost on switching back")
	}
}

func TestLanguageSwitchOnPurposeAndDone(t *testing.T) {
	r := newRig(t)
	r.scan(zhangCard)
	r.tap("lang")
	r.shows("Welcome, "+zhangMasked, "Building 3 · Floor 5", "What brings you here today?", "Study", "Attend an event")
	r.tap("purpose.other")
	r.shows("You're checked in", "Checked in at 14:05", "Purpose: Something else", "sync automatically", "Done")
	r.tap("lang")
	r.shows("签到成功", "到访目的：其他", "完成")
	r.tap("done")
	r.shows("签到") // language kept after Done: it was this person's choice only until idle
}

func TestLargeTextHighContrast(t *testing.T) {
	r := newRig(t)
	th := r.app.Settings().Theme()
	normal := th.Size(theme.SizeNameText)
	if normal < 18 {
		t.Fatalf("normal text size %v < 18", normal)
	}
	r.tap("tile.checkin")
	r.keypad("2023")
	r.tap("largetext")
	th = r.app.Settings().Theme()
	if got := th.Size(theme.SizeNameText); got < normal*1.4 {
		t.Errorf("large text size %v, normal %v", got, normal)
	}
	v := r.app.Settings().ThemeVariant()
	if !sameColor(th.Color(theme.ColorNameBackground, v), color.Black) {
		t.Errorf("large mode background = %v, want black", th.Color(theme.ColorNameBackground, v))
	}
	r.shows("标准字号", "请刷校园卡或扫描二维码")
	if !r.line("2023") {
		t.Error("digits lost on large-text toggle")
	}
	r.tap("largetext")
	if got := r.app.Settings().Theme().Size(theme.SizeNameText); got != normal {
		t.Errorf("text size back to %v, want %v", got, normal)
	}
	r.shows("大字模式")
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestThemeTextSizesAtLeast18(t *testing.T) {
	r := newRig(t)
	for _, large := range []bool{false, true} {
		if large {
			r.tap("largetext")
		}
		th := r.app.Settings().Theme()
		for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameSubHeadingText, theme.SizeNameHeadingText} {
			if s := th.Size(n); s < 18 {
				t.Errorf("large=%v %s = %v < 18", large, n, s)
			}
		}
	}
}
