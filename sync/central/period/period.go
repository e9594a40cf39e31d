// Package period is the week or month a console figure covers, counted
// in a hall's zone: the rates and the community dashboard share it, so
// their weeks start on the same Monday.
package period

import "time"

// Span is the length of a period.
type Span string

const (
	Week  Span = "week"  // Monday 00:00 to the next Monday 00:00
	Month Span = "month" // the 1st 00:00 to the next month's 1st
)

// Period is one week or month in a hall's zone: [Start, End).
type Period struct {
	Span       Span
	Start, End time.Time
}

// Of is the period of span that t falls in, counted in loc; any span
// but Month is a week.
func Of(span Span, loc *time.Location, t time.Time) Period {
	t = t.In(loc)
	y, m, d := t.Date()
	if span == Month {
		start := time.Date(y, m, 1, 0, 0, 0, 0, loc)
		return Period{Span: Month, Start: start, End: start.AddDate(0, 1, 0)}
	}
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	start := time.Date(y, m, d-back, 0, 0, 0, 0, loc)
	return Period{Span: Week, Start: start, End: start.AddDate(0, 0, 7)}
}

// Prev and Next are the periods before and after p.
func (p Period) Prev() Period { return Of(p.Span, p.Start.Location(), p.Start.AddDate(0, 0, -1)) }
func (p Period) Next() Period { return Of(p.Span, p.Start.Location(), p.End) }

// Days are the local midnights of p.
func (p Period) Days() []time.Time {
	var ds []time.Time
	for d := p.Start; d.Before(p.End); d = d.AddDate(0, 0, 1) {
		ds = append(ds, d)
	}
	return ds
}

// Weeks are the Mondays of the weeks p touches.
func (p Period) Weeks() []time.Time {
	var ws []time.Time
	for w := Of(Week, p.Start.Location(), p.Start).Start; w.Before(p.End); w = w.AddDate(0, 0, 7) {
		ws = append(ws, w)
	}
	return ws
}
