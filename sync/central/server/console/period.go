package console

import (
	"strings"
	"time"

	"onestop/sync/central/period"
)

// The week-or-month pages (rates, dashboard) read their period alike.

var _ = addText(texts{
	"period_bad_date":   {"请填写日期，如 2026-03-02。", "Enter a date, such as 2026-03-02."},
	"period_bad_choice": {"请从列表中选择。", "Choose one from the list."},
})

// readPeriod reads ?span= and ?at= into *span and *at, as typed, and
// returns the span and the day they name in loc. A value it cannot read
// is marked in errs ("span", "at") and the current week or day stands
// in, so the page still shows something next to the error.
func readPeriod(t map[string]string, q map[string][]string, errs map[string]string, span, at *string,
	loc *time.Location, now time.Time) (period.Span, time.Time) {
	get := func(k string) string {
		if vs := q[k]; len(vs) > 0 {
			return vs[0]
		}
		return ""
	}
	*span, *at = get("span"), strings.TrimSpace(get("at"))
	s := period.Week
	switch *span {
	case "", string(period.Week):
		*span = string(period.Week)
	case string(period.Month):
		s = period.Month
	default:
		errs["span"], *span = t["period_bad_choice"], string(period.Week)
	}
	day := now.In(loc)
	if *at != "" {
		if d, err := time.ParseInLocation(time.DateOnly, *at, loc); err == nil {
			day = d
		} else {
			errs["at"] = t["period_bad_date"]
		}
	}
	return s, day
}
