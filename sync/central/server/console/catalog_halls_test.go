package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// Halls are the campus admins': a zone Go cannot load is refused at its
// field with the name kept; a good one changes the hall's settings that
// kiosks get. Hall admins cannot open the editor.
func TestHallEditor(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("root")
	for _, l := range []struct{ lang, msg string }{{"zh", "没有这个时区"}, {"en", "No such time zone"}} {
		res, body := e.do(c, http.MethodPost, "/admin/catalog/halls/"+storetest.HallA+"?lang="+l.lang,
			url.Values{"name_zh": {"甲大厅（新）"}, "name_en": {"Hall A"}, "time_zone": {"Asia/Beijing"}}, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="ed-hall-time-zone-err">`+l.msg) ||
			!strings.Contains(body, `value="Asia/Beijing"`) || !strings.Contains(body, `value="甲大厅（新）"`) {
			t.Fatalf("%s: %d\n%s", l.lang, res.StatusCode, body)
		}
	}
	res, _ := e.do(c, http.MethodPost, "/admin/catalog/halls/"+storetest.HallA, url.Values{"name_zh": {"甲大厅"}, "time_zone": {"Asia/Urumqi"}}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	kv, err := e.S.Settings(e.Ctx, storetest.HallA)
	e.Must(err)
	if kv[kiosk.SettingHallZone] != "Asia/Urumqi" {
		t.Fatalf("settings %v", kv)
	}
	res, _ = e.do(c, http.MethodPost, "/admin/catalog/halls/new", url.Values{"name_zh": {"丙大厅"}, "time_zone": {""}}, "")
	hs, _ := e.S.Halls(e.Ctx)
	if res.StatusCode != http.StatusSeeOther || len(hs) != 3 {
		t.Fatalf("new hall: %d %+v", res.StatusCode, hs)
	}
	if _, body := e.do(c, http.MethodGet, "/admin/catalog/halls?lang=en", nil, ""); !strings.Contains(body, "丙大厅") || !strings.Contains(body, "Asia/Urumqi") {
		t.Fatalf("list:\n%s", body)
	}
	ada := e.signIn("ada")
	for _, p := range []string{"/admin/catalog/halls", "/admin/catalog/halls/" + storetest.HallA} {
		if res, _ := e.do(ada, http.MethodGet, p, nil, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("hall admin %s: %d", p, res.StatusCode)
		}
	}
	if res, _ := e.do(ada, http.MethodPost, "/admin/catalog/halls/new", url.Values{"name_zh": {"丁"}}, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("hall admin creating a hall: %d", res.StatusCode)
	}
	if _, body := e.do(ada, http.MethodGet, "/admin/catalog", nil, ""); strings.Contains(body, "/admin/catalog/halls") || !strings.Contains(body, "/admin/catalog/rooms") {
		t.Errorf("hall admin's overview:\n%s", body)
	}
}

// Buildings: the code is chosen once and must be free; floors out of
// range are refused beside the field; one with students cannot go.
func TestBuildingEditor(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	f := url.Values{"hall": {storetest.HallA}, "id": {storetest.BuildingB}, "name_zh": {"新楼"}, "floors": {"12"}}
	for _, l := range []struct{ lang, msg string }{{"zh", "这个编号已被使用"}, {"en", "This code is taken"}} {
		res, body := e.do(c, http.MethodPost, "/admin/catalog/buildings/new?lang="+l.lang, f, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="ed-bld-id-err">`+l.msg) || !strings.Contains(body, `value="新楼"`) {
			t.Fatalf("%s: taken code: %d\n%s", l.lang, res.StatusCode, body)
		}
	}
	f.Set("id", "b-a2")
	f.Set("floors", "900")
	res, body := e.do(c, http.MethodPost, "/admin/catalog/buildings/new?lang=en", f, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="ed-bld-floors-err">Floors must be from 0 to 200.`) || !strings.Contains(body, `value="b-a2"`) {
		t.Fatalf("floors: %d\n%s", res.StatusCode, body)
	}
	f.Set("floors", "12")
	if res, _ := e.do(c, http.MethodPost, "/admin/catalog/buildings/new?lang=en", f, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	bs, err := central.HallList[kiosk.Building](e.Ctx, e.S, storetest.HallA, wire.EntityBuilding)
	e.Must(err)
	if len(bs) != 2 || bs[1].ID != "b-a2" || bs[1].Floors != 12 {
		t.Fatalf("buildings %+v", bs)
	}
	res, body = e.do(c, http.MethodPost, "/admin/catalog/buildings/"+storetest.BuildingA+"/delete?lang=en", url.Values{}, "")
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "still in use") {
		t.Fatalf("deleting a building with students: %d\n%s", res.StatusCode, body)
	}
	if res, _ := e.do(c, http.MethodGet, "/admin/catalog/buildings/"+storetest.BuildingB, nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("hall B's building: %d", res.StatusCode)
	}
}
