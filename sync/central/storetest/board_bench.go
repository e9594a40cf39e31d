package storetest

import (
	"fmt"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// BenchBoard times the board's queries over n requests in hall A: the
// first page, filtered pages, the overdue list and a deep keyset page.
func BenchBoard(b *testing.B, fresh Fresh, n int) {
	f := NewFixture(b, fresh)
	SeedBoard(f, n)
	floor := 4
	now := f.Clock.Now()
	queries := map[string]central.BoardQuery{
		"first":    {HallID: HallA, Limit: 50},
		"campus":   {Limit: 50},
		"place":    {HallID: HallA, BuildingID: BuildingA, Floor: &floor, Limit: 50},
		"category": {HallID: HallA, Category: kiosk.CategorySafety, Limit: 50},
		"status":   {HallID: HallA, Status: string(kiosk.RequestDispatched), Limit: 50},
		"unit":     {UnitID: "u-3", Limit: 50},
		"overdue":  {HallID: HallA, Overdue: true, Now: now, Limit: 50},
		"open":     {HallID: HallA, Status: central.BoardOpen, Category: kiosk.CategoryCounselling, Limit: 50},
	}
	deep := central.BoardQuery{HallID: HallA, Limit: 50}
	for i := 0; i < n/100; i++ { // about halfway down the board
		p, err := f.S.BoardRequests(f.Ctx, deep)
		f.Must(err)
		if p.Next == "" {
			break
		}
		deep.After = p.Next
	}
	queries["deep"] = deep
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := f.S.BoardRequests(f.Ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// SeedBoard imports n requests into hall A, a third of them open, over
// categories, floors, units and a year of submissions.
func SeedBoard(f *Fixture, n int) {
	const batch = 5000
	for start := 0; start < n; start += batch {
		var rs []kiosk.Request
		for i := start; i < start+batch && i < n; i++ {
			id := fmt.Sprintf("bench-%07d", i)
			cat := kiosk.RequestCategories[i%len(kiosk.RequestCategories)]
			at := Start.Add(-time.Duration(i) * 5 * time.Minute)
			r := kiosk.Request{ID: id, Ticket: fmt.Sprintf("R%s-%05d", at.Format("0102"), i%100000), Token: fmt.Sprintf("T%031d", i),
				StudentKey: Alice, HallID: HallA, Category: cat, BuildingID: BuildingA, Floor: 1 + i%10,
				Presets: []string{kiosk.RequestPresets[cat][0]}, Contact: kiosk.ContactKiosk, SubmittedAt: at,
				ResponseDueAt: at.Add(2 * time.Hour), DueAt: at.Add(72 * time.Hour), Status: kiosk.RequestClosed,
				RespondedAt: at.Add(time.Hour), ResolvedAt: at.Add(48 * time.Hour)}
			switch i % 6 {
			case 0:
				r.Status, r.RespondedAt, r.ResolvedAt = kiosk.RequestSubmitted, time.Time{}, time.Time{}
			case 1:
				r.Status, r.UnitID, r.ResolvedAt = kiosk.RequestDispatched, fmt.Sprintf("u-%d", i%7), time.Time{}
			}
			rs = append(rs, r)
		}
		f.Must(f.S.ImportHistory(f.Ctx, HallA, central.History{Requests: rs}))
	}
}
