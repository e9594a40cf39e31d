// Package community defines the figures of the console's community
// dashboard (guide 4.7): what each counts, the utilisation and no-show
// formulas and the alert rules. The store hands it aggregated rows
// (counts per hour bucket, sums per room); the figures are computed here
// so both backends and the page agree on one definition.
package community

import (
	"slices"
	"time"

	"onestop/kiosk"
	"onestop/sync/central/period"
)

// Period is the week (Monday first) or month the dashboard shows,
// [Start, End) in the hall's zone: package period's, as the rates'.
type Period = period.Period

// PeriodAt is the week or month holding t, in loc.
func PeriodAt(month bool, t time.Time, loc *time.Location) Period {
	if month {
		return period.Of(period.Month, loc, t)
	}
	return period.Of(period.Week, loc, t)
}

// Hour buckets: the store counts per hour since a query's From, which is
// a local midnight, so each bucket is one local clock hour in any zone,
// half-hour offsets included. At turns a bucket back into its time.
func At(from time.Time, bucket int64) time.Time { return from.Add(time.Duration(bucket) * time.Hour) }

// HourCount is how many of something (Key: a visit's purpose) fell in
// one hour bucket.
type HourCount struct {
	Bucket int64
	Key    string
	Count  int
}

// VisitFigures are the visits of a period by purpose: per local hour of
// day (0–23) and per day of the period. A visit counts once, at its
// check-in time.
type VisitFigures struct {
	Purposes []string // kiosk.Purposes, then "" (recorded before purposes were) if any
	ByHour   map[string][24]int
	ByDay    map[string][]int
	Total    int
}

// Visits sums the store's buckets (counted from p.Start).
func Visits(p Period, rows []HourCount) VisitFigures {
	days := p.Days()
	f := VisitFigures{ByHour: map[string][24]int{}, ByDay: map[string][]int{}}
	for _, pu := range kiosk.Purposes {
		f.Purposes = append(f.Purposes, string(pu))
	}
	for _, r := range rows {
		at := At(p.Start, r.Bucket)
		if at.Before(p.Start) || !at.Before(p.End) {
			continue
		}
		if _, ok := f.ByDay[r.Key]; !ok {
			f.ByDay[r.Key] = make([]int, len(days))
			if !slices.Contains(f.Purposes, r.Key) {
				f.Purposes = append(f.Purposes, r.Key)
			}
		}
		h := f.ByHour[r.Key]
		h[at.Hour()] += r.Count
		f.ByHour[r.Key] = h
		f.ByDay[r.Key][dayIndex(days, at)] += r.Count
		f.Total += r.Count
	}
	for _, pu := range f.Purposes {
		if f.ByDay[pu] == nil {
			f.ByDay[pu] = make([]int, len(days))
		}
	}
	return f
}

// dayIndex is the day of days that holds at.
func dayIndex(days []time.Time, at time.Time) int {
	i, _ := slices.BinarySearchFunc(days, at, func(d, t time.Time) int {
		if d.After(t) {
			return 1
		}
		return -1
	})
	return max(i-1, 0)
}
