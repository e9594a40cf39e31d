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
)

// The settings table shows each key's default and range; an out-of-range
// value is refused beside its key with the typed values kept and nothing
// stored; good values reach the hall's settings, audited, and a blank
// one returns a key to its default.
func TestSettingsEditor(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	_, body := e.do(c, http.MethodGet, "/admin/catalog/settings?lang=en", nil, "")
	for _, want := range []string{"room.slot_minutes", "10 to 240 minutes", "30 minutes", "zh-Hans / en", "Academic mentor meetings a month (target)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the table lacks %q", want)
		}
	}
	for _, l := range []struct{ lang, msg string }{{"zh", "须为 10 至 240 分钟。"}, {"en", "Must be 10 to 240 minutes."}} {
		res, body := e.do(c, http.MethodPost, "/admin/catalog/settings?lang="+l.lang,
			url.Values{"hall": {storetest.HallA}, "room.slot_minutes": {"5"}, "room.max_per_day": {"3"}}, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="ed-set-room-slot-minutes-err">`+l.msg) ||
			!strings.Contains(body, `name="room.max_per_day" value="3"`) || !strings.Contains(body, `name="room.slot_minutes" value="5"`) {
			t.Fatalf("%s: %d\n%s", l.lang, res.StatusCode, body)
		}
	}
	kv, err := e.S.Settings(e.Ctx, storetest.HallA)
	e.Must(err)
	if kv["room.max_per_day"] != "" {
		t.Fatal("a refused form stored a value")
	}
	res, _ := e.do(c, http.MethodPost, "/admin/catalog/settings?lang=en",
		url.Values{"hall": {storetest.HallA}, "room.slot_minutes": {"60"}, "room.max_per_day": {"3"}}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	kv, _ = e.S.Settings(e.Ctx, storetest.HallA)
	if rules := kiosk.ParseSettings(kv); rules.Room.MaxPerDay != 3 || rules.Room.Slot.Minutes() != 60 {
		t.Fatalf("stored %v", kv)
	}
	var last central.AuditEntry
	e.Must(e.S.AuditLog(e.Ctx, central.AuditFilter{Entity: "settings", Limit: 1}, func(a central.AuditEntry) error { last = a; return nil }))
	var before, after map[string]string
	e.Must(json.Unmarshal(last.Before, &before))
	e.Must(json.Unmarshal(last.After, &after))
	if last.Actor != "admin:ada" || before["room.max_per_day"] != "" || after["room.max_per_day"] != "3" {
		t.Fatalf("audit %+v", last)
	}
	// Blank: back to the default.
	e.do(c, http.MethodPost, "/admin/catalog/settings", url.Values{"hall": {storetest.HallA}, "room.slot_minutes": {"60"}}, "")
	if kv, _ = e.S.Settings(e.Ctx, storetest.HallA); kv["room.max_per_day"] != "" || kv["room.slot_minutes"] != "60" {
		t.Fatalf("after blanking: %v", kv)
	}
	// Hall B's settings are not hall A's admin's.
	if res, _ := e.do(c, http.MethodGet, "/admin/catalog/settings?hall="+storetest.HallB, nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("GET hall B: %d", res.StatusCode)
	}
	if res, _ := e.do(c, http.MethodPost, "/admin/catalog/settings", url.Values{"hall": {storetest.HallB}, "room.max_per_day": {"1"}}, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("POST hall B: %d", res.StatusCode)
	}
}
