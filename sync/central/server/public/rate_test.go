package public_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
)

// rate posts the rating form; origin "" is the page's own.
func (e *env) rate(path string, form url.Values, origin string) (int, string) {
	e.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	e.Must(err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location") + string(body)
}

func TestRatingOnThePhone(t *testing.T) {
	e := newEnv(t)
	req := storetest.Request("r1", storetest.Alice)
	e.Push(e.K1, kiosk.KindRequestCreate, "r1", req)
	path := "/r/" + req.Token
	if _, body, _ := e.get(path+"?lang=en", ""); strings.Contains(body, "Rate how it was handled") {
		t.Fatal("an open request offers a rating")
	}
	_, err := e.S.HandleRequest(central.WithActor(e.Ctx, "admin:ada"), "r1", kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "灯已更换"})
	e.Must(err)
	if _, body, _ := e.get(path, ""); !strings.Contains(body, "评价办理结果") || !strings.Contains(body, "部分解决") {
		t.Fatalf("the resolved request's page:\n%s", body)
	}
	// Stars missing: said beside the stars, the outcome kept.
	st, body := e.rate(path+"/rate?lang=en", url.Values{"outcome": {"partly"}}, "")
	if st != http.StatusBadRequest || !strings.Contains(body, `id="rt-stars-err">Please choose 1 to 5 stars.`) || !strings.Contains(body, `value="partly" checked`) {
		t.Fatalf("no stars %d:\n%s", st, body)
	}
	st, body = e.rate(path+"/rate?lang=en", url.Values{"outcome": {"great"}, "stars": {"9"}}, "")
	if st != http.StatusBadRequest || !strings.Contains(body, `id="rt-outcome-err"`) || !strings.Contains(body, `id="rt-stars-err"`) {
		t.Fatalf("nonsense %d:\n%s", st, body)
	}
	if st, _ := e.rate(path+"/rate", url.Values{"outcome": {"solved"}, "stars": {"5"}}, "https://evil.example"); st != http.StatusForbidden {
		t.Fatalf("a cross-site rating: %d", st)
	}
	st, loc := e.rate(path+"/rate?lang=en", url.Values{"outcome": {"solved"}, "stars": {"3"}}, "")
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, path+"?lang=en&rated=1") {
		t.Fatalf("rating %d %s", st, loc)
	}
	_, body, _ = e.get(path+"?lang=en&rated=1", "")
	if !strings.Contains(body, "Thank you for your rating.") || !strings.Contains(body, "Solved · 3 stars") || strings.Contains(body, "Send rating") {
		t.Fatalf("after rating:\n%s", body)
	}
	// The rating is the follow-up: 3 stars is basically satisfied.
	r, _, err := e.S.BoardRequest(e.Ctx, "r1")
	e.Must(err)
	if r.Status != kiosk.RequestClosed || r.FollowUp == nil || r.FollowUp.By != kiosk.FollowUpByStudent || r.FollowUp.Satisfied != kiosk.BasicallySatisfied {
		t.Fatalf("stored %s %+v", r.Status, r.FollowUp)
	}
	// Another verdict on a closed request is refused in words.
	if st, body := e.rate(path+"/rate?lang=en", url.Values{"outcome": {"not_solved"}, "stars": {"1"}}, ""); st != http.StatusConflict || !strings.Contains(body, "cannot be rated now") {
		t.Fatalf("rating again %d:\n%s", st, body)
	}
	if st, _ := e.rate("/r/nosuchtoken/rate", url.Values{"outcome": {"solved"}, "stars": {"5"}}, ""); st != http.StatusNotFound {
		t.Fatalf("unknown token: %d", st)
	}
}
