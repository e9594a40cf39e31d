package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
)

// rtRequest is a closed request of hall A's or B's week as imported.
func rtRequest(id, student string, cat kiosk.RequestCategory, building string, floor int, unit string, sub, respDue, responded, due, resolved time.Time, f *kiosk.FollowUp) kiosk.Request {
	r := storetest.Request(id, student)
	r.Category, r.Presets, r.BuildingID, r.Floor, r.UnitID = cat, []string{kiosk.RequestPresets[cat][0]}, building, floor, unit
	r.SubmittedAt, r.ResponseDueAt, r.RespondedAt, r.DueAt, r.ResolvedAt, r.Status, r.FollowUp = sub, respDue, responded, due, resolved, kiosk.RequestClosed, f
	return r
}

func rtAnswer(at time.Time, o kiosk.Outcome, s kiosk.Satisfaction) *kiosk.FollowUp {
	return &kiosk.FollowUp{At: at, By: kiosk.FollowUpByStudent, Contacted: true, Solved: o, Satisfied: s}
}

// ratesEnv imports a week of followed-up requests: in hall A q1 (repair,
// answered and resolved in time, satisfied, dispatched) and q2 (network,
// late on both clocks, partly solved, basically satisfied); in hall B qb
// (in time, satisfied). Hall A's k is 0.5. The clock is on Friday.
func ratesEnv(t *testing.T) *env {
	e := newEnv(t)
	at := e.At
	e.Must(e.S.PutUnit(e.Ctx, kiosk.Unit{ID: "u-repair", Name: kiosk.LocalName{Zh: "后勤维修", En: "Maintenance"}, Active: true}))
	e.Must(e.S.ImportHistory(e.Ctx, storetest.HallA, central.History{Requests: []kiosk.Request{
		rtRequest("q1", storetest.Alice, kiosk.CategoryRepair, storetest.BuildingA, 3, "u-repair", at(0, 9, 0), at(0, 11, 0), at(0, 10, 0), at(3, 9, 0), at(1, 9, 0),
			rtAnswer(at(1, 12, 0), kiosk.OutcomeSolved, kiosk.Satisfied)),
		rtRequest("q2", storetest.Bob, kiosk.CategoryNetwork, storetest.BuildingA, 5, "", at(0, 10, 0), at(0, 12, 0), at(0, 13, 0), at(1, 10, 0), at(2, 9, 0),
			rtAnswer(at(2, 10, 0), kiosk.OutcomePartly, kiosk.BasicallySatisfied)),
	}}))
	e.Must(e.S.ImportHistory(e.Ctx, storetest.HallB, central.History{Requests: []kiosk.Request{
		rtRequest("qb", storetest.Carol, kiosk.CategoryRepair, storetest.BuildingB, 2, "", at(0, 9, 0), at(0, 11, 0), at(0, 9, 30), at(1, 9, 0), at(0, 15, 0),
			rtAnswer(at(1, 9, 0), kiosk.OutcomeSolved, kiosk.Satisfied)),
	}}))
	e.Must(e.S.SetSettings(e.Ctx, storetest.HallA, map[string]string{kiosk.SettingBasicallyWeight: "0.5"}))
	e.Clock.Advance(4 * 24 * time.Hour)
	return e
}

// rtBrowserSeed gives the browser test last week's requests in hall A:
// two followed up, and r-fu resolved on Friday, awaiting its follow-up.
func rtBrowserSeed(e *env) {
	at := e.At
	fu := rtRequest("r-fu", storetest.Bob, kiosk.CategoryDorm, storetest.BuildingA, 4, "", at(-4, 14, 0), at(-4, 18, 0), at(-4, 15, 0), at(-1, 14, 0), at(-3, 10, 0), nil)
	fu.Status = kiosk.RequestResolved
	e.Must(e.S.ImportHistory(e.Ctx, storetest.HallA, central.History{Requests: []kiosk.Request{
		rtRequest("r-q1", storetest.Alice, kiosk.CategoryRepair, storetest.BuildingA, 3, "", at(-7, 9, 0), at(-7, 11, 0), at(-7, 10, 0), at(-4, 9, 0), at(-6, 9, 0),
			rtAnswer(at(-6, 12, 0), kiosk.OutcomeSolved, kiosk.Satisfied)),
		rtRequest("r-q2", storetest.Bob, kiosk.CategoryNetwork, storetest.BuildingA, 5, "", at(-7, 10, 0), at(-7, 12, 0), at(-7, 13, 0), at(-6, 10, 0), at(-5, 9, 0),
			rtAnswer(at(-5, 10, 0), kiosk.OutcomePartly, kiosk.BasicallySatisfied)),
		fu,
	}}))
}

func TestRatesPage(t *testing.T) {
	e := ratesEnv(t)
	root := e.signIn("root")
	res, body := e.do(root, http.MethodGet, "/admin/rates?lang=en&hall="+storetest.HallA+"&at=2026-03-04", nil, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("rates %d:\n%s", res.StatusCode, body)
	}
	for _, want := range []string{
		"Response rate", "Period: 2026-03-02 – 2026-03-08",
		"<td class=\"rt-fig\">50.0%</td><td class=\"rt-fig\">1 / 2</td>",    // 响应率, 解决率, 按期办结率
		"<td class=\"rt-fig\">75.0%</td><td class=\"rt-fig\">1.50 / 2</td>", // (1 + 0.5 × 1) ÷ 2
		"k = 0.5", "answered within the response deadline", "Maintenance", "Not dispatched", "Repairs",
		"Building ranking, 2026-03", "then by resolution rate", `role="region"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("hall A's week lacks %q", want)
		}
	}
	if strings.Contains(body, "至善楼") {
		t.Errorf("hall A's page shows hall B's building")
	}
	// Campus-wide: hall B's request too, with its own k of 0.9.
	_, body = e.do(root, http.MethodGet, "/admin/rates?lang=en&at=2026-03-04", nil, "")
	for _, want := range []string{"66.7%", "2 / 3", "2.50 / 3", "each hall&#39;s setting", "Hall B · 至善楼"} {
		if !strings.Contains(body, want) {
			t.Errorf("campus-wide lacks %q:\n%s", want, body)
		}
	}
	// The week before has nothing: "—", never 0 %.
	_, body = e.do(root, http.MethodGet, "/admin/rates?lang=en&hall="+storetest.HallA+"&at=2026-02-25", nil, "")
	if !strings.Contains(body, "<td class=\"rt-fig\">—</td><td class=\"rt-fig\">0 / 0</td>") || strings.Contains(body, "0.0%") || !strings.Contains(body, "Nothing to count") {
		t.Errorf("an empty week:\n%s", body)
	}
	// The month, in Chinese; prev and next go by months.
	_, body = e.do(root, http.MethodGet, "/admin/rates?hall="+storetest.HallA+"&span=month&at=2026-03-20", nil, "")
	for _, want := range []string{"统计期间：2026-03", "在响应时限内首次答复", "满意率", "上个月", "at=2026-02-01", "at=2026-04-01", "按满意率从高到低排序"} {
		if !strings.Contains(body, want) {
			t.Errorf("the month in Chinese lacks %q", want)
		}
	}
	// A bad date is shown inline with what was typed; the page still shows this week.
	res, body = e.do(root, http.MethodGet, "/admin/rates?lang=en&at=2026-02-30&span=year", nil, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `value="2026-02-30" aria-invalid="true" aria-describedby="rt-at-err"`) ||
		!strings.Contains(body, "Enter a date") || !strings.Contains(body, `id="rt-span-err"`) || !strings.Contains(body, "Period: 2026-03-02") {
		t.Errorf("bad date %d:\n%s", res.StatusCode, body)
	}
}

func TestRatesScope(t *testing.T) {
	e := ratesEnv(t)
	ada := e.signIn("ada")
	res, body := e.do(ada, http.MethodGet, "/admin/rates?lang=en&at=2026-03-04", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "1 / 2") || strings.Contains(body, "至善楼") || strings.Contains(body, `id="rt-hall"`) {
		t.Fatalf("hall A's admin %d:\n%s", res.StatusCode, body)
	}
	for _, path := range []string{"/admin/rates?hall=" + storetest.HallB, "/admin/rates/export?hall=" + storetest.HallB} {
		if res, _ := e.do(ada, http.MethodGet, path, nil, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s for hall A's admin: %d", path, res.StatusCode)
		}
	}
	// Viewers see the rates, and the link to them.
	res, body = e.do(e.signIn("vic"), http.MethodGet, "/admin/rates?lang=en&at=2026-03-04", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `href="/admin/rates?lang=en" aria-current="page"`) || !strings.Contains(body, "2 / 3") {
		t.Fatalf("viewer %d:\n%s", res.StatusCode, body)
	}
}

func TestRatesExport(t *testing.T) {
	e := ratesEnv(t)
	res, body := e.do(e.signIn("root"), http.MethodGet, "/admin/rates/export?lang=en&hall="+storetest.HallA+"&at=2026-03-04", nil, "")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\ufeffTable,Group,Response rate,Response rate numerator,Response rate denominator,") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export %d %v:\n%s", res.StatusCode, res.Header, body)
	}
	for _, want := range []string{
		"Overall,Period: 2026-03-02 – 2026-03-08,50.0%,1,2,50.0%,1,2,75.0%,1.50,2,50.0%,1,2,\n",
		"By unit,Maintenance,100.0%,1,1,100.0%,1,1,100.0%,1,1,100.0%,1,1,\n",
		"By unit,Not dispatched,0.0%,0,1,0.0%,0,1,50.0%,0.50,1,0.0%,0,1,\n",
		"\"Building ranking, 2026-03\",明德楼,",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("export lacks %q:\n%s", want, body)
		}
	}
}
