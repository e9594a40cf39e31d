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

// An event ending before it starts is refused beside its end, typed
// values kept; a good one is stored in the hall's zone.
func TestEventEditor(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	f := url.Values{"hall": {storetest.HallA}, "title_zh": {"考研经验分享会"}, "title_en": {"Graduate exam talk"}, "place_zh": {"一楼报告厅"},
		"start": {"2026-03-05T19:00"}, "end": {"2026-03-05T18:00"}}
	for _, l := range []struct{ lang, msg string }{{"zh", "结束须晚于开始。"}, {"en", "The end must be after the start."}} {
		res, body := e.do(c, http.MethodPost, "/admin/catalog/events/new?lang="+l.lang, f, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="ed-event-end-err">`+l.msg) ||
			!strings.Contains(body, `value="考研经验分享会"`) || !strings.Contains(body, `value="2026-03-05T18:00"`) {
			t.Fatalf("%s: %d\n%s", l.lang, res.StatusCode, body)
		}
	}
	f.Set("end", "2026-03-05T20:30")
	if res, _ := e.do(c, http.MethodPost, "/admin/catalog/events/new", f, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	es, err := central.HallList[kiosk.Event](e.Ctx, e.S, storetest.HallA, wire.EntityEvent)
	e.Must(err)
	var got kiosk.Event
	for _, ev := range es {
		if ev.Title.Zh == "考研经验分享会" {
			got = ev
		}
	}
	if !got.Start.Equal(e.At(3, 19, 0)) || !got.End.Equal(e.At(3, 20, 30)) || got.Place.Zh != "一楼报告厅" {
		t.Fatalf("stored %+v", got)
	}
	if _, body := e.do(c, http.MethodGet, "/admin/catalog/events?lang=en", nil, ""); !strings.Contains(body, "2026-03-05 19:00") {
		t.Fatalf("list:\n%s", body)
	}
	e.Must(e.S.PutEvent(e.Ctx, storetest.HallB, kiosk.Event{ID: "ev-b", Title: kiosk.LocalName{Zh: "乙"}, Start: e.At(1, 9, 0), End: e.At(1, 10, 0)}))
	if res, _ := e.do(c, http.MethodGet, "/admin/catalog/events/ev-b", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("hall B's event: %d", res.StatusCode)
	}
}
