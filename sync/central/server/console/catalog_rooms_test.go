package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

func roomForm(name, capacity, opens, closes string) url.Values {
	return url.Values{"hall": {storetest.HallA}, "name_zh": {name}, "name_en": {"Seminar 301"}, "type": {"seminar"},
		"capacity": {capacity}, "building": {storetest.BuildingA}, "floor": {"3"}, "opens": {opens}, "closes": {closes},
		"facilities": {"projector", "whiteboard"}, "closed_weekdays": {"0"}, "closed_dates": {"2026-05-01, 2026-10-01"}, "active": {"1"}}
}

// A bad room form comes back with what was typed and the error beside
// its field, in the admin's language; a good one is stored, published
// to the hall's kiosks and audited with its before and after.
func TestRoomEditor(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	for _, l := range []struct{ lang, capErr, closeErr string }{
		{"zh", "请输入整数。", "关闭时间须晚于开放时间。"},
		{"en", "Enter a whole number.", "The closing time must be after the opening time."},
	} {
		res, body := e.do(c, http.MethodPost, "/admin/catalog/rooms/new?lang="+l.lang, roomForm("研讨室301", "twelve", "09:00", "22:00"), "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, l.capErr) || !strings.Contains(body, `value="twelve"`) ||
			!strings.Contains(body, `value="研讨室301"`) || !strings.Contains(body, `value="2026-05-01, 2026-10-01"`) ||
			!strings.Contains(body, `id="ed-room-capacity" name="capacity" value="twelve" inputmode="numeric" aria-invalid="true"`) {
			t.Fatalf("%s: bad capacity: %d\n%s", l.lang, res.StatusCode, body)
		}
		// The domain refuses closing before opening; the field says why.
		res, body = e.do(c, http.MethodPost, "/admin/catalog/rooms/new?lang="+l.lang, roomForm("研讨室301", "12", "09:00", "08:00"), "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p class="field-err" id="ed-room-closes-err">`+l.closeErr) ||
			!strings.Contains(body, `value="08:00"`) || !strings.Contains(body, `value="projector" checked`) {
			t.Fatalf("%s: closes before opens: %d\n%s", l.lang, res.StatusCode, body)
		}
	}
	res, _ := e.do(c, http.MethodPost, "/admin/catalog/rooms/new?lang=en", roomForm("研讨室301", "12", "09:00", "00:00"), "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	rooms, err := central.HallList[kiosk.Room](e.Ctx, e.S, storetest.HallA, wire.EntityRoom)
	e.Must(err)
	var rm kiosk.Room
	for _, r := range rooms {
		if r.Name.Zh == "研讨室301" {
			rm = r
		}
	}
	if rm.Capacity != 12 || rm.Closes != 24*60 || len(rm.ClosedWeekdays) != 1 || rm.ClosedDates[1] != "2026-10-01" || len(rm.Facilities) != 2 || !rm.Active {
		t.Fatalf("stored %+v", rm)
	}
	_, body := e.do(c, http.MethodGet, "/admin/catalog/rooms?lang=en&done=1", nil, "")
	if !strings.Contains(body, "Seminar 301") || !strings.Contains(body, "09:00–00:00") || !strings.Contains(body, "Sun 2026-05-01, 2026-10-01") || !strings.Contains(body, "明德楼, floor 3") {
		t.Fatalf("list:\n%s", body)
	}
	// An edit: capacity 12 → 20, audited as before → after.
	f := roomForm("研讨室301", "20", "09:00", "00:00")
	res, _ = e.do(c, http.MethodPost, "/admin/catalog/rooms/"+rm.ID+"?lang=en", f, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	var last central.AuditEntry
	e.Must(e.S.AuditLog(e.Ctx, central.AuditFilter{EntityID: rm.ID, Limit: 1}, func(a central.AuditEntry) error { last = a; return nil }))
	var before, after kiosk.Room
	e.Must(json.Unmarshal(last.Before, &before))
	e.Must(json.Unmarshal(last.After, &after))
	if last.Actor != "admin:ada" || before.Capacity != 12 || after.Capacity != 20 {
		t.Fatalf("audit: %+v", last)
	}
	_, body = e.do(c, http.MethodGet, "/admin/audit?lang=en&entity=room", nil, "")
	if !strings.Contains(body, rm.ID) || !strings.Contains(body, "capacity: 12 → 20") {
		t.Fatalf("the audit page lacks the edit:\n%s", body)
	}
	// The hall's kiosks get it through the feed.
	cs, _, _ := storetest.PullAll(t, e.S, storetest.HallA, central.Cursor{}, 1000)
	seen := false
	for _, ch := range cs {
		seen = seen || ch.Entity == wire.EntityRoom && ch.ID == rm.ID && strings.Contains(string(ch.Data), `"capacity":20`)
	}
	if !seen {
		t.Fatal("the edit is not in hall A's feed")
	}
	// A room with a booking cannot be deleted; the page says so.
	storetest.WantStatus(t, e.Push(e.K1, kiosk.KindBookingCreate, "bk1",
		storetest.Booking("bk1", storetest.RoomA, storetest.Alice, e.At(1, 10, 0), e.At(1, 11, 0))), wire.StatusApplied, "")
	res, body = e.do(c, http.MethodPost, "/admin/catalog/rooms/"+storetest.RoomA+"/delete?lang=en", url.Values{}, "")
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "deactivate it instead") {
		t.Fatalf("delete a booked room: %d\n%s", res.StatusCode, body)
	}
	if res, _ = e.do(c, http.MethodPost, "/admin/catalog/rooms/"+rm.ID+"/delete?lang=en", url.Values{}, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete a free room: %d", res.StatusCode)
	}
}

// Scope: another hall's room is a 403 page for a hall admin, to read or
// to change; a viewer cannot open the editors at all.
func TestRoomEditorScope(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	for _, p := range []struct{ method, path string }{
		{http.MethodGet, "/admin/catalog/rooms/" + storetest.RoomB},
		{http.MethodPost, "/admin/catalog/rooms/" + storetest.RoomB},
		{http.MethodPost, "/admin/catalog/rooms/" + storetest.RoomB + "/delete"},
		{http.MethodGet, "/admin/catalog/rooms?hall=" + storetest.HallB},
	} {
		var form url.Values
		if p.method == http.MethodPost {
			form = roomForm("x", "1", "08:00", "09:00")
		}
		res, body := e.do(c, p.method, p.path+"?lang=en", form, "")
		if res.StatusCode != http.StatusForbidden || strings.Contains(body, storetest.BuildingB) {
			t.Errorf("%s %s: %d", p.method, p.path, res.StatusCode)
		}
	}
	// Creating in hall B by naming it in the form is refused too.
	f := roomForm("x", "1", "08:00", "09:00")
	f.Set("hall", storetest.HallB)
	f.Set("building", storetest.BuildingB)
	if res, _ := e.do(c, http.MethodPost, "/admin/catalog/rooms/new", f, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("a room for hall B: %d", res.StatusCode)
	}
	_, body := e.do(c, http.MethodGet, "/admin/catalog/rooms?lang=en", nil, "")
	if !strings.Contains(body, storetest.RoomA) || strings.Contains(body, storetest.RoomB) {
		t.Errorf("hall A's admin's rooms:\n%s", body)
	}
	v := e.signIn("vic")
	for _, p := range []string{"/admin/catalog", "/admin/catalog/rooms", "/admin/catalog/rooms/" + storetest.RoomA} {
		if res, _ := e.do(v, http.MethodGet, p, nil, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("viewer %s: %d", p, res.StatusCode)
		}
	}
	if _, body := e.do(v, http.MethodGet, "/admin/requests", nil, ""); strings.Contains(body, `href="/admin/catalog?`) {
		t.Error("the viewer's navigation offers the catalog")
	}
}
