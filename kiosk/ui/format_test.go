package ui_test

import (
	"strings"
	"testing"
	"time"

	"onestop/i18n"
	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/ui"
)

func TestTranslateFormatsTimesPerLanguage(t *testing.T) {
	zh, en := i18n.MustNew(kiosk.LangZh), i18n.MustNew(kiosk.LangEn)
	now := at(14, 5) // Wednesday 5 March
	other := time.Date(2025, 11, 26, 8, 0, 0, 0, start.Location())
	for _, tc := range []struct {
		name   string
		id     string
		data   map[string]any
		zh, en string
	}{
		{"other day", kiosk.MsgErrCheckInTooEarly, map[string]any{"Opens": other, "Closes": other.Add(30 * time.Minute)},
			"签到时间为 11月26日 08:00–11月26日 08:30，请到时再来签到。", "Check-in is open Nov 26 08:00–Nov 26 08:30. Please come back then."},
		{"same day", kiosk.MsgErrCheckInTooEarly, map[string]any{"Opens": at(14, 45), "Closes": at(15, 15)},
			"签到时间为 14:45–15:15，请到时再来签到。", "Check-in is open 14:45–15:15. Please come back then."},
		{"midnight is a date", kiosk.MsgErrBookingDayLimit, map[string]any{"Max": 2, "Day": kiosk.StartOfDay(now), "Lifts": kiosk.StartOfDay(now).AddDate(0, 0, 1)},
			"每人每天最多预约 2 次，3月5日 已约满。", "You can book at most 2 times a day, and Mar 5 is full."},
		{"hours without trailing zeros", kiosk.MsgErrBookingWeekLimit, map[string]any{"MaxHours": 6.0, "UsedHours": 5.5, "Lifts": kiosk.StartOfDay(now).AddDate(0, 0, 5)},
			"每人每周最多预约 6 小时，本周已预约 5.5 小时。3月10日 起可预约下一周。", "at most 6 hours a week and have 5.5 hours this week. Next week opens Mar 10."},
		{"other zone shown in the kiosk's", kiosk.MsgErrBookingOverlap, map[string]any{"Start": at(15, 0).UTC(), "End": at(16, 0).UTC()},
			"你在 15:00–16:00 已有", "You already have a room booked 15:00–16:00"},
		{"missing data falls back", kiosk.MsgErrBookingOverlap, nil,
			"你在本机提交的一项操作未被中心确认", "was not accepted by the central office"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ui.Translate(zh, now, tc.id, tc.data); !strings.Contains(got, tc.zh) {
				t.Errorf("zh = %q, want it to contain %q", got, tc.zh)
			}
			if got := ui.Translate(en, now, tc.id, tc.data); !strings.Contains(got, tc.en) {
				t.Errorf("en = %q, want it to contain %q", got, tc.en)
			}
		})
	}
}

func TestNumberAndLength(t *testing.T) {
	for x, want := range map[float64]string{6: "6", 1.5: "1.5", 0.25: "0.25", 2.0 / 3: "0.67", 0: "0", 12.10: "12.1"} {
		if got := ui.Number(x); got != want {
			t.Errorf("Number(%v) = %q, want %q", x, got, want)
		}
	}
	zh, en := i18n.MustNew(kiosk.LangZh), i18n.MustNew(kiosk.LangEn)
	for d, want := range map[time.Duration][2]string{
		30 * time.Minute:        {"30 分钟", "30 min"},
		90 * time.Minute:        {"1 小时 30 分钟", "1 h 30 min"},
		24 * time.Hour:          {"24 小时", "24 h"},
		72 * time.Hour:          {"3 天", "3 days"},
		2*time.Hour + time.Hour: {"3 小时", "3 h"},
	} {
		if got := ui.Length(zh, d); got != want[0] {
			t.Errorf("zh Length(%v) = %q, want %q", d, got, want[0])
		}
		if got := ui.Length(en, d); got != want[1] {
			t.Errorf("en Length(%v) = %q, want %q", d, got, want[1])
		}
	}
	if got := ui.DayLabel(zh, start, start.AddDate(0, 0, 1)); got != "明天 3月6日 星期四" {
		t.Errorf("DayLabel tomorrow = %q", got)
	}
	if got := ui.DayLabel(en, start, start.AddDate(0, 0, 3)); got != "Sat 8 Mar" {
		t.Errorf("DayLabel = %q", got)
	}
}

func TestPaging(t *testing.T) {
	for _, tc := range []struct{ page, n, size, from, to, clamped, pages int }{
		{0, 0, 4, 0, 0, 0, 1},
		{0, 3, 4, 0, 3, 0, 1},
		{1, 9, 4, 4, 8, 1, 3},
		{2, 9, 4, 8, 9, 2, 3},
		{7, 9, 4, 8, 9, 2, 3},  // past the end: last page
		{-1, 9, 4, 0, 4, 0, 3}, // before the start: first page
	} {
		from, to, clamped := ui.PageBounds(tc.page, tc.n, tc.size)
		if from != tc.from || to != tc.to || clamped != tc.clamped || ui.Pages(tc.n, tc.size) != tc.pages {
			t.Errorf("page %d of %d by %d: [%d,%d) page %d pages %d", tc.page, tc.n, tc.size, from, to, clamped, ui.Pages(tc.n, tc.size))
		}
	}
}

func TestQRImageIsScannableSize(t *testing.T) {
	img, err := ui.QRImage("https://onestop.example.edu.cn/r/ABCDEFGHJKLMNPQRSTUVWXYZ23456789ABCD")
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 240 || b.Dy() < 240 {
		t.Fatalf("QR image %v smaller than 240 px", b)
	}
	if ui.QRSize < 240 {
		t.Fatalf("QR shows at %v px", ui.QRSize)
	}
}

// Every facility code the demo campus uses has a name in every language.
func TestDemoFacilitiesTranslated(t *testing.T) {
	for _, lang := range i18n.Languages {
		l := i18n.MustNew(lang)
		for _, r := range demo.Rooms() {
			for _, c := range r.Facilities {
				if id := "Facility." + c; l.T(id) == id {
					t.Errorf("%s: %s untranslated", lang, id)
				}
			}
		}
	}
}
