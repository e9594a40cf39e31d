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

// A mentor's weekly pattern: a bad one comes back beside its field with
// everything typed; a good one becomes slots the hall's feed carries,
// minus the day off and plus the extra day; a free slot can be removed.
func TestMentorPattern(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	// Monday 2 March 2026 is the fixture's today.
	pat := url.Values{"p_weekdays": {"1", "3"}, "p_start": {"14:00"}, "p_end": {"13:00"}, "p_length": {"30"},
		"p_from": {"2026-03-02"}, "p_to": {"2026-03-15"}, "p_closed": {"2026-03-09"}, "p_extra": {"2026-03-07"}}
	for _, l := range []struct{ lang, msg string }{{"zh", "结束时间须晚于开始时间。"}, {"en", "The end must be after the start."}} {
		res, body := e.do(c, http.MethodPost, "/admin/catalog/mentors/"+storetest.MentorA+"/pattern?lang="+l.lang, pat, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="ed-pat-p-end-err">`+l.msg) ||
			!strings.Contains(body, `value="2026-03-09"`) || !strings.Contains(body, `value="13:00"`) || !strings.Contains(body, `value="王老师"`) {
			t.Fatalf("%s: %d\n%s", l.lang, res.StatusCode, body)
		}
	}
	pat.Set("p_end", "15:00")
	res, _ := e.do(c, http.MethodPost, "/admin/catalog/mentors/"+storetest.MentorA+"/pattern?lang=en", pat, "")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "slots=8") {
		t.Fatalf("pattern: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// 2, 4, 7 (extra), 11 March; the 9th is off: 4 days × 2 slots.
	_, body := e.do(c, http.MethodGet, res.Header.Get("Location"), nil, "")
	for _, want := range []string{"8 slots added or updated and 0 free slots removed", "2026-03-07 Sat 14:00–14:30", "2026-03-11 Wed 14:30–15:00"} {
		if !strings.Contains(body, want) {
			t.Errorf("mentor page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "2026-03-09") {
		t.Error("a slot on the day off")
	}
	slotID := storetest.MentorA + "@20260304T1400"
	hall, data, err := e.S.Entity(e.Ctx, wire.EntityMentorSlot, slotID)
	e.Must(err)
	if hall != storetest.HallA || !strings.Contains(string(data), `"start":"2026-03-04T14:00:00+08:00"`) {
		t.Fatalf("slot %s in %s: %s", slotID, hall, data)
	}
	res, _ = e.do(c, http.MethodPost, "/admin/catalog/mentors/"+storetest.MentorA+"/slots/"+url.PathEscape(slotID)+"/delete?lang=en", url.Values{}, "")
	if _, _, err := e.S.Entity(e.Ctx, wire.EntityMentorSlot, slotID); res.StatusCode != http.StatusSeeOther || kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("remove a slot: %d %v", res.StatusCode, err)
	}
	// A holiday entered later clears that day's free slots.
	pat.Set("p_closed", "2026-03-09, 2026-03-11")
	res, _ = e.do(c, http.MethodPost, "/admin/catalog/mentors/"+storetest.MentorA+"/pattern?lang=en", pat, "")
	if _, body = e.do(c, http.MethodGet, res.Header.Get("Location"), nil, ""); !strings.Contains(body, "6 slots added or updated and 2 free slots removed") ||
		strings.Contains(body, "2026-03-11 Wed") {
		t.Fatalf("after a holiday:\n%s", body)
	}
	// Hall B's mentor is not hall A's admin's.
	e.Must(e.S.PutMentor(e.Ctx, storetest.HallB, kiosk.Mentor{ID: "mentor-b", Name: kiosk.LocalName{Zh: "李老师"}, Type: kiosk.MentorCareer}))
	for _, p := range []string{"/admin/catalog/mentors/mentor-b", "/admin/catalog/mentors/mentor-b/pattern"} {
		if res, _ := e.do(c, http.MethodPost, p, pat, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s: %d", p, res.StatusCode)
		}
	}
}
