package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The 接诉即办 board's store methods (central.BoardStore).

func testBoardPolicy(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	p, err := f.S.RequestPolicy(f.Ctx, HallA)
	f.Must(err)
	if p.For(kiosk.CategoryRepair) != kiosk.DefaultRequestPolicy().For(kiosk.CategoryRepair) {
		t.Fatalf("default policy %+v", p)
	}
	if _, err := f.S.RequestPolicy(f.Ctx, "no-hall"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unknown hall: %v", err)
	}
	// Tuesday is a holiday, worked on Saturday instead (调休); safety
	// answers within 10 minutes of real time.
	f.Must(p.Calendar.AddHoliday(f.At(1, 0, 0).Format("2006-01-02")))
	f.Must(p.Calendar.AddMakeUp(f.At(5, 0, 0).Format("2006-01-02"), time.Tuesday))
	p.SLA[kiosk.CategorySafety] = kiosk.SLAPolicy{Respond: kiosk.SLATerm{Length: 10 * time.Minute}, Resolve: kiosk.SLATerm{Length: 4 * time.Hour}}
	f.Must(f.S.SetRequestPolicy(f.Ctx, HallA, p))
	bad := p
	bad.SLA = map[kiosk.RequestCategory]kiosk.SLAPolicy{kiosk.CategoryDorm: {}}
	if err := f.S.SetRequestPolicy(f.Ctx, HallA, bad); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("a zero clock: %v", err)
	}
	got, err := f.S.RequestPolicy(f.Ctx, HallA)
	f.Must(err)
	if len(got.Calendar.Holidays) != 1 || len(got.Calendar.MakeUp) != 1 || got.For(kiosk.CategorySafety).Respond.Length != 10*time.Minute {
		t.Fatalf("stored policy %+v", got)
	}
	// A pushed request gets central's deadlines; the kiosk's DueAt was
	// a provisional hour. Repair: 3 working days from Monday 09:00 skip
	// the holiday Tuesday and so end on Friday 09:00.
	res := f.Push(f.K1, kiosk.KindRequestCreate, "r1", Request("r1", Alice))
	WantStatus(t, res, wire.StatusApplied, "")
	r := Decode[kiosk.Request](t, res.Entity)
	if !r.DueAt.Equal(f.At(4, 9, 0)) || !r.ResponseDueAt.Equal(Start.Add(2*time.Hour)) {
		t.Fatalf("repair deadlines %v %v", r.ResponseDueAt, r.DueAt)
	}
	s := Request("r2", Bob)
	s.Category, s.Presets = kiosk.CategorySafety, []string{"safety.gas_smell"}
	r = Decode[kiosk.Request](t, f.Push(f.K1, kiosk.KindRequestCreate, "r2", s).Entity)
	if !r.ResponseDueAt.Equal(Start.Add(10*time.Minute)) || !r.DueAt.Equal(Start.Add(4*time.Hour)) {
		t.Fatalf("safety deadlines %v %v", r.ResponseDueAt, r.DueAt)
	}
	// The kiosk gets the corrected entity through the feed.
	cs, _, _ := PullAll(t, f.S, HallA, central.Cursor{}, 100)
	c, ok := Find(cs, wire.EntityRequest, "r2")
	if !ok || !Decode[kiosk.Request](t, c.Data).DueAt.Equal(Start.Add(4*time.Hour)) {
		t.Fatalf("feed %+v", c)
	}
}

func testBoardUnits(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Must(f.S.PutUnit(f.Ctx, kiosk.Unit{ID: "u-net", Name: kiosk.LocalName{Zh: "网络中心", En: "Network Centre"}, Active: true}))
	f.Must(f.S.PutUnit(f.Ctx, kiosk.Unit{ID: "u-dorm", HallID: HallA, Name: kiosk.LocalName{Zh: "宿管"}, Active: true}))
	if err := f.S.PutUnit(f.Ctx, kiosk.Unit{ID: "u-x", HallID: "no-hall", Name: kiosk.LocalName{Zh: "x"}}); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unknown hall: %v", err)
	}
	if err := f.S.PutUnit(f.Ctx, kiosk.Unit{ID: "u-y"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("no name: %v", err)
	}
	if err := f.S.PutUnit(f.Ctx, kiosk.Unit{ID: "u-dorm", HallID: HallB, Name: kiosk.LocalName{Zh: "宿管"}}); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("moving a unit to another hall: %v", err)
	}
	f.Must(f.S.PutUnit(f.Ctx, kiosk.Unit{ID: "u-dorm", HallID: HallA, Name: kiosk.LocalName{Zh: "宿管中心"}, Active: false}))
	us, err := f.S.Units(f.Ctx)
	f.Must(err)
	if len(us) != 2 || us[0].ID != "u-net" || us[1].Name.Zh != "宿管中心" || us[1].Active {
		t.Fatalf("units %+v", us)
	}
	bs, err := f.S.BoardBuildings(f.Ctx)
	f.Must(err)
	if len(bs) != 2 || bs[0].HallID != HallA || bs[0].ID != BuildingA || bs[0].Floors != 10 {
		t.Fatalf("buildings %+v", bs)
	}
	u, err := f.S.Unit(f.Ctx, "u-net")
	f.Must(err)
	if u.Name.En != "Network Centre" || !u.Active {
		t.Fatalf("unit %+v", u)
	}
	if _, err := f.S.Unit(f.Ctx, "nope"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unknown unit: %v", err)
	}
}

func testBoardPaging(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	// Seven requests of hall A over floors 1–7, one hall B request.
	cats := []kiosk.RequestCategory{kiosk.CategoryRepair, kiosk.CategorySafety, kiosk.CategoryNetwork}
	presets := map[kiosk.RequestCategory]string{kiosk.CategoryRepair: "repair.light", kiosk.CategorySafety: "safety.other", kiosk.CategoryNetwork: "network.slow"}
	for i := 1; i <= 7; i++ {
		id := fmt.Sprintf("p%d", i)
		r := Request(id, Alice)
		r.Floor, r.Category = i, cats[i%3]
		r.Presets = []string{presets[r.Category]}
		WantStatus(t, f.Push(f.K1, kiosk.KindRequestCreate, id, r), wire.StatusApplied, "")
		f.Clock.Advance(time.Minute)
	}
	other := Request("pb", Carol)
	other.BuildingID = BuildingB
	WantStatus(t, f.Push(f.KB, kiosk.KindRequestCreate, "pb", other), wire.StatusApplied, "")
	_, err := f.S.HandleRequest(f.Ctx, "p3", kiosk.RequestAction{Kind: kiosk.ActReject, Text: "重复"})
	f.Must(err)

	var all []kiosk.Request
	q := central.BoardQuery{HallID: HallA, Limit: 3}
	for pages := 0; ; pages++ {
		p, err := f.S.BoardRequests(f.Ctx, q)
		f.Must(err)
		all = append(all, p.Requests...)
		if p.Next == "" {
			break
		}
		if pages > 5 {
			t.Fatal("paging never ends")
		}
		q.After = p.Next
	}
	if len(all) != 7 || all[6].ID != "p3" {
		t.Fatalf("hall A's board: %v", ids(all))
	}
	// Safety (30 minutes to answer) comes first, then by deadline.
	if all[0].Category != kiosk.CategorySafety || all[0].Token != "" || len(all[0].Presets) != 0 {
		t.Fatalf("first %+v", all[0])
	}
	for i := 1; i < 6; i++ {
		a, b := pending(all[i-1]), pending(all[i])
		if a.After(b) {
			t.Fatalf("out of order at %d: %v", i, ids(all))
		}
	}
	floor := 4
	p, err := f.S.BoardRequests(f.Ctx, central.BoardQuery{HallID: HallA, BuildingID: BuildingA, Floor: &floor})
	f.Must(err)
	if len(p.Requests) != 1 || p.Requests[0].ID != "p4" || p.Requests[0].Floor != 4 {
		t.Fatalf("floor 4: %v", ids(p.Requests))
	}
	p, err = f.S.BoardRequests(f.Ctx, central.BoardQuery{Category: kiosk.CategoryNetwork, Status: central.BoardOpen})
	f.Must(err)
	if got := ids(p.Requests); !slices.Equal(got, []string{"p2", "p5"}) {
		t.Fatalf("open network requests: %v", got)
	}
	p, err = f.S.BoardRequests(f.Ctx, central.BoardQuery{Status: string(kiosk.RequestRejected)})
	f.Must(err)
	if got := ids(p.Requests); !slices.Equal(got, []string{"p3"}) {
		t.Fatalf("rejected: %v", got)
	}
	// An hour on, the safety requests' 30 minutes have passed.
	p, err = f.S.BoardRequests(f.Ctx, central.BoardQuery{Overdue: true, Now: f.Clock.Now().Add(time.Hour)})
	f.Must(err)
	if got := ids(p.Requests); !slices.Equal(got, []string{"p1", "p4", "p7"}) {
		t.Fatalf("overdue: %v", got)
	}
	if _, err := f.S.BoardRequests(f.Ctx, central.BoardQuery{After: "x'; --"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("bad cursor: %v", err)
	}
	// A dispatched request filters by its unit.
	f.Must(f.S.PutUnit(f.Ctx, kiosk.Unit{ID: "u1", HallID: HallA, Name: kiosk.LocalName{Zh: "后勤维修"}, Active: true}))
	_, err = f.S.HandleRequest(f.Ctx, "p2", kiosk.RequestAction{Kind: kiosk.ActDispatch, UnitID: "u1"})
	f.Must(err)
	p, err = f.S.BoardRequests(f.Ctx, central.BoardQuery{UnitID: "u1"})
	f.Must(err)
	if got := ids(p.Requests); !slices.Equal(got, []string{"p2"}) || p.Requests[0].RespondedAt.IsZero() {
		t.Fatalf("unit u1: %v", p.Requests)
	}
}

// pending is the earliest deadline a board row still waits for.
func pending(r kiosk.Request) time.Time {
	if r.RespondedAt.IsZero() && r.ResponseDueAt.Before(r.DueAt) {
		return r.ResponseDueAt
	}
	return r.DueAt
}

func ids(rs []kiosk.Request) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func testBoardHandle(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	ctx := central.WithActor(f.Ctx, "admin:ada")
	WantStatus(t, f.Push(f.K1, kiosk.KindRequestCreate, "r1", Request("r1", Alice)), wire.StatusApplied, "")
	f.Must(f.S.PutUnit(ctx, kiosk.Unit{ID: "u1", Name: kiosk.LocalName{Zh: "后勤维修"}, Active: true}))
	f.Must(f.S.PutUnit(ctx, kiosk.Unit{ID: "u-off", Name: kiosk.LocalName{Zh: "旧单位"}}))
	if _, err := f.S.HandleRequest(ctx, "r1", kiosk.RequestAction{Kind: kiosk.ActDispatch, UnitID: "u-off"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("an inactive unit: %v", err)
	}
	if _, err := f.S.HandleRequest(ctx, "r1", kiosk.RequestAction{Kind: kiosk.ActDispatch, UnitID: "nope"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("an unknown unit: %v", err)
	}
	f.Clock.Advance(20 * time.Minute)
	due := f.At(1, 12, 0)
	r, err := f.S.HandleRequest(ctx, "r1", kiosk.RequestAction{Kind: kiosk.ActDispatch, UnitID: "u1", Due: due})
	f.Must(err)
	if r.Status != kiosk.RequestDispatched || r.UnitID != "u1" || !r.DueAt.Equal(due) || !r.RespondedAt.Equal(f.Clock.Now()) {
		t.Fatalf("dispatched %+v", r)
	}
	_, err = f.S.HandleRequest(ctx, "r1", kiosk.RequestAction{Kind: kiosk.ActNote, Text: "宿舍长电话已记下"})
	f.Must(err)
	f.Clock.Advance(time.Hour)
	r, err = f.S.HandleRequest(ctx, "r1", kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "灯已更换"})
	f.Must(err)
	if r.Status != kiosk.RequestResolved || !r.ResolvedAt.Equal(f.Clock.Now()) {
		t.Fatalf("resolved %+v", r)
	}
	if _, err := f.S.HandleRequest(ctx, "r1", kiosk.RequestAction{Kind: kiosk.ActReject, Text: "x"}); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("reject a resolved request: %v", err)
	}
	// Not solved, says the student: the resolution clock restarts on
	// the hall's calendar.
	f.Clock.Advance(time.Hour)
	res := f.Push(f.K1, kiosk.KindRequestRate, "r1", kiosk.ActionPayload{ID: "r1", StudentKey: Alice, Outcome: kiosk.OutcomeNotSolved, Rating: 1})
	reopened := Decode[kiosk.Request](t, res.Entity)
	want := kiosk.DefaultRequestPolicy().For(kiosk.CategoryRepair).Resolve.From(kiosk.DefaultWorkCalendar(), kiosk.DefaultLocation(), f.Clock.Now())
	if reopened.Status != kiosk.RequestReopened || !reopened.DueAt.Equal(want) {
		t.Fatalf("reopened %s due %v, want %v", reopened.Status, reopened.DueAt, want)
	}
	f.Clock.Advance(time.Minute)
	if r, err = f.S.HandleRequest(ctx, "r1", kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "换了灯座"}); err != nil || r.Status != kiosk.RequestResolved {
		t.Fatalf("resolve again: %v", err)
	}
	if _, err := f.S.HandleRequest(ctx, "nope", kiosk.RequestAction{Kind: kiosk.ActAccept}); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unknown request: %v", err)
	}
	// The kiosk's feed has the resolved request without the internal note.
	cs, _, _ := PullAll(t, f.S, HallA, central.Cursor{}, 100)
	c, ok := Find(cs, wire.EntityRequest, "r1")
	if !ok || Decode[kiosk.Request](t, c.Data).Status != kiosk.RequestResolved || strings.Contains(string(c.Data), "宿舍长") {
		t.Fatalf("feed: %s", c.Data)
	}
	full, notes, err := f.S.BoardRequest(f.Ctx, "r1")
	f.Must(err)
	if full.Token == "" || len(notes) != 1 || notes[0].Text != "宿舍长电话已记下" || notes[0].By != "admin:ada" {
		t.Fatalf("board request %+v %+v", full, notes)
	}
	// 未诉先办: opened for the hall, in its feed, no student.
	pr, err := f.S.OpenProactiveRequest(ctx, kiosk.Proactive{HallID: HallA, BuildingID: BuildingA, Floor: 3, Category: kiosk.CategoryRepair, Description: "三楼灯具统一排查"})
	f.Must(err)
	if !pr.Proactive || pr.StudentKey != "" || pr.DueAt.IsZero() {
		t.Fatalf("proactive %+v", pr)
	}
	if _, err := f.S.OpenProactiveRequest(ctx, kiosk.Proactive{HallID: HallA, BuildingID: BuildingB, Category: kiosk.CategoryRepair, Description: "x"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("another hall's building: %v", err)
	}
	p, err := f.S.BoardRequests(f.Ctx, central.BoardQuery{HallID: HallA, Status: central.BoardOpen})
	f.Must(err)
	if got := ids(p.Requests); !slices.Equal(got, []string{pr.ID}) || !p.Requests[0].Proactive {
		t.Fatalf("open after all: %v", got)
	}
}
