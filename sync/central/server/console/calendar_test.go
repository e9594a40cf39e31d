package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// The hall's calendar editor: hours, holidays, 调休, clocks; a pushed
// request then gets its deadlines from them.
func TestCalendarEditor(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	res, body := e.do(c, http.MethodGet, "/admin/calendar?lang=en", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="08:30-12:00, 14:00-17:30"`) {
		t.Fatalf("calendar %d:\n%s", res.StatusCode, body)
	}
	if res, _ := e.do(c, http.MethodGet, "/admin/calendar?hall="+storetest.HallB, nil, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("hall B's calendar for hall A's admin: %d", res.StatusCode)
	}
	if res, _ := e.do(e.signIn("vic"), http.MethodGet, "/admin/calendar", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer: %d", res.StatusCode)
	}
	form := url.Values{"hall": {storetest.HallA}, "action": {"save"}}
	for _, d := range []string{"0", "1", "2", "3", "4", "5", "6"} {
		form.Set("hours_"+d, "")
	}
	for _, d := range []string{"1", "2", "3", "4", "5"} {
		form.Set("hours_"+d, "09:00-12:00, 13:00-17:00")
	}
	for _, cat := range kiosk.RequestCategories {
		form.Set("respond_"+string(cat), "2")
		form.Set("respond_"+string(cat)+"_clock", "working")
		form.Set("resolve_"+string(cat), "14")
		form.Set("resolve_"+string(cat)+"_clock", "working")
	}
	form.Set("hours_3", "17:00-09:00")
	form.Set("respond_safety", "half an hour")
	res, body = e.do(c, http.MethodPost, "/admin/calendar?lang=en", form, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `value="17:00-09:00" aria-invalid="true"`) ||
		!strings.Contains(body, `value="half an hour" aria-invalid="true"`) || !strings.Contains(body, `value="09:00-12:00, 13:00-17:00"`) {
		t.Fatalf("bad hours: %d\n%s", res.StatusCode, body)
	}
	form.Set("hours_3", "09:00-12:00, 13:00-17:00")
	form.Set("respond_safety", "0.5")
	form.Set("respond_safety_clock", "real")
	if res, body := e.do(c, http.MethodPost, "/admin/calendar?lang=en", form, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	// Tuesday 3 March is a holiday; Saturday 7 March a 调休 Tuesday.
	res, body = e.do(c, http.MethodPost, "/admin/calendar?lang=en", url.Values{"hall": {storetest.HallA}, "action": {"holiday"}, "date": {"2026-03-33"}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `value="2026-03-33" aria-invalid="true"`) {
		t.Fatalf("bad date: %d\n%s", res.StatusCode, body)
	}
	for _, f := range []url.Values{
		{"hall": {storetest.HallA}, "action": {"holiday"}, "date": {"2026-03-03"}},
		{"hall": {storetest.HallA}, "action": {"makeup"}, "date": {"2026-03-07"}, "follows": {"2"}},
		{"hall": {storetest.HallA}, "action": {"holiday"}, "date": {"2026-05-01"}},
		{"hall": {storetest.HallA}, "action": {"remove"}, "date": {"2026-05-01"}},
	} {
		if res, body := e.do(c, http.MethodPost, "/admin/calendar?lang=en", f, ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%v: %d\n%s", f, res.StatusCode, body)
		}
	}
	res, body = e.do(c, http.MethodPost, "/admin/calendar?lang=en", url.Values{"hall": {storetest.HallA}, "action": {"makeup"}, "date": {"2026-03-03"}, "follows": {"1"}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "cannot be both") {
		t.Fatalf("a holiday as make-up day: %d\n%s", res.StatusCode, body)
	}
	_, body = e.do(c, http.MethodGet, "/admin/calendar?lang=en", nil, "")
	if !strings.Contains(body, "2026-03-03") || !strings.Contains(body, "2026-03-07") || strings.Contains(body, "2026-05-01") {
		t.Fatalf("special days:\n%s", body)
	}
	// Monday 09:00 + 14 working hours of 7 a day, Tuesday off: Wednesday 17:00.
	res2 := e.Push(e.K1, kiosk.KindRequestCreate, "r1", storetest.Request("r1", storetest.Alice))
	storetest.WantStatus(t, res2, wire.StatusApplied, "")
	r := storetest.Decode[kiosk.Request](t, res2.Entity)
	if !r.DueAt.Equal(e.At(2, 17, 0)) || !r.ResponseDueAt.Equal(e.At(0, 11, 0)) {
		t.Fatalf("deadlines %v %v", r.ResponseDueAt, r.DueAt)
	}
	s := storetest.Request("r2", storetest.Bob)
	s.Category, s.Presets = kiosk.CategorySafety, []string{"safety.other"}
	r = storetest.Decode[kiosk.Request](t, e.Push(e.K1, kiosk.KindRequestCreate, "r2", s).Entity)
	if !r.ResponseDueAt.Equal(e.At(0, 9, 30)) {
		t.Fatalf("safety answer by %v", r.ResponseDueAt)
	}
}

func TestUnitsPage(t *testing.T) {
	e := newEnv(t)
	root := e.signIn("root")
	long := strings.Repeat("网", 61)
	res, body := e.do(root, http.MethodPost, "/admin/units?lang=en", url.Values{"hall": {""}, "name_zh": {long}, "name_en": {"Network Centre"}, "active": {"1"}}, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `value="`+long+`"`) || !strings.Contains(body, `value="Network Centre"`) || !strings.Contains(body, `aria-describedby="rq-unit-new-zh-err"`) {
		t.Fatalf("nameless unit: %d\n%s", res.StatusCode, body)
	}
	if res, _ := e.do(root, http.MethodPost, "/admin/units?lang=en", url.Values{"hall": {""}, "name_zh": {"网络中心"}, "name_en": {"Network Centre"}, "active": {"1"}}, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	ada := e.signIn("ada")
	if res, _ := e.do(ada, http.MethodPost, "/admin/units?lang=en", url.Values{"hall": {""}, "name_zh": {"保卫处"}, "active": {"1"}}, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a hall admin adding a campus-wide unit: %d", res.StatusCode)
	}
	if res, _ := e.do(ada, http.MethodPost, "/admin/units?lang=en", url.Values{"hall": {storetest.HallB}, "name_zh": {"乙宿管"}, "active": {"1"}}, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("hall A's admin adding to hall B: %d", res.StatusCode)
	}
	if res, _ := e.do(ada, http.MethodPost, "/admin/units?lang=en", url.Values{"hall": {storetest.HallA}, "name_zh": {"宿管"}, "active": {"1"}}, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hall admin's own unit: %d", res.StatusCode)
	}
	us, err := e.S.Units(e.Ctx)
	e.Must(err)
	if len(us) != 2 {
		t.Fatalf("units %+v", us)
	}
	var dorm, net kiosk.Unit
	for _, u := range us {
		if u.HallID == storetest.HallA {
			dorm = u
		} else {
			net = u
		}
	}
	// Deactivate: the checkbox left out.
	if res, _ := e.do(ada, http.MethodPost, "/admin/units?lang=en", url.Values{"id": {dorm.ID}, "name_zh": {"宿管中心"}}, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if res, _ := e.do(ada, http.MethodPost, "/admin/units?lang=en", url.Values{"id": {net.ID}, "name_zh": {"x"}}, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a hall admin editing a campus-wide unit: %d", res.StatusCode)
	}
	if u, _ := e.S.Unit(e.Ctx, dorm.ID); u.Active || u.Name.Zh != "宿管中心" || u.HallID != storetest.HallA {
		t.Fatalf("edited %+v", u)
	}
	_, body = e.do(ada, http.MethodGet, "/admin/units?lang=en", nil, "")
	if !strings.Contains(body, `value="宿管中心"`) || !strings.Contains(body, "网络中心") || strings.Contains(body, `id="rq-unit-`+net.ID+`-zh"`) {
		t.Fatalf("units page:\n%s", body)
	}
}

// The proactive form takes the dashboard's prefill and opens a request.
func TestProactiveRequestForm(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	res, body := e.do(c, http.MethodGet, "/admin/requests/new?lang=en&hall="+storetest.HallA+"&category=repair&building="+storetest.BuildingA+"&floor=3", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="repair" selected`) || !strings.Contains(body, `value="`+storetest.BuildingA+`" selected`) || !strings.Contains(body, `value="3"`) {
		t.Fatalf("prefill %d:\n%s", res.StatusCode, body)
	}
	if res, _ := e.do(c, http.MethodGet, "/admin/requests/new?hall="+storetest.HallB, nil, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("hall B for hall A's admin: %d", res.StatusCode)
	}
	form := url.Values{"hall": {storetest.HallA}, "building": {storetest.BuildingA}, "floor": {"3"}, "category": {"repair"}, "description": {""}}
	res, body = e.do(c, http.MethodPost, "/admin/requests/new?lang=en", form, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `aria-describedby="rq-new-description-err"`) || !strings.Contains(body, `value="repair" selected`) {
		t.Fatalf("no description: %d\n%s", res.StatusCode, body)
	}
	form.Set("description", "三楼走廊灯三天内报修 4 次，统一排查线路")
	res, _ = e.do(c, http.MethodPost, "/admin/requests/new?lang=en", form, "")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/requests/") {
		t.Fatalf("open: %d", res.StatusCode)
	}
	_, body = e.do(c, http.MethodGet, res.Header.Get("Location"), nil, "")
	if !strings.Contains(body, "三楼走廊灯") || !strings.Contains(body, "Opened by the hall") {
		t.Fatalf("proactive request page:\n%s", body)
	}
}
