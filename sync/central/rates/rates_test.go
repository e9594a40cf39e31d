package rates_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
	"onestop/sync/central/rates"
)

func TestPeriodOf(t *testing.T) {
	cst := kiosk.DefaultLocation()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	d := func(loc *time.Location, y int, m time.Month, day, h, min int) time.Time {
		return time.Date(y, m, day, h, min, 0, 0, loc)
	}
	for _, c := range []struct {
		name       string
		span       rates.Span
		loc        *time.Location
		now        time.Time
		start, end time.Time
	}{
		{"a Wednesday", rates.Week, cst, d(cst, 2026, 3, 4, 12, 0), d(cst, 2026, 3, 2, 0, 0), d(cst, 2026, 3, 9, 0, 0)},
		{"Monday midnight starts the week", rates.Week, cst, d(cst, 2026, 3, 2, 0, 0), d(cst, 2026, 3, 2, 0, 0), d(cst, 2026, 3, 9, 0, 0)},
		{"Sunday night is still last week", rates.Week, cst, d(cst, 2026, 3, 1, 23, 59), d(cst, 2026, 2, 23, 0, 0), d(cst, 2026, 3, 2, 0, 0)},
		// 16:30 UTC on Sunday is already Monday in the hall.
		{"the hall's day, not UTC's", rates.Week, cst, time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC), d(cst, 2026, 3, 2, 0, 0), d(cst, 2026, 3, 9, 0, 0)},
		{"a week across new year", rates.Week, cst, d(cst, 2027, 1, 1, 9, 0), d(cst, 2026, 12, 28, 0, 0), d(cst, 2027, 1, 4, 0, 0)},
		{"a week with a DST change is 167 hours", rates.Week, ny, d(ny, 2026, 3, 4, 9, 0), d(ny, 2026, 3, 2, 0, 0), d(ny, 2026, 3, 9, 0, 0)},
		{"a month", rates.Month, cst, d(cst, 2026, 2, 28, 23, 0), d(cst, 2026, 2, 1, 0, 0), d(cst, 2026, 3, 1, 0, 0)},
		{"December", rates.Month, cst, d(cst, 2026, 12, 31, 23, 59), d(cst, 2026, 12, 1, 0, 0), d(cst, 2027, 1, 1, 0, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := kiosktest.NewClock(c.now)
			p := rates.PeriodOf(c.span, c.loc, clock.Now())
			if !p.Start.Equal(c.start) || !p.End.Equal(c.end) || p.Span != c.span {
				t.Fatalf("%v – %v, want %v – %v", p.Start, p.End, c.start, c.end)
			}
			if c.loc == ny && p.End.Sub(p.Start) != 167*time.Hour {
				t.Fatalf("the DST week lasts %v", p.End.Sub(p.Start))
			}
			if n := p.Next(); !n.Start.Equal(p.End) || n.Prev() != p {
				t.Fatalf("next %v – %v; its prev %v", n.Start, n.End, n.Prev().Start)
			}
			// A period after a week's time on the fake clock is the next
			// (weeks) or the same or next (months).
			clock.Advance(7 * 24 * time.Hour)
			if later := rates.PeriodOf(c.span, c.loc, clock.Now()); c.span == rates.Week && later != p.Next() {
				t.Fatalf("a week later %v, want %v", later.Start, p.Next().Start)
			}
		})
	}
}

func TestFigures(t *testing.T) {
	k := func(string) float64 { return 0.9 }
	for _, c := range []struct {
		name                                       string
		counts                                     central.RateCounts
		response, resolution, satisfaction, onTime float64 // NaN: undefined
	}{
		{"nothing to count", central.RateCounts{}, math.NaN(), math.NaN(), math.NaN(), math.NaN()},
		{"all in time and satisfied", central.RateCounts{Requests: 4, RespondedInTime: 4, FollowedUp: 2, Solved: 2, Satisfied: 2, Due: 3, ResolvedInTime: 3}, 1, 1, 1, 1},
		{"basically counts k", central.RateCounts{Requests: 4, RespondedInTime: 3, FollowedUp: 4, Solved: 2, Partly: 1, Satisfied: 1, Basically: 2, Due: 2, ResolvedInTime: 1},
			0.75, 0.5, (1 + 0.9*2) / 4, 0.5},
		{"answered but no follow-up yet", central.RateCounts{Requests: 2, RespondedInTime: 0, Due: 1}, 0, math.NaN(), math.NaN(), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			cells := []central.RateCell{{HallID: "h", RateCounts: c.counts}}
			tb := rates.Build(cells, cells, k)
			for name, got := range map[string]struct {
				f    rates.Figure
				want float64
			}{"响应率": {tb.Total.Response(), c.response}, "解决率": {tb.Total.Resolution(), c.resolution},
				"满意率": {tb.Total.Satisfaction(), c.satisfaction}, "按期办结率": {tb.Total.OnTime(), c.onTime}} {
				if math.IsNaN(got.want) {
					if got.f.Defined() {
						t.Errorf("%s defined: %+v", name, got.f)
					}
				} else if !got.f.Defined() || math.Abs(got.f.Ratio()-got.want) > 1e-9 {
					t.Errorf("%s = %+v (%v), want %v", name, got.f, got.f.Ratio(), got.want)
				}
			}
		})
	}
}

func TestBuildGroupsAndWeighsPerHall(t *testing.T) {
	k := map[string]float64{"h1": 0.5, "h2": 1}
	cells := []central.RateCell{
		{HallID: "h1", Category: kiosk.CategoryRepair, BuildingID: "b1", Floor: 3, UnitID: "u1", RateCounts: central.RateCounts{Requests: 2, RespondedInTime: 1, FollowedUp: 2, Basically: 2}},
		{HallID: "h1", Category: kiosk.CategorySafety, BuildingID: "b1", Floor: 2, RateCounts: central.RateCounts{Requests: 1, RespondedInTime: 1, FollowedUp: 1, Satisfied: 1, Solved: 1}},
		{HallID: "h2", Category: kiosk.CategoryRepair, BuildingID: "b2", Floor: 3, UnitID: "u1", RateCounts: central.RateCounts{FollowedUp: 1, Basically: 1}},
	}
	tb := rates.Build(cells, cells, func(h string) float64 { return k[h] })
	// h1's two basically count 0.5 each, h2's one counts 1: (0.5·2 + 1 + 1) / 4.
	if s := tb.Total.Satisfaction(); s.Num != 3 || s.Den != 4 {
		t.Fatalf("total 满意率 %+v", s)
	}
	if len(tb.Categories) != 2 || tb.Categories[0].Category != kiosk.CategorySafety || tb.Categories[1].Requests != 2 {
		t.Fatalf("categories, safety first as the kiosk offers them: %+v", tb.Categories)
	}
	if len(tb.Buildings) != 2 || tb.Buildings[0].BuildingID != "b1" || tb.Buildings[0].Requests != 3 {
		t.Fatalf("buildings %+v", tb.Buildings)
	}
	if len(tb.Floors) != 3 || tb.Floors[0].Floor != 2 || tb.Floors[1].Floor != 3 || tb.Floors[2].BuildingID != "b2" {
		t.Fatalf("floors %+v", tb.Floors)
	}
	if len(tb.Units) != 2 || tb.Units[0].UnitID != "u1" || tb.Units[0].FollowedUp != 3 || tb.Units[1].UnitID != "" {
		t.Fatalf("units, undispatched last: %+v", tb.Units)
	}
	// The store's coarser cells, places and categories apart, make the
	// same tables.
	var places, cats []central.RateCell
	for _, c := range cells {
		p, k := c, c
		p.Category = ""
		k.BuildingID, k.Floor, k.UnitID = "", 0, ""
		places, cats = append(places, p), append(cats, k)
	}
	coarse := rates.Build(places, cats, func(h string) float64 { return k[h] })
	if !reflect.DeepEqual(coarse, tb) {
		t.Fatalf("from coarser cells:\n%+v\nwant\n%+v", coarse, tb)
	}
}

func TestRank(t *testing.T) {
	b := func(id string, followed, solved, satisfied int) rates.Row {
		return rates.Row{BuildingID: id, RateCounts: central.RateCounts{FollowedUp: followed, Solved: solved}, Weighted: float64(satisfied)}
	}
	got := rates.Rank([]rates.Row{
		b("none", 0, 0, 0),   // no follow-ups: last
		b("half", 2, 2, 1),   // 满意率 50 %
		b("best", 2, 1, 2),   // 满意率 100 %, 解决率 50 %
		b("best-b", 4, 4, 4), // 满意率 100 %, 解决率 100 %: before best
		b("half-b", 4, 1, 2), // 满意率 50 %, 解决率 25 %: after half
	})
	var ids []string
	for _, r := range got {
		ids = append(ids, r.BuildingID)
	}
	want := []string{"best-b", "best", "half", "half-b", "none"}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("ranking %v, want %v", ids, want)
		}
	}
}
