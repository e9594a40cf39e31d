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

// An announcement that ends before it starts comes back with the error
// at its end and everything typed; a good one is stored in the hall's
// zone and previewed as the kiosk's strip cuts it, in showing order.
func TestAnnouncementEditor(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	long := strings.Repeat("长", 45)
	form := url.Values{"hall": {storetest.HallA}, "title_zh": {long}, "title_en": {"Lift maintenance"}, "body_zh": {"周六停用"},
		"body_en": {"Out of service on Saturday"}, "starts_at": {"2026-03-02T08:00"}, "ends_at": {"2026-03-01T08:00"}, "priority": {"5"}}
	for _, l := range []struct{ lang, msg string }{{"zh", "停止时间须晚于开始时间。"}, {"en", "The end must be after the start."}} {
		res, body := e.do(c, http.MethodPost, "/admin/catalog/announcements/new?lang="+l.lang, form, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="ed-ann-ends-at-err">`+l.msg) ||
			!strings.Contains(body, `value="2026-03-01T08:00"`) || !strings.Contains(body, "Out of service on Saturday</textarea>") {
			t.Fatalf("%s: %d\n%s", l.lang, res.StatusCode, body)
		}
		// The preview shows the kiosk's cut: 39 characters and an ellipsis.
		if !strings.Contains(body, "<strong>"+strings.Repeat("长", 39)+"…</strong>") {
			t.Fatalf("%s: no preview of the cut title:\n%s", l.lang, body)
		}
	}
	form.Set("ends_at", "")
	if res, _ := e.do(c, http.MethodPost, "/admin/catalog/announcements/new?lang=en", form, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	as, err := central.HallList[kiosk.Announcement](e.Ctx, e.S, storetest.HallA, wire.EntityAnnouncement)
	e.Must(err)
	if len(as) != 1 || !as[0].StartsAt.Equal(e.At(0, 8, 0)) || !as[0].EndsAt.IsZero() || as[0].Priority != 5 {
		t.Fatalf("stored %+v", as)
	}
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "later", Title: kiosk.LocalName{Zh: "下周讲座"}, StartsAt: e.At(7, 0, 0)}))
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "low", Title: kiosk.LocalName{Zh: "失物招领"}, StartsAt: e.At(-1, 0, 0)}))
	_, body := e.do(c, http.MethodGet, "/admin/catalog/announcements?lang=en", nil, "")
	first, second := strings.Index(body, "<strong>Lift maintenance</strong>"), strings.Index(body, "<strong>失物招领</strong>")
	if first < 0 || second < first || strings.Contains(body, "<strong>下周讲座") || !strings.Contains(body, "showing (no. 2)") || !strings.Contains(body, "until removed") {
		t.Fatalf("list and preview:\n%s", body)
	}
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallB, kiosk.Announcement{ID: "ann-b", Title: kiosk.LocalName{Zh: "乙"}, StartsAt: e.At(0, 0, 0)}))
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if res, body := e.do(c, m, "/admin/catalog/announcements/ann-b", url.Values{}, ""); res.StatusCode != http.StatusForbidden || strings.Contains(body, "乙</") {
			t.Errorf("%s hall B's announcement: %d", m, res.StatusCode)
		}
	}
	if res, _ := e.do(c, http.MethodPost, "/admin/catalog/announcements/later/delete", url.Values{}, ""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("delete: %d", res.StatusCode)
	}
	if _, _, err := e.S.Entity(e.Ctx, wire.EntityAnnouncement, "later"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("after delete: %v", err)
	}
}
