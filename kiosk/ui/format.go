package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"onestop/i18n"
	"onestop/kiosk"
)

// Translate renders message id in l's language. Template data is made
// readable first: times as "11月26日 08:00" / "Nov 26 08:00" ("08:00" on
// now's day, the date alone at midnight), floats without trailing
// zeros, names admins enter in both languages in l's. A template whose
// data is missing (a rejection's message comes without its data) falls
// back to the generic refusal text rather than showing "<no value>".
func Translate(l *i18n.Localizer, now time.Time, id string, data map[string]any) string {
	s := l.T(id, LocalData(l, now, data))
	if strings.Contains(s, "<no value>") {
		return l.T(kiosk.MsgErrSyncRejected)
	}
	return s
}

// LocalData returns a copy of data with times, numbers and names in
// both languages made readable in l's language.
func LocalData(l *i18n.Localizer, now time.Time, data map[string]any) map[string]any {
	if data == nil {
		return nil
	}
	out := make(map[string]any, len(data))
	for k, v := range data {
		switch x := v.(type) {
		case time.Time:
			out[k] = When(l, now, x)
		case kiosk.LocalName:
			out[k] = x.In(l.Lang())
		case float64:
			out[k] = Number(x)
		case float32:
			out[k] = Number(float64(x))
		default:
			out[k] = v
		}
	}
	return out
}

// When formats t for a message: the time alone on now's day, the date
// alone at midnight, else date and time.
func When(l *i18n.Localizer, now, t time.Time) string {
	t = t.In(now.Location())
	switch {
	case t.Equal(kiosk.StartOfDay(t)):
		return Date(l, t)
	case kiosk.StartOfDay(t).Equal(kiosk.StartOfDay(now)):
		return t.Format("15:04")
	}
	return l.T("FmtDateTime", dateData(t))
}

// Date formats t's date: "11月26日" / "Nov 26".
func Date(l *i18n.Localizer, t time.Time) string { return l.T("FmtDate", dateData(t)) }

// DayLabel names a day for a pager or list: "今天" / "Today", "明天",
// else "3月6日 星期四" / "Thu 6 Mar".
func DayLabel(l *i18n.Localizer, now, day time.Time) string {
	switch int(kiosk.StartOfDay(day).Sub(kiosk.StartOfDay(now)).Hours()+12) / 24 {
	case 0:
		return l.T("Today") + " " + l.T("HeaderDate", headerData(l, day))
	case 1:
		return l.T("Tomorrow") + " " + l.T("HeaderDate", headerData(l, day))
	}
	return l.T("HeaderDate", headerData(l, day))
}

func headerData(l *i18n.Localizer, t time.Time) map[string]any {
	d := dateData(t)
	d["Weekday"] = l.T(fmt.Sprintf("Weekday%d", int(t.Weekday())))
	return d
}

func dateData(t time.Time) map[string]any {
	return map[string]any{"Month": int(t.Month()), "MonthName": t.Month().String()[:3], "Day": t.Day(), "Time": t.Format("15:04")}
}

// Span formats [a, b) as "14:00–15:30".
func Span(a, b time.Time) string { return a.Format("15:04") + "–" + b.Format("15:04") }

// Number formats x with at most two decimals and no trailing zeros.
func Number(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// Length formats a duration as hours and minutes ("1 小时 30 分钟" /
// "1 h 30 min"), whole days from two days on ("3 天" / "3 days").
func Length(l *i18n.Localizer, d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case m == 0 && h >= 48 && h%24 == 0:
		return l.T("LenDays", map[string]any{"D": h / 24})
	case h == 0:
		return l.T("LenMinutes", map[string]any{"M": m})
	case m == 0:
		return l.T("LenHours", map[string]any{"H": h})
	}
	return l.T("LenHoursMinutes", map[string]any{"H": h, "M": m})
}
