package console_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A page on another site that posts to the console with the admin's
// cookie (here a same-site, cross-origin page, which SameSite=Lax lets
// the cookie through for): the browser's own Sec-Fetch-Site header is
// what refuses it, with a 403 page in the browser's language, and the
// kiosk stays enrolled.
func TestBrowserCrossOriginPost(t *testing.T) {
	e := newEnv(t)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>prize</title>
<form method="post" action="%s/admin/kiosks/revoke"><input type="hidden" name="kiosk" value="%s">
<button id="go">Claim your prize</button></form>`, html.EscapeString(e.url), html.EscapeString(e.K1.ID))
	}))
	t.Cleanup(evil.Close)

	b := newBrowser(t)
	b.signIn(e.url, "root")
	b.run(chromedp.Navigate(evil.URL), chromedp.Click(chromedp.CSS("#go")), chromedp.WaitVisible(chromedp.CSS("main")))
	if body := b.text(); !strings.Contains(body, "came from another site") {
		t.Fatalf("after the forged post:\n%s", body)
	}
	b.check("cross-site-en-1440x900")
	ks, err := e.S.Kiosks(e.Ctx)
	e.Must(err)
	for _, k := range ks {
		if k.ID == e.K1.ID && !k.RevokedAt.IsZero() {
			t.Fatalf("the forged post revoked %s", k.ID)
		}
	}
}
