package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
)

const password = "correct horse battery"

// env is central's HTTP server over the storetest fixture (two halls,
// three enrolled kiosks) with admins of every role.
type env struct {
	*storetest.Fixture
	url   string
	admin *admin.Admin
}

func newEnv(t *testing.T) *env {
	t.Helper()
	f := storetest.NewFixture(t, sqlitetest.Fresh)
	srv := server.New(f.S, f.Clock, nil, nil)
	for _, a := range []struct{ name, role, hall string }{
		{"root", central.RoleCampus, ""}, {"ada", central.RoleHall, storetest.HallA}, {"vic", central.RoleViewer, ""},
	} {
		f.Must(srv.Admin.SetPassword(f.Ctx, a.name, password))
		f.Must(f.S.SetAdminRole(f.Ctx, a.name, a.role, a.hall))
	}
	// Kiosk k2 spoke 3 minutes ago, failing to sync; k1 just now; kb never.
	_, err := f.S.Heartbeat(f.Ctx, f.K2.ID, central.Health{LastError: "push: connection refused"})
	f.Must(err)
	f.Clock.Advance(3 * time.Minute)
	_, err = f.S.Heartbeat(f.Ctx, f.K1.ID, central.Health{Version: "1.4.2", OutboxPending: 3})
	f.Must(err)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{Fixture: f, url: ts.URL, admin: srv.Admin}
}

// browser is a client with its own cookie jar that does not follow
// redirects, so tests see them.
func (e *env) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (e *env) do(c *http.Client, method, path string, form url.Values, origin string) (*http.Response, string) {
	e.T.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.url+path, body)
	e.Must(err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
	}
	res, err := c.Do(req)
	e.Must(err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (e *env) signIn(name string) *http.Client {
	e.T.Helper()
	c := e.browser()
	res, _ := e.do(c, http.MethodPost, "/admin/login", url.Values{"name": {name}, "password": {password}}, "")
	if res.StatusCode != http.StatusSeeOther {
		e.T.Fatalf("sign in %s: %d", name, res.StatusCode)
	}
	return c
}

func TestLoginSessionLogout(t *testing.T) {
	e := newEnv(t)
	c := e.browser()
	res, _ := e.do(c, http.MethodGet, "/admin/kiosks", nil, "")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login" {
		t.Fatalf("signed out: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := e.do(c, http.MethodPost, "/admin/login", url.Values{"name": {"root"}, "password": {"wrong password!"}}, "")
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "用户名或密码不正确") || !strings.Contains(body, `value="root"`) {
		t.Fatalf("wrong password: %d\n%s", res.StatusCode, body)
	}
	res, _ = e.do(c, http.MethodPost, "/admin/login", url.Values{"name": {"root"}, "password": {password}}, "")
	ck := res.Cookies()
	if res.StatusCode != http.StatusSeeOther || len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("sign in: %d %+v", res.StatusCode, ck)
	}
	res, body = e.do(c, http.MethodGet, "/admin/kiosks", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "自助机") || !strings.Contains(body, "退出") {
		t.Fatalf("kiosks page %d:\n%s", res.StatusCode, body)
	}
	res, _ = e.do(c, http.MethodPost, "/admin/logout", url.Values{}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout %d", res.StatusCode)
	}
	// The session is gone at central, not only the cookie.
	if _, err := e.S.AdminBySession(context.Background(), central.HashSecret(ck[0].Value)); err == nil {
		t.Fatal("the session outlived the logout")
	}
}

func TestKiosksPage(t *testing.T) {
	e := newEnv(t)
	e.Clock.Advance(time.Minute)
	_, body := e.do(e.signIn("root"), http.MethodGet, "/admin/kiosks?lang=en", nil, "")
	for _, want := range []string{"Kiosks", "1.4.2", "2026-03-02 09:00", "never", "not heard from", "Hall B", "push: connection refused"} {
		if !strings.Contains(body, want) {
			t.Errorf("campus admin's page lacks %q:\n%s", want, body)
		}
	}
	if strings.Count(body, `class="stale"`) != 2 {
		t.Errorf("want k2 and kb marked stale, k1 not:\n%s", body)
	}
	e.Clock.Advance(StaleAfterForTest)
	_, body = e.do(e.signIn("root"), http.MethodGet, "/admin/kiosks", nil, "")
	if strings.Count(body, `class="stale"`) != 3 {
		t.Errorf("k1, silent for over 2 minutes, must be stale too")
	}
	// A hall admin sees their hall's kiosks only.
	_, body = e.do(e.signIn("ada"), http.MethodGet, "/admin/kiosks?lang=en", nil, "")
	if strings.Contains(body, "Hall B") || !strings.Contains(body, "Hall A") {
		t.Errorf("hall A's admin sees:\n%s", body)
	}
}

// StaleAfterForTest is a little over the console's two minutes.
const StaleAfterForTest = 2*time.Minute + time.Second

func TestEnrollmentCode(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	res, body := e.do(c, http.MethodPost, "/admin/kiosks/enroll-code", url.Values{"hall": {storetest.HallA}}, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `class="code"`) || !strings.Contains(body, "data:image/png;base64,") {
		t.Fatalf("code %d:\n%s", res.StatusCode, body)
	}
	// Another hall's is a 403 page, not a code.
	res, body = e.do(c, http.MethodPost, "/admin/kiosks/enroll-code", url.Values{"hall": {storetest.HallB}}, "")
	if res.StatusCode != http.StatusForbidden || strings.Contains(body, `class="code"`) {
		t.Fatalf("hall B's code for hall A's admin: %d", res.StatusCode)
	}
	// A viewer makes none.
	res, _ = e.do(e.signIn("vic"), http.MethodPost, "/admin/kiosks/enroll-code", url.Values{"hall": {storetest.HallA}}, "")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer: %d", res.StatusCode)
	}
}

// A post from another site is a 403, signed in or not (CSRF).
func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("root")
	res, body := e.do(c, http.MethodPost, "/admin/kiosks/enroll-code", url.Values{"hall": {storetest.HallA}}, "https://evil.example")
	if res.StatusCode != http.StatusForbidden || strings.Contains(body, `class="code"`) || !strings.Contains(body, "来自其他网站") {
		t.Fatalf("cross-origin post: %d\n%s", res.StatusCode, body)
	}
	res, _ = e.do(e.browser(), http.MethodPost, "/admin/login", url.Values{"name": {"root"}, "password": {password}}, "https://evil.example")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin login: %d", res.StatusCode)
	}
}

// Revoking a lost kiosk: only its hall's admins may, the page marks it,
// and its token opens the kiosk API no more (once the servers' 30 s
// token cache has let it go).
func TestRevokeKiosk(t *testing.T) {
	e := newEnv(t)
	res, _ := e.do(e.signIn("ada"), http.MethodPost, "/admin/kiosks/revoke", url.Values{"kiosk": {e.KB.ID}}, "")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("hall A's admin revoking hall B's kiosk: %d", res.StatusCode)
	}
	res, _ = e.do(e.signIn("vic"), http.MethodPost, "/admin/kiosks/revoke", url.Values{"kiosk": {e.K1.ID}}, "")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a viewer revoking: %d", res.StatusCode)
	}
	c := e.signIn("ada")
	_, body := e.do(c, http.MethodGet, "/admin/kiosks", nil, "")
	if !strings.Contains(body, `value="`+e.K2.ID+`"`) {
		t.Fatalf("no revoke button for k2:\n%s", body)
	}
	res, _ = e.do(c, http.MethodPost, "/admin/kiosks/revoke", url.Values{"kiosk": {e.K2.ID}}, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	_, body = e.do(c, http.MethodGet, "/admin/kiosks", nil, "")
	if !strings.Contains(body, "已停用于") || strings.Contains(body, `value="`+e.K2.ID+`"`) {
		t.Fatalf("k2 not marked revoked:\n%s", body)
	}
	e.Clock.Advance(31 * time.Second)
	req, _ := http.NewRequest(http.MethodGet, e.url+"/api/v1/changes", nil)
	req.Header.Set("X-Onestop-Protocol", "1")
	req.Header.Set("Authorization", "Bearer token-k2")
	r2, err := http.DefaultClient.Do(req)
	e.Must(err)
	r2.Body.Close()
	if r2.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a revoked kiosk pulled: %d", r2.StatusCode)
	}
}

// The language switch keeps the page as it is: its hall, filters and
// period, with only the language changed.
func TestLanguageSwitchKeepsQuery(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("root")
	for path, want := range map[string]string{
		"/admin/mentor-links?hall=" + storetest.HallB + "&lang=en": `href="/admin/mentor-links?hall=` + storetest.HallB + `&amp;lang=zh"`,
		"/admin/requests?category=repair&lang=en":                  `href="/admin/requests?category=repair&amp;lang=zh"`,
		"/admin/kiosks": `href="/admin/kiosks?lang=en"`,
	} {
		if _, body := e.do(c, http.MethodGet, path, nil, ""); !strings.Contains(body, want) {
			t.Errorf("%s: no %s in\n%s", path, want, body)
		}
	}
}

// The missed-heartbeat alert (issue 12) on the fake clock: a kiosk
// silent for over 5 minutes is named on the kiosks page and on its
// hall's dashboard, one that never spoke counting from its enrollment;
// a revoked one, or one heard from again, is not.
func TestMissedHeartbeatAlert(t *testing.T) {
	e := newEnv(t) // k1 heard now, k2 3 min ago, kb never (enrolled 3 min ago)
	root := e.signIn("root")
	_, body := e.do(root, http.MethodGet, "/admin/kiosks?lang=en", nil, "")
	if strings.Contains(body, "Missed heartbeats") {
		t.Fatalf("an alert 3 minutes in:\n%s", body)
	}
	e.Clock.Advance(2*time.Minute + time.Second)
	_, body = e.do(root, http.MethodGet, "/admin/kiosks?lang=en", nil, "")
	for _, want := range []string{`id="missed-h">Missed heartbeats`, "Kiosk k2 (Hall A), last contact 2026-03-02 09:00",
		"Kiosk kb (Hall B), last contact never"} {
		if !strings.Contains(body, want) {
			t.Errorf("kiosks page lacks %q", want)
		}
	}
	if strings.Contains(body, "Kiosk k1 (") || strings.Count(body, "<strong>missed heartbeat</strong>") != 2 {
		t.Errorf("want k2 and kb flagged, not k1:\n%s", body)
	}
	_, body = e.do(e.signIn("ada"), http.MethodGet, "/admin/kiosks?lang=zh", nil, "")
	if !strings.Contains(body, "心跳中断预警") || !strings.Contains(body, "Kiosk k2（甲大厅），最近联络 2026-03-02 09:00") || strings.Contains(body, "Kiosk kb") {
		t.Errorf("hall A's admin's alert:\n%s", body)
	}
	// The dashboard names its own hall's kiosks, for viewers too.
	for hall, want := range map[string]string{storetest.HallA: "Kiosk k2 (Hall A)", storetest.HallB: "Kiosk kb (Hall B)"} {
		_, body = e.do(e.signIn("vic"), http.MethodGet, "/admin/dashboard?lang=en&hall="+hall, nil, "")
		if !strings.Contains(body, "Missed heartbeats") || !strings.Contains(body, want) || strings.Count(body, "<li>Kiosk ") != 1 {
			t.Errorf("dashboard of %s lacks %q alone:\n%s", hall, want, body)
		}
	}
	// Revoked, or heard from again: no more alert.
	e.Must(e.S.RevokeKiosk(e.Ctx, e.KB.ID))
	if _, err := e.S.Heartbeat(e.Ctx, e.K2.ID, central.Health{Version: "1.4.2"}); err != nil {
		t.Fatal(err)
	}
	_, body = e.do(root, http.MethodGet, "/admin/kiosks?lang=en", nil, "")
	if strings.Contains(body, "Missed heartbeats") {
		t.Errorf("alert after k2 spoke and kb was revoked:\n%s", body)
	}
	_, body = e.do(root, http.MethodGet, "/admin/dashboard?lang=en&hall="+storetest.HallA, nil, "")
	if strings.Contains(body, "Missed heartbeats") {
		t.Errorf("dashboard alert after k2 spoke")
	}
}
