package console_test

import (
	"net/http"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
)

// dashEnv adds a morning of hall A to the console's env: two study
// visits at 08:xx, a checked-in booking and a no-show, three repair
// requests on floor 3 (a cluster and a surge), a student whose masked
// name a spreadsheet would run as a formula, and one visit in hall B.
func dashEnv(t *testing.T) *env {
	e := newEnv(t)
	at := e.At
	e.Must(e.S.PutStudents(e.Ctx, []central.Student{{Key: "key-eve", MaskedName: "=1+2", BuildingID: storetest.BuildingA, Floor: 7}}))
	req := func(id string, m int) kiosk.Request {
		r := storetest.Request(id, storetest.Bob)
		r.SubmittedAt = at(0, 8, m)
		return r
	}
	b := func(id string, h int, s kiosk.BookingStatus) kiosk.Booking {
		bk := storetest.Booking(id, storetest.RoomA, storetest.Alice, at(0, h, 0), at(0, h+1, 0))
		bk.Status = s
		return bk
	}
	e.Must(e.S.ImportHistory(e.Ctx, storetest.HallA, central.History{
		Visits: []kiosk.Visit{{ID: "v1", StudentKey: storetest.Alice, Purpose: kiosk.PurposeStudy, At: at(0, 8, 10)},
			{ID: "v2", StudentKey: storetest.Bob, Purpose: kiosk.PurposeStudy, At: at(0, 8, 40)}},
		Bookings: []kiosk.Booking{b("bk1", 8, kiosk.BookingCheckedIn), b("bk2", 10, kiosk.BookingNoShow)},
		Requests: []kiosk.Request{req("d1", 1), req("d2", 2), req("d3", 3)},
	}))
	e.Must(e.S.ImportHistory(e.Ctx, storetest.HallB, central.History{
		Visits: []kiosk.Visit{{ID: "vb", StudentKey: storetest.Carol, Purpose: kiosk.PurposeEvent, At: at(0, 8, 0)}},
	}))
	return e
}

func TestDashboardPage(t *testing.T) {
	e := dashEnv(t)
	root := e.signIn("root")
	res, body := e.do(root, http.MethodGet, "/admin/dashboard?lang=en", nil, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d\n%s", res.StatusCode, body)
	}
	for _, want := range []string{
		"Community dashboard", `role="img"`, "<title id=\"db-visits-hour-t\">Bar chart: Visits by hour of day and purpose",
		"Period: 2026-03-02 – 2026-03-08",
		// 08:00: two study visits; hall B's event visit is not here.
		"<th scope=\"row\">08:00</th><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td>",
		// Room A: 14 h a day × 7; 2 h booked, 1 checked in; 1 no-show of 2.
		"<td>98.0</td><td>2.0</td><td>2.0%</td><td>1.0</td><td>1.0%</td><td>1</td><td>50.0%</td>",
		// The cluster's proactive request, prefilled.
		`/admin/requests/new?building=b-a&amp;category=repair&amp;floor=3&amp;hall=hall-a&amp;lang=en`,
		"=1&#43;2", `href="/admin/dashboard/visits-hour.csv?at=2026-03-02&amp;hall=hall-a&amp;lang=en&amp;span=week"`,
		`rel="prev"`, `at=2026-02-23`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Count(body, "<svg") != strings.Count(body, `role="img"`) {
		t.Errorf("an SVG without role=img")
	}
	_, zh := e.do(root, http.MethodGet, "/admin/dashboard?span=month&at=2026-03-15", nil, "")
	for _, want := range []string{"社区看板", "统计期间：2026-03-01 – 2026-03-31", "上个月", "2026-03 每位学生的学业导师约谈次数"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh month: missing %q", want)
		}
	}
	// Hall B's own figures: its event visit, none of hall A's.
	_, hb := e.do(root, http.MethodGet, "/admin/dashboard?hall=hall-b&lang=en", nil, "")
	if !strings.Contains(hb, "<th scope=\"row\">08:00</th><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>1</td>") {
		t.Errorf("hall B's 08:00 row missing")
	}
}

func TestDashboardScope(t *testing.T) {
	e := dashEnv(t)
	ada := e.signIn("ada")
	for _, p := range []string{"/admin/dashboard?hall=hall-b", "/admin/dashboard/visits-hour.csv?hall=hall-b"} {
		if res, body := e.do(ada, http.MethodGet, p, nil, ""); res.StatusCode != http.StatusForbidden || strings.Contains(body, "<svg") {
			t.Errorf("hall A's admin, %s: %d", p, res.StatusCode)
		}
	}
	if res, body := e.do(ada, http.MethodGet, "/admin/dashboard", nil, ""); res.StatusCode != http.StatusOK || !strings.Contains(body, "/admin/requests/new?") ||
		strings.Contains(body, `id="db-hall"`) {
		t.Errorf("hall A's admin on their own dashboard: %d", res.StatusCode)
	}
	vic := e.signIn("vic")
	res, body := e.do(vic, http.MethodGet, "/admin/dashboard?hall=hall-a&lang=en", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `aria-current="page">Dashboard`) {
		t.Fatalf("viewer: %d", res.StatusCode)
	}
	if strings.Contains(body, "/admin/requests/new?") {
		t.Errorf("a viewer is offered a proactive request")
	}
	if res, _ := e.do(vic, http.MethodGet, "/admin/dashboard?hall=nope", nil, ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown hall: %d", res.StatusCode)
	}
	res, body = e.do(vic, http.MethodGet, "/admin/dashboard?at=2026-13-01&span=year&lang=en", nil, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `class="field-err" id="db-at-err"`) ||
		!strings.Contains(body, `value="2026-13-01"`) || !strings.Contains(body, `id="db-span-err"`) {
		t.Errorf("a bad date: %d\n%s", res.StatusCode, body)
	}
	if res, _ := e.do(vic, http.MethodGet, "/admin/dashboard/nope.csv", nil, ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown table: %d", res.StatusCode)
	}
}

func TestDashboardCSV(t *testing.T) {
	e := dashEnv(t)
	vic := e.signIn("vic")
	res, body := e.do(vic, http.MethodGet, "/admin/dashboard/meetings-behind.csv?hall=hall-a&lang=en", nil, "")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(body, "\ufeffBuilding,Floor,Student,Meetings\n") {
		t.Fatalf("no BOM or header:\n%q", body)
	}
	if !strings.Contains(body, ",7,'=1+2,0\n") || strings.Contains(body, ",=1+2") {
		t.Errorf("formula cell not neutralised:\n%s", body)
	}
	// The hour table: its header and 24 hours, as the page shows them.
	_, hours := e.do(vic, http.MethodGet, "/admin/dashboard/visits-hour.csv?hall=hall-a", nil, "")
	lines := strings.Split(strings.TrimSuffix(hours, "\n"), "\n")
	if len(lines) != 25 || lines[9] != "08:00,2,0,0,0,0,2" || !strings.HasPrefix(lines[0], "\ufeff时段,自习") {
		t.Errorf("visits by hour:\n%s", hours)
	}
	// Same query, other period: last week had nothing.
	_, prev := e.do(vic, http.MethodGet, "/admin/dashboard/visits-hour.csv?hall=hall-a&at=2026-02-25", nil, "")
	if strings.Contains(prev, ",2\n") {
		t.Errorf("last week's visits:\n%s", prev)
	}
}
