package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The follow-up (回访) and the 接诉即办 rates (central.RatesStore).

// testRates: the rates' counts, and the follow-up call with its queue.
func testRates(t *testing.T, fresh Fresh) {
	t.Run("Cells", func(t *testing.T) { t.Parallel(); testRatesCells(t, fresh) })
	t.Run("FollowUpCall", func(t *testing.T) { t.Parallel(); testFollowUpCall(t, fresh) })
	t.Run("RateByToken", func(t *testing.T) { t.Parallel(); testRateByToken(t, fresh) })
}

// rateRequest is a request of the rates' week as it is imported.
func rateRequest(id, student string, cat kiosk.RequestCategory, floor int, unit string, sub, respDue, responded, due, resolved time.Time, st kiosk.RequestStatus, f *kiosk.FollowUp) kiosk.Request {
	r := Request(id, student)
	r.Category, r.Presets, r.Floor, r.UnitID = cat, []string{kiosk.RequestPresets[cat][0]}, floor, unit
	r.SubmittedAt, r.ResponseDueAt, r.RespondedAt, r.DueAt, r.ResolvedAt, r.Status, r.FollowUp = sub, respDue, responded, due, resolved, st, f
	return r
}

func inB(r kiosk.Request) kiosk.Request {
	r.BuildingID = BuildingB
	return r
}

func proactive(r kiosk.Request) kiosk.Request {
	r.Proactive, r.Contact = true, kiosk.ContactKiosk
	return r
}

func followUp(at time.Time, o kiosk.Outcome, s kiosk.Satisfaction) *kiosk.FollowUp {
	return &kiosk.FollowUp{At: at, By: kiosk.FollowUpByStudent, Contacted: true, Solved: o, Satisfied: s}
}

func testRatesCells(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	var none time.Time
	at := f.At
	rep, net := kiosk.CategoryRepair, kiosk.CategoryNetwork
	f.Must(f.S.ImportHistory(f.Ctx, HallA, central.History{Requests: []kiosk.Request{
		// Answered and resolved in time, satisfied.
		rateRequest("q1", Alice, rep, 3, "u1", at(0, 9, 0), at(0, 11, 0), at(0, 10, 0), at(3, 9, 0), at(1, 9, 0), kiosk.RequestClosed,
			followUp(at(2, 10, 0), kiosk.OutcomeSolved, kiosk.Satisfied)),
		// Answered late, resolved late, partly solved, basically satisfied.
		rateRequest("q2", Bob, rep, 3, "u1", at(0, 10, 0), at(0, 12, 0), at(0, 13, 0), at(1, 10, 0), at(2, 9, 0), kiosk.RequestClosed,
			followUp(at(1, 15, 0), kiosk.OutcomePartly, kiosk.BasicallySatisfied)),
		// Never answered, its response deadline passed: late; not due yet.
		rateRequest("q3", Alice, net, 5, "", at(1, 9, 0), at(1, 10, 0), none, at(4, 9, 0), none, kiosk.RequestSubmitted, nil),
		// Still inside its response time: not counted yet.
		rateRequest("q4", Bob, net, 5, "", at(2, 11, 0), at(2, 13, 0), none, at(7, 11, 0), none, kiosk.RequestSubmitted, nil),
		// Rejected: answered in time, never due.
		rateRequest("q5", Alice, net, 2, "", at(0, 9, 30), at(0, 11, 0), at(0, 9, 40), at(1, 9, 0), none, kiosk.RequestRejected, nil),
		// Of last week, followed up this week (not solved, reopened) and
		// due this week, past its deadline unresolved.
		rateRequest("q6", Bob, rep, 4, "u2", at(-3, 9, 0), at(-3, 11, 0), at(-3, 9, 30), at(0, 12, 0), at(-2, 9, 0), kiosk.RequestReopened,
			followUp(at(0, 11, 0), kiosk.OutcomeNotSolved, kiosk.NotSatisfied)),
		// A call that did not reach the student counts nowhere; resolved
		// in time.
		rateRequest("q8", Alice, net, 2, "", at(0, 11, 0), at(0, 13, 0), at(0, 11, 30), at(2, 9, 0), at(1, 9, 0), kiosk.RequestResolved,
			&kiosk.FollowUp{At: at(2, 10, 0), By: "admin:ada"}),
		// Opened by the hall (未诉先办), its own answer: no response to
		// count; resolved in time.
		proactive(rateRequest("q9", "", net, 2, "", at(0, 11, 0), at(0, 13, 0), at(0, 11, 0), at(2, 9, 0), at(1, 9, 0), kiosk.RequestClosed, nil)),
	}}))
	f.Must(f.S.ImportHistory(f.Ctx, HallB, central.History{Requests: []kiosk.Request{
		inB(rateRequest("q7", Carol, rep, 1, "", at(0, 9, 0), at(0, 11, 0), at(0, 10, 0), at(1, 9, 0), at(0, 15, 0), kiosk.RequestClosed,
			followUp(at(1, 9, 0), kiosk.OutcomeSolved, kiosk.Satisfied))),
	}}))
	week := central.RatesQuery{HallIDs: []string{HallA}, From: at(0, 0, 0), To: at(7, 0, 0), Now: at(2, 12, 0)}
	cells, err := f.S.RateCells(f.Ctx, week)
	f.Must(err)
	got := sum(cells)
	want := central.RateCounts{Requests: 5, RespondedInTime: 3, FollowedUp: 3, Solved: 1, Partly: 1, Satisfied: 1, Basically: 1, Due: 5, ResolvedInTime: 3}
	if got != want {
		t.Fatalf("hall A's week:\n%+v\nwant\n%+v", got, want)
	}
	// q1 and q2 share a cell; grouping is by hall, category, building,
	// floor and unit.
	i := slices.IndexFunc(cells, func(c central.RateCell) bool { return c.UnitID == "u1" })
	if i < 0 || cells[i].HallID != HallA || cells[i].Category != rep || cells[i].BuildingID != BuildingA || cells[i].Floor != 3 ||
		cells[i].RateCounts != (central.RateCounts{Requests: 2, RespondedInTime: 1, FollowedUp: 2, Solved: 1, Partly: 1, Satisfied: 1, Basically: 1, Due: 2, ResolvedInTime: 1}) {
		t.Fatalf("q1 and q2's cell: %+v", cells)
	}
	if len(cells) != 4 { // u1; u2 (floor 4); network floor 5; network floor 2
		t.Fatalf("%d cells: %+v", len(cells), cells)
	}
	// Campus-wide has hall B's request; no hall listed has nothing.
	week.HallIDs = nil
	cells, err = f.S.RateCells(f.Ctx, week)
	f.Must(err)
	all := sum(cells)
	if all.Requests != 6 || all.FollowedUp != 4 || all.Due != 6 {
		t.Fatalf("campus-wide %+v", all)
	}
	// A ranking's cells: by hall and building alone.
	week.Group = central.RateGroupBuildings
	cells, err = f.S.RateCells(f.Ctx, week)
	f.Must(err)
	if len(cells) != 2 || sum(cells).Requests != 6 {
		t.Fatalf("buildings only %+v", cells)
	}
	for _, c := range cells {
		if c.Category != "" || c.Floor != 0 || c.UnitID != "" || (c.HallID == HallA) != (c.BuildingID == BuildingA) {
			t.Fatalf("a building's cell %+v", c)
		}
	}
	// Coarser cells: by category, by place; the counts are the same.
	week.Group = central.RateGroupCategories
	cells, err = f.S.RateCells(f.Ctx, week)
	f.Must(err)
	if len(cells) != 3 || sum(cells) != all { // hall A's repair and network, hall B's repair
		t.Fatalf("by category %+v", cells)
	}
	for _, c := range cells {
		if c.Category == "" || c.BuildingID != "" || c.Floor != 0 || c.UnitID != "" {
			t.Fatalf("a category's cell %+v", c)
		}
	}
	week.Group = central.RateGroupPlaces
	cells, err = f.S.RateCells(f.Ctx, week)
	f.Must(err)
	if len(cells) != 5 || sum(cells) != all { // b-a floors 3 (u1), 4 (u2), 5, 2; b-b floor 1
		t.Fatalf("by place %+v", cells)
	}
	for _, c := range cells {
		if c.Category != "" || c.BuildingID == "" || c.Floor == 0 {
			t.Fatalf("a place's cell %+v", c)
		}
	}
	week.Group = "by mood"
	if _, err := f.S.RateCells(f.Ctx, week); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("an unknown grouping: %v", err)
	}
	week.Group = ""
	week.HallIDs = []string{}
	if cells, err := f.S.RateCells(f.Ctx, week); err != nil || len(cells) != 0 {
		t.Fatalf("no halls: %v %+v", err, cells)
	}
	// Later, q3's and q4's deadlines have passed too.
	week.HallIDs, week.Now = []string{HallA}, at(6, 12, 0)
	cells, err = f.S.RateCells(f.Ctx, week)
	f.Must(err)
	if got := sum(cells); got.Requests != 6 || got.RespondedInTime != 3 || got.Due != 6 || got.ResolvedInTime != 3 {
		t.Fatalf("at the week's end %+v", got)
	}

	// A student's own rating pushed by a kiosk is the follow-up; weeks
	// later, so nothing imported shares its minute.
	ctx := central.WithActor(f.Ctx, "admin:ada")
	f.Clock.Advance(30 * 24 * time.Hour)
	WantStatus(t, f.Push(f.K1, kiosk.KindRequestCreate, "r1", Request("r1", Alice)), wire.StatusApplied, "")
	f.Clock.Advance(time.Hour)
	_, err = f.S.HandleRequest(ctx, "r1", kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "灯已更换"})
	f.Must(err)
	f.Clock.Advance(time.Hour)
	res := f.Push(f.K1, kiosk.KindRequestRate, "r1", kiosk.ActionPayload{ID: "r1", StudentKey: Alice, Outcome: kiosk.OutcomeSolved, Rating: 3})
	if fu := Decode[kiosk.Request](t, res.Entity).FollowUp; fu == nil || fu.By != kiosk.FollowUpByStudent || fu.Satisfied != kiosk.BasicallySatisfied || !fu.At.Equal(f.Clock.Now()) {
		t.Fatalf("rated: %+v", fu)
	}
	cells, err = f.S.RateCells(f.Ctx, central.RatesQuery{HallIDs: []string{HallA}, From: f.Clock.Now().Add(-time.Minute), To: f.Clock.Now().Add(time.Minute), Now: f.Clock.Now()})
	f.Must(err)
	if got := sum(cells); got != (central.RateCounts{FollowedUp: 1, Solved: 1, Basically: 1}) {
		t.Fatalf("the rating's minute %+v", got)
	}
}

func sum(cells []central.RateCell) central.RateCounts {
	var c central.RateCounts
	for _, cell := range cells {
		c.Add(cell.RateCounts)
	}
	return c
}

func testFollowUpCall(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	ctx := central.WithActor(f.Ctx, "admin:ada")
	for _, id := range []string{"r1", "r2", "r3"} {
		WantStatus(t, f.Push(f.K1, kiosk.KindRequestCreate, id, Request(id, Alice)), wire.StatusApplied, "")
	}
	rb := Request("rb", Carol)
	rb.BuildingID = BuildingB
	WantStatus(t, f.Push(f.KB, kiosk.KindRequestCreate, "rb", rb), wire.StatusApplied, "")
	for _, id := range []string{"rb", "r1", "r2", "r3"} {
		f.Clock.Advance(time.Hour)
		_, err := f.S.HandleRequest(ctx, id, kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "已处理"})
		f.Must(err)
	}
	queue := func(q central.FollowUpQuery) ([]string, string) {
		t.Helper()
		p, err := f.S.FollowUpQueue(f.Ctx, q)
		f.Must(err)
		return ids(p.Requests), p.Next
	}
	if got, _ := queue(central.FollowUpQuery{}); !slices.Equal(got, []string{"rb", "r1", "r2", "r3"}) {
		t.Fatalf("campus queue %v", got)
	}
	got, next := queue(central.FollowUpQuery{HallID: HallA, Limit: 2})
	if !slices.Equal(got, []string{"r1", "r2"}) || next == "" {
		t.Fatalf("hall A's first page %v %q", got, next)
	}
	if got, next := queue(central.FollowUpQuery{HallID: HallA, Limit: 2, After: next}); !slices.Equal(got, []string{"r3"}) || next != "" {
		t.Fatalf("hall A's second page %v %q", got, next)
	}
	if _, err := f.S.FollowUpQueue(f.Ctx, central.FollowUpQuery{After: "garbage"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("a bad cursor: %v", err)
	}

	// Not reached: recorded, still waiting, counts nowhere.
	f.Clock.Advance(time.Hour)
	r, err := f.S.RecordFollowUp(ctx, "r1", kiosk.FollowUp{})
	f.Must(err)
	if r.Status != kiosk.RequestResolved || r.FollowUp == nil || r.FollowUp.Contacted || r.FollowUp.By != "admin:ada" {
		t.Fatalf("unanswered call %+v %+v", r, r.FollowUp)
	}
	if got, _ := queue(central.FollowUpQuery{HallID: HallA}); !slices.Equal(got, []string{"r1", "r2", "r3"}) {
		t.Fatalf("after an unanswered call %v", got)
	}
	if _, err := f.S.RecordFollowUp(ctx, "r1", kiosk.FollowUp{Contacted: true, Satisfied: kiosk.Satisfied}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("reached without a solved answer: %v", err)
	}
	// Reached: solved closes, not solved reopens with a fresh clock.
	f.Clock.Advance(time.Minute)
	r, err = f.S.RecordFollowUp(ctx, "r1", kiosk.FollowUp{Contacted: true, Solved: kiosk.OutcomeSolved, Satisfied: kiosk.BasicallySatisfied})
	f.Must(err)
	if r.Status != kiosk.RequestClosed || !r.FollowUp.At.Equal(f.Clock.Now()) {
		t.Fatalf("solved call %+v", r)
	}
	r, err = f.S.RecordFollowUp(ctx, "r2", kiosk.FollowUp{Contacted: true, Solved: kiosk.OutcomeNotSolved, Satisfied: kiosk.NotSatisfied})
	f.Must(err)
	want := kiosk.DefaultRequestPolicy().For(kiosk.CategoryRepair).Resolve.From(kiosk.DefaultWorkCalendar(), kiosk.DefaultLocation(), f.Clock.Now())
	if r.Status != kiosk.RequestReopened || !r.DueAt.Equal(want) {
		t.Fatalf("not solved %s due %v, want %v", r.Status, r.DueAt, want)
	}
	if _, err := f.S.RecordFollowUp(ctx, "r2", kiosk.FollowUp{}); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("a call on a reopened request: %v", err)
	}
	if _, err := f.S.RecordFollowUp(ctx, "nope", kiosk.FollowUp{}); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unknown request: %v", err)
	}
	if got, _ := queue(central.FollowUpQuery{HallID: HallA}); !slices.Equal(got, []string{"r3"}) {
		t.Fatalf("after the calls %v", got)
	}
	cells, err := f.S.RateCells(f.Ctx, central.RatesQuery{HallIDs: []string{HallA}, From: Start, To: f.Clock.Now().Add(time.Second), Now: f.Clock.Now()})
	f.Must(err)
	if got := sum(cells); got.FollowedUp != 2 || got.Solved != 1 || got.Basically != 1 || got.Satisfied != 0 {
		t.Fatalf("calls in the rates %+v", got)
	}
	// The kiosks get the call through the feed; the audit log has it.
	cs, _, _ := PullAll(t, f.S, HallA, central.Cursor{}, 100)
	c, ok := Find(cs, wire.EntityRequest, "r1")
	if fu := Decode[kiosk.Request](t, c.Data).FollowUp; !ok || fu == nil || fu.By != "admin:ada" || fu.Solved != kiosk.OutcomeSolved {
		t.Fatalf("feed: %s", c.Data)
	}
	var log []string
	f.Must(f.S.AuditLog(f.Ctx, central.AuditFilter{}, func(e central.AuditEntry) error {
		if e.Entity == wire.EntityRequest && e.EntityID == "r1" && strings.Contains(string(e.After), `"follow_up"`) {
			log = append(log, e.Actor)
		}
		return nil
	}))
	if len(log) != 2 || log[0] != "admin:ada" {
		t.Fatalf("audit of r1's calls: %v", log)
	}
}

// testRateByToken: the student's verdict on the status page is the
// follow-up, reaches the kiosks and may reopen the request.
func testRateByToken(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	ctx := central.WithActor(f.Ctx, "admin:ada")
	for _, id := range []string{"r1", "r2"} {
		WantStatus(t, f.Push(f.K1, kiosk.KindRequestCreate, id, Request(id, Alice)), wire.StatusApplied, "")
	}
	r1, r2 := Request("r1", Alice), Request("r2", Alice)
	if _, err := f.S.RateByToken(f.Ctx, r1.Token, kiosk.OutcomeSolved, 5); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("rating an open request: %v", err)
	}
	for _, id := range []string{"r1", "r2"} {
		_, err := f.S.HandleRequest(ctx, id, kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "已处理"})
		f.Must(err)
	}
	f.Clock.Advance(time.Hour)
	if _, err := f.S.RateByToken(f.Ctx, r1.Token, kiosk.OutcomeSolved, 6); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("six stars: %v", err)
	}
	r, err := f.S.RateByToken(f.Ctx, r1.Token, kiosk.OutcomeSolved, 4)
	f.Must(err)
	if r.Status != kiosk.RequestClosed || r.FollowUp == nil || r.FollowUp.Satisfied != kiosk.Satisfied || !r.FollowUp.At.Equal(f.Clock.Now()) {
		t.Fatalf("rated %+v %+v", r, r.FollowUp)
	}
	f.Clock.Advance(time.Minute)
	if again, err := f.S.RateByToken(f.Ctx, r1.Token, kiosk.OutcomeSolved, 4); err != nil || !again.FollowUp.At.Equal(r.FollowUp.At) {
		t.Fatalf("the same verdict again: %v %+v", err, again.FollowUp)
	}
	r, err = f.S.RateByToken(f.Ctx, r2.Token, kiosk.OutcomeNotSolved, 1)
	f.Must(err)
	want := kiosk.DefaultRequestPolicy().For(kiosk.CategoryRepair).Resolve.From(kiosk.DefaultWorkCalendar(), kiosk.DefaultLocation(), f.Clock.Now())
	if r.Status != kiosk.RequestReopened || !r.DueAt.Equal(want) || r.FollowUp.Satisfied != kiosk.NotSatisfied {
		t.Fatalf("not solved %s due %v, want %v", r.Status, r.DueAt, want)
	}
	if _, err := f.S.RateByToken(f.Ctx, code("nope", 32), kiosk.OutcomeSolved, 5); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("unknown token: %v", err)
	}
	cs, _, _ := PullAll(t, f.S, HallA, central.Cursor{}, 100)
	c, ok := Find(cs, wire.EntityRequest, "r1")
	if fu := Decode[kiosk.Request](t, c.Data).FollowUp; !ok || fu == nil || fu.By != kiosk.FollowUpByStudent {
		t.Fatalf("feed: %s", c.Data)
	}
	cells, err := f.S.RateCells(f.Ctx, central.RatesQuery{HallIDs: []string{HallA}, From: Start, To: f.Clock.Now().Add(time.Second), Now: f.Clock.Now()})
	f.Must(err)
	if got := sum(cells); got.FollowedUp != 2 || got.Solved != 1 || got.Satisfied != 1 {
		t.Fatalf("ratings in the rates %+v", got)
	}
}
