package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// resolvedEnv is boardEnv with rb, then an hour later r1, resolved and
// awaiting follow-up.
func resolvedEnv(t *testing.T) *env {
	e := boardEnv(t)
	ctx := central.WithActor(e.Ctx, "admin:root")
	for _, id := range []string{"rb", "r1"} {
		if _, err := e.S.HandleRequest(ctx, id, kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "已修好"}); err != nil {
			t.Fatal(err)
		}
		e.Clock.Advance(time.Hour)
	}
	return e
}

func TestFollowUpCall(t *testing.T) {
	e := resolvedEnv(t)
	c := e.signIn("root")
	_, body := e.do(c, http.MethodGet, "/admin/requests/r1", nil, "")
	if !strings.Contains(body, "记录回访电话") || !strings.Contains(body, "尚未回访。") {
		t.Fatalf("the Chinese page lacks the follow-up form:\n%s", body)
	}
	post := func(form url.Values) (*http.Response, string) {
		return e.do(c, http.MethodPost, "/admin/requests/r1/followup?lang=en", form, "")
	}
	// Nothing said about the call: inline, the typed answer kept.
	res, body := post(url.Values{"solved": {"partly"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p class="field-err" id="rt-fu-contacted-err">Choose one.</p>`) ||
		!strings.Contains(body, `value="partly" checked`) {
		t.Fatalf("no contacted answer %d:\n%s", res.StatusCode, body)
	}
	// Not reached, yet answers: both named, both kept.
	res, body = post(url.Values{"contacted": {"no"}, "solved": {"solved"}, "satisfied": {"satisfied"}})
	if res.StatusCode != http.StatusBadRequest || strings.Count(body, "When the student was not reached, leave this empty.") != 2 ||
		!strings.Contains(body, `value="no" checked`) || !strings.Contains(body, `value="satisfied" checked aria-invalid="true"`) {
		t.Fatalf("answers without contact %d:\n%s", res.StatusCode, body)
	}
	// Reached, an answer missing; an unknown answer is the domain's refusal.
	res, body = post(url.Values{"contacted": {"yes"}, "solved": {"solved"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="rt-fu-satisfied-err">When the student was reached, choose their answer.`) {
		t.Fatalf("a missing answer %d:\n%s", res.StatusCode, body)
	}
	res, body = post(url.Values{"contacted": {"yes"}, "solved": {"solved"}, "satisfied": {"ecstatic"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="rt-fu-satisfied-err">Choose one.`) {
		t.Fatalf("an unknown answer %d:\n%s", res.StatusCode, body)
	}
	// Not reached: recorded, the request still waits.
	res, _ = post(url.Values{"contacted": {"no"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("not reached %d", res.StatusCode)
	}
	_, body = e.do(c, http.MethodGet, res.Header.Get("Location"), nil, "")
	if !strings.Contains(body, "call by root · not reached") || !strings.Contains(body, "Record a follow-up call") {
		t.Fatalf("after an unanswered call:\n%s", body)
	}
	// Reached: the request closes, in the feed's entity; the form goes.
	res, _ = post(url.Values{"contacted": {"yes"}, "solved": {"solved"}, "satisfied": {"basically"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reached %d", res.StatusCode)
	}
	r, _, err := e.S.BoardRequest(e.Ctx, "r1")
	e.Must(err)
	if r.Status != kiosk.RequestClosed || r.FollowUp == nil || r.FollowUp.By != "admin:root" || r.FollowUp.Satisfied != kiosk.BasicallySatisfied {
		t.Fatalf("stored %s %+v", r.Status, r.FollowUp)
	}
	_, body = e.do(c, http.MethodGet, "/admin/requests/r1?lang=en", nil, "")
	if !strings.Contains(body, "call by root · Solved · Basically satisfied") || strings.Contains(body, "Record a follow-up call") {
		t.Fatalf("after the call:\n%s", body)
	}
	// A closed or still open request takes no call.
	for _, id := range []string{"r1", "r2"} {
		res, body = e.do(c, http.MethodPost, "/admin/requests/"+id+"/followup?lang=en", url.Values{"contacted": {"no"}}, "")
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Only a resolved request") {
			t.Fatalf("%s: %d\n%s", id, res.StatusCode, body)
		}
	}
}

func TestFollowUpScope(t *testing.T) {
	e := resolvedEnv(t)
	form := url.Values{"contacted": {"no"}}
	if res, _ := e.do(e.signIn("ada"), http.MethodPost, "/admin/requests/rb/followup", form, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("hall A's admin on hall B's request: %d", res.StatusCode)
	}
	if res, _ := e.do(e.signIn("vic"), http.MethodPost, "/admin/requests/r1/followup", form, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a viewer: %d", res.StatusCode)
	}
	if res, _ := e.do(e.signIn("root"), http.MethodPost, "/admin/requests/r1/followup", form, "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a cross-site post: %d", res.StatusCode)
	}
	if r, _, _ := e.S.BoardRequest(e.Ctx, "r1"); r.FollowUp != nil {
		t.Fatalf("a refused call was stored: %+v", r.FollowUp)
	}
}

func TestFollowUpList(t *testing.T) {
	e := resolvedEnv(t)
	root := e.signIn("root")
	res, body := e.do(root, http.MethodGet, "/admin/followups?lang=en", nil, "")
	rb, r1 := strings.Index(body, "/admin/requests/rb?"), strings.Index(body, "/admin/requests/r1?")
	if res.StatusCode != http.StatusOK || rb < 0 || r1 < rb || strings.Contains(body, "/admin/requests/r2?") || !strings.Contains(body, "Requests awaiting follow-up") {
		t.Fatalf("campus list %d, rb at %d, r1 at %d:\n%s", res.StatusCode, rb, r1, body)
	}
	_, body = e.do(root, http.MethodGet, "/admin/followups", nil, "")
	if !strings.Contains(body, "待回访诉求") {
		t.Errorf("the Chinese list:\n%s", body)
	}
	res, body = e.do(root, http.MethodGet, "/admin/followups?lang=en&hall=nope", nil, "")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="rt-fq-hall-err">Choose from the list.`) {
		t.Errorf("an unknown hall %d:\n%s", res.StatusCode, body)
	}
	ada := e.signIn("ada")
	_, body = e.do(ada, http.MethodGet, "/admin/followups?lang=en", nil, "")
	if !strings.Contains(body, "/admin/requests/r1?") || strings.Contains(body, "/admin/requests/rb?") || strings.Contains(body, `id="rt-fq-hall"`) {
		t.Fatalf("hall A's list:\n%s", body)
	}
	if res, _ := e.do(ada, http.MethodGet, "/admin/followups?hall=hall-b", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("hall B's list for hall A's admin: %d", res.StatusCode)
	}
	if res, _ := e.do(e.signIn("vic"), http.MethodGet, "/admin/followups", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer: %d", res.StatusCode)
	}
	// An unanswered call shows; a call that reached the student ends it.
	e.do(ada, http.MethodPost, "/admin/requests/r1/followup", url.Values{"contacted": {"no"}}, "")
	_, body = e.do(ada, http.MethodGet, "/admin/followups?lang=en", nil, "")
	if !strings.Contains(body, "· not reached") {
		t.Fatalf("after an unanswered call:\n%s", body)
	}
	e.do(ada, http.MethodPost, "/admin/requests/r1/followup", url.Values{"contacted": {"yes"}, "solved": {"solved"}, "satisfied": {"satisfied"}}, "")
	_, body = e.do(ada, http.MethodGet, "/admin/followups?lang=en", nil, "")
	if strings.Contains(body, "/admin/requests/r1?") || !strings.Contains(body, "Nothing awaits follow-up.") {
		t.Fatalf("after the call:\n%s", body)
	}
}
