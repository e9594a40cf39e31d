// Package rates defines the 接诉即办 figures the console shows from the
// store's counts (central.RateCounts): per week or month in the hall's
// time zone, grouped by category, building, floor and unit.
//
//	响应率 response rate     = answered within the response deadline ÷ requests
//	解决率 resolution rate   = solved ÷ followed up
//	满意率 satisfaction rate = (satisfied + k × basically satisfied) ÷ followed up
//	按期办结率 on-time rate   = resolved by the resolution deadline ÷ due
//
// Which requests each count takes is central.RateCounts' doc; k is the
// hall's rates.basically_weight setting (kiosk.SettingBasicallyWeight).
// A figure whose denominator is 0 has no value, never 0 % or 100 %.
package rates

import (
	"cmp"
	"slices"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/period"
)

// The rates' weeks and months are package period's, as the dashboard's.
type (
	Span   = period.Span
	Period = period.Period
)

const (
	Week  = period.Week
	Month = period.Month
)

// PeriodOf is the period of span that t falls in, counted in loc.
func PeriodOf(span Span, loc *time.Location, t time.Time) Period { return period.Of(span, loc, t) }

// Query is the store's query for p as of now.
func Query(p Period, hallIDs []string, now time.Time) central.RatesQuery {
	return central.RatesQuery{HallIDs: hallIDs, From: p.Start, To: p.End, Now: now}
}

// Figure is one rate: Num ÷ Den, undefined when Den is 0. Num is a
// weighted count for the 满意率, so it need not be whole.
type Figure struct {
	Num float64
	Den int
}

// Defined reports whether the figure has a value.
func (f Figure) Defined() bool { return f.Den > 0 }

// Ratio is Num ÷ Den, 0 when undefined (check Defined first).
func (f Figure) Ratio() float64 {
	if f.Den == 0 {
		return 0
	}
	return f.Num / float64(f.Den)
}

// Row is one line of a table: its counts and the weighted satisfied
// count, which each hall's own k makes (halls may set different ones).
type Row struct {
	HallID, BuildingID, UnitID string
	Category                   kiosk.RequestCategory
	Floor                      int
	central.RateCounts
	Weighted float64 // Σ satisfied + k × basically
}

func (r *Row) add(c central.RateCounts, k float64) {
	r.RateCounts.Add(c)
	r.Weighted += float64(c.Satisfied) + k*float64(c.Basically)
}

// The four figures of a row.
func (r Row) Response() Figure     { return Figure{float64(r.RespondedInTime), r.Requests} }
func (r Row) Resolution() Figure   { return Figure{float64(r.Solved), r.FollowedUp} }
func (r Row) Satisfaction() Figure { return Figure{r.Weighted, r.FollowedUp} }
func (r Row) OnTime() Figure       { return Figure{float64(r.ResolvedInTime), r.Due} }

// Tables are a period's figures: the total and one table per grouping.
type Tables struct {
	Total                                Row
	Categories, Buildings, Floors, Units []Row
}

// Weight is k of a hall's 满意率.
type Weight func(hallID string) float64

// Build rolls the store's cells up into the tables: the total,
// buildings, floors and units from places (cells by place and unit,
// central.RateGroupPlaces, or finer), categories from categories (by
// category, central.RateGroupCategories, or finer); the same cells may
// be both. Rows come in a fixed order: categories as the kiosk offers
// them, buildings by hall and id, floors by building and floor, units by
// id with requests not dispatched (UnitID "") last.
func Build(places, categories []central.RateCell, k Weight) Tables {
	var t Tables
	cats, blds, floors, units := map[kiosk.RequestCategory]*Row{}, map[[2]string]*Row{}, map[floorKey]*Row{}, map[string]*Row{}
	for _, c := range categories {
		row(cats, c.Category, Row{Category: c.Category}).add(c.RateCounts, k(c.HallID))
	}
	for _, c := range places {
		w := k(c.HallID)
		t.Total.add(c.RateCounts, w)
		row(blds, [2]string{c.HallID, c.BuildingID}, Row{HallID: c.HallID, BuildingID: c.BuildingID}).add(c.RateCounts, w)
		row(floors, floorKey{c.HallID, c.BuildingID, c.Floor}, Row{HallID: c.HallID, BuildingID: c.BuildingID, Floor: c.Floor}).add(c.RateCounts, w)
		row(units, c.UnitID, Row{UnitID: c.UnitID}).add(c.RateCounts, w)
	}
	t.Categories = sorted(cats, func(a, b Row) int { return cmp.Compare(catIndex(a.Category), catIndex(b.Category)) })
	t.Buildings = sorted(blds, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.HallID, b.HallID), cmp.Compare(a.BuildingID, b.BuildingID))
	})
	t.Floors = sorted(floors, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.HallID, b.HallID), cmp.Compare(a.BuildingID, b.BuildingID), cmp.Compare(a.Floor, b.Floor))
	})
	t.Units = sorted(units, func(a, b Row) int {
		return cmp.Or(cmp.Compare(undispatched(a), undispatched(b)), cmp.Compare(a.UnitID, b.UnitID))
	})
	return t
}

// undispatched sorts requests of no unit after the units.
func undispatched(r Row) int {
	if r.UnitID == "" {
		return 1
	}
	return 0
}

type floorKey struct {
	hall, building string
	floor          int
}

func row[K comparable](m map[K]*Row, k K, zero Row) *Row {
	r := m[k]
	if r == nil {
		r = &zero
		m[k] = r
	}
	return r
}

func sorted[K comparable](m map[K]*Row, by func(a, b Row) int) []Row {
	out := make([]Row, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	slices.SortFunc(out, by)
	return out
}

func catIndex(c kiosk.RequestCategory) int {
	if i := slices.Index(kiosk.RequestCategories, c); i >= 0 {
		return i
	}
	return len(kiosk.RequestCategories)
}

// Rank orders buildings for the monthly ranking: by 满意率, then by
// 解决率, both highest first; a building without follow-ups (neither
// figure defined) comes last; ties keep the table's order.
func Rank(buildings []Row) []Row {
	out := slices.Clone(buildings)
	slices.SortStableFunc(out, func(a, b Row) int {
		return cmp.Or(byFigure(a.Satisfaction(), b.Satisfaction()), byFigure(a.Resolution(), b.Resolution()))
	})
	return out
}

// byFigure sorts defined figures first, higher first.
func byFigure(a, b Figure) int {
	switch {
	case a.Defined() != b.Defined():
		if a.Defined() {
			return -1
		}
		return 1
	case !a.Defined():
		return 0
	}
	return cmp.Compare(b.Ratio(), a.Ratio())
}
