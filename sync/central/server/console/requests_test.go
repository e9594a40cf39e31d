package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// boardEnv adds requests and units to the console's env: r1 (repair,
// floor 3) and r2 (network, floor 5) in hall A, rb in hall B.
func boardEnv(t *testing.T) *env {
	e := newEnv(t)
	for _, p := range []struct {
		id, student string
		k           central.Kiosk
		cat         kiosk.RequestCategory
		preset      string
		floor       int
	}{
		{"r1", storetest.Alice, e.K1, kiosk.CategoryRepair, "repair.light", 3},
		{"r2", storetest.Bob, e.K1, kiosk.CategoryNetwork, "network.slow", 5},
		{"rb", storetest.Carol, e.KB, kiosk.CategoryRepair, "repair.light", 2},
	} {
		r := storetest.Request(p.id, p.student)
		r.Category, r.Presets, r.Floor = p.cat, []string{p.preset}, p.floor
		if p.k.HallID == storetest.HallB {
			r.BuildingID = storetest.BuildingB
		}
		storetest.WantStatus(t, e.Push(p.k, kiosk.KindRequestCreate, p.id, r), wire.StatusApplied, "")
	}
	e.Must(e.S.PutUnit(e.Ctx, kiosk.Unit{ID: "u-repair", Name: kiosk.LocalName{Zh: "后勤维修", En: "Maintenance"}, Active: true}))
	e.Must(e.S.PutUnit(e.Ctx, kiosk.Unit{ID: "u-b", HallID: storetest.HallB, Name: kiosk.LocalName{Zh: "乙宿管", En: "Hall B wardens"}, Active: true}))
	return e
}

func TestBoardFilters(t *testing.T) {
	e := boardEnv(t)
	c := e.signIn("root")
	res, body := e.do(c, http.MethodGet, "/admin/requests?lang=en", nil, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("board %d:\n%s", res.StatusCode, body)
	}
	for _, want := range []string{"/admin/requests/r1?", "/admin/requests/r2?", "/admin/requests/rb?", "Repairs", "Hall B"} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	// The network request (2 working hours to answer, like repair) is
	// filtered by category and floor; the choices stay in the form.
	_, body = e.do(c, http.MethodGet, "/admin/requests?lang=en&category=network&hall="+storetest.HallA+"&floor=5", nil, "")
	if !strings.Contains(body, "/admin/requests/r2?") || strings.Contains(body, "/admin/requests/r1?") || strings.Contains(body, "/admin/requests/rb?") {
		t.Fatalf("category filter:\n%s", body)
	}
	if !strings.Contains(body, `value="network" selected`) || !strings.Contains(body, `name="floor" inputmode="numeric" value="5"`) {
		t.Errorf("filter values not kept")
	}
	// A bad floor is shown inline, typed value kept, the rest still filters.
	_, body = e.do(c, http.MethodGet, "/admin/requests?lang=en&floor=third", nil, "")
	if !strings.Contains(body, `value="third" aria-invalid="true" aria-describedby="rq-f-floor-err"`) || !strings.Contains(body, "whole number") {
		t.Errorf("bad floor:\n%s", body)
	}
	// Nothing is overdue yet; after three hours the 2-hour answers are.
	_, body = e.do(c, http.MethodGet, "/admin/requests?lang=en&overdue=1", nil, "")
	if strings.Contains(body, "/admin/requests/r1?") {
		t.Fatalf("overdue too early")
	}
	e.Clock.Advance(3 * time.Hour)
	_, body = e.do(c, http.MethodGet, "/admin/requests/escalation?lang=en", nil, "")
	if !strings.Contains(body, "/admin/requests/r1?") || !strings.Contains(body, `class="rq-late"`) {
		t.Fatalf("escalation:\n%s", body)
	}
	_, body = e.do(c, http.MethodGet, "/admin/requests?lang=en&unit=u-repair", nil, "")
	if strings.Contains(body, "/admin/requests/r1?") {
		t.Fatalf("unit filter before any dispatch")
	}
	// Paging: one request per page of 50 is not testable cheaply, so a
	// hand-made cursor past everything gives an empty last page.
	_, body = e.do(c, http.MethodGet, "/admin/requests?lang=en&after=1.9223372036854775807.zzz", nil, "")
	if strings.Contains(body, "/admin/requests/r1?") || !strings.Contains(body, "No requests match.") || !strings.Contains(body, "First page") {
		t.Fatalf("past the last page:\n%s", body)
	}
}

func TestBoardScope(t *testing.T) {
	e := boardEnv(t)
	ada := e.signIn("ada")
	_, body := e.do(ada, http.MethodGet, "/admin/requests", nil, "")
	if !strings.Contains(body, "/admin/requests/r1?") || strings.Contains(body, "/admin/requests/rb?") {
		t.Fatalf("hall A's board:\n%s", body)
	}
	if res, _ := e.do(ada, http.MethodGet, "/admin/requests?hall="+storetest.HallB, nil, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("hall B's board for hall A's admin: %d", res.StatusCode)
	}
	res, body := e.do(ada, http.MethodGet, "/admin/requests/rb", nil, "")
	if res.StatusCode != http.StatusForbidden || strings.Contains(body, "R0302") {
		t.Fatalf("hall B's request: %d", res.StatusCode)
	}
	res, _ = e.do(ada, http.MethodPost, "/admin/requests/rb/act", url.Values{"action": {"accept"}}, "")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("acting on hall B's request: %d", res.StatusCode)
	}
	if got, _, _ := e.S.BoardRequest(e.Ctx, "rb"); got.Status != kiosk.RequestSubmitted {
		t.Fatalf("hall B's request changed: %s", got.Status)
	}
	vic := e.signIn("vic")
	for _, p := range []string{"/admin/requests", "/admin/requests/r1", "/admin/requests/escalation", "/admin/requests/new"} {
		if res, _ := e.do(vic, http.MethodGet, p, nil, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("viewer %s: %d", p, res.StatusCode)
		}
	}
	if res, _ := e.do(ada, http.MethodPost, "/admin/requests/r1/act", url.Values{"action": {"accept"}}, "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin action: %d", res.StatusCode)
	}
	if res, _ := e.do(ada, http.MethodGet, "/admin/requests/nope", nil, ""); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown request: %d", res.StatusCode)
	}
}

// Dispatch and resolve over HTTP: the hall's feed carries the resolved
// request to kiosks, and the student's /r page shows it.
func TestBoardDispatchResolve(t *testing.T) {
	e := boardEnv(t)
	c := e.signIn("ada")
	e.Clock.Advance(10 * time.Minute)
	// Hall B's unit is not for hall A's request; an empty resolution
	// note is refused; what was typed stays.
	res, body := e.do(c, http.MethodPost, "/admin/requests/r1/act?lang=en", url.Values{"action": {"dispatch"}, "unit": {"u-b"}, "text": {"请尽快"}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `aria-describedby="rq-dispatch-unit-err"`) || !strings.Contains(body, ">请尽快</textarea>") {
		t.Fatalf("wrong unit: %d\n%s", res.StatusCode, body)
	}
	res, body = e.do(c, http.MethodPost, "/admin/requests/r1/act?lang=en", url.Values{"action": {"dispatch"}, "unit": {"u-repair"}, "due": {"tomorrow"}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `value="tomorrow" aria-invalid="true"`) {
		t.Fatalf("bad due: %d\n%s", res.StatusCode, body)
	}
	res, _ = e.do(c, http.MethodPost, "/admin/requests/r1/act?lang=en", url.Values{"action": {"dispatch"}, "unit": {"u-repair"}, "due": {"2026-03-03T12:00"}}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dispatch: %d", res.StatusCode)
	}
	res, body = e.do(c, http.MethodPost, "/admin/requests/r1/act?lang=en", url.Values{"action": {"note"}, "visibility": {"internal"}, "text": {"宿舍长电话 1380000"}}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("internal note: %d %s", res.StatusCode, body)
	}
	res, body = e.do(c, http.MethodPost, "/admin/requests/r1/act?lang=en", url.Values{"action": {"resolve"}, "text": {"  "}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `aria-describedby="rq-resolve-text-err"`) {
		t.Fatalf("empty resolution: %d\n%s", res.StatusCode, body)
	}
	res, _ = e.do(c, http.MethodPost, "/admin/requests/r1/act?lang=en", url.Values{"action": {"resolve"}, "text": {"灯已更换"}}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: %d", res.StatusCode)
	}
	// Rejecting it now comes from the wrong status: a 409 with the reason kept.
	res, body = e.do(c, http.MethodPost, "/admin/requests/r1/act?lang=en", url.Values{"action": {"reject"}, "text": {"重复"}}, "")
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "status does not allow") {
		t.Fatalf("reject a resolved one: %d", res.StatusCode)
	}
	_, body = e.do(c, http.MethodGet, "/admin/requests/r1?lang=en", nil, "")
	for _, want := range []string{"灯已更换", "宿舍长电话", "Internal note", "Maintenance", "Light not working"} {
		if !strings.Contains(body, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	cs, _, _ := storetest.PullAll(t, e.S, storetest.HallA, central.Cursor{}, 100)
	ch, ok := storetest.Find(cs, wire.EntityRequest, "r1")
	got := storetest.Decode[kiosk.Request](t, ch.Data)
	if !ok || got.Status != kiosk.RequestResolved || got.UnitID != "u-repair" || got.ResolvedAt.IsZero() || got.RespondedAt.IsZero() {
		t.Fatalf("feed: %s", ch.Data)
	}
	if strings.Contains(string(ch.Data), "宿舍长") {
		t.Fatal("an internal note reached the kiosks")
	}
	res, body = e.do(e.browser(), http.MethodGet, "/r/"+got.Token+"?lang=en", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "灯已更换") || !strings.Contains(body, "Maintenance") || strings.Contains(body, "宿舍长") {
		t.Fatalf("/r page %d:\n%s", res.StatusCode, body)
	}
}
