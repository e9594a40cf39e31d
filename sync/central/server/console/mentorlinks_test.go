package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central/storetest"
)

var linkRE = regexp.MustCompile(`value="(http://[^"]+/m/([A-Z0-9]+))"`)

// newLink makes the mentor a link as the admin and returns its URL.
func (e *env) newLink(c *http.Client, mentor string) string {
	e.T.Helper()
	res, body := e.do(c, http.MethodPost, "/admin/mentor-links/create", url.Values{"mentor": {mentor}}, "")
	m := linkRE.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil || !strings.Contains(body, "data:image/png;base64,") || len(m[2]) < 26 {
		e.T.Fatalf("make a link: %d\n%s", res.StatusCode, body)
	}
	if !strings.HasPrefix(m[1], e.url+"/m/") {
		e.T.Fatalf("link %s is not on this server (%s)", m[1], e.url)
	}
	return m[1]
}

func status(t *testing.T, u string) int {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func TestMentorLinks(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("ada")
	_, body := e.do(c, http.MethodGet, "/admin/mentor-links", nil, "")
	if !strings.Contains(body, "王老师") || !strings.Contains(body, "未生成") || !strings.Contains(body, "生成链接") {
		t.Fatalf("page before any link:\n%s", body)
	}
	first := e.newLink(c, storetest.MentorA)
	if st := status(t, first); st != http.StatusOK {
		t.Fatalf("the new link's page: %d", st)
	}
	_, body = e.do(c, http.MethodGet, "/admin/mentor-links?lang=en", nil, "")
	token := first[strings.LastIndex(first, "/")+1:]
	if !strings.Contains(body, "active, made 2026-03-02 09:03") || strings.Contains(body, token) || !strings.Contains(body, "Revoke link") {
		t.Fatalf("page with a link (shown once only):\n%s", body)
	}
	// A new link stops the old one working.
	second := e.newLink(c, storetest.MentorA)
	if status(t, first) != http.StatusNotFound || status(t, second) != http.StatusOK {
		t.Fatal("making a new link must revoke the old one")
	}
	res, _ := e.do(c, http.MethodPost, "/admin/mentor-links/revoke", url.Values{"mentor": {storetest.MentorA}}, "")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "revoked=1") {
		t.Fatalf("revoke: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if st := status(t, second); st != http.StatusNotFound {
		t.Fatalf("a revoked link: %d", st)
	}
	_, body = e.do(c, http.MethodGet, res.Header.Get("Location"), nil, "")
	if !strings.Contains(body, "已停用该导师的链接") || !strings.Contains(body, "未生成") {
		t.Fatalf("after revoking:\n%s", body)
	}
	if res, _ := e.do(c, http.MethodPost, "/admin/mentor-links/create", url.Values{"mentor": {"nobody"}}, ""); res.StatusCode != http.StatusNotFound {
		t.Fatalf("an unknown mentor: %d", res.StatusCode)
	}
}

// A link is made where the hall's kiosks point phones: its
// public.base_url when set.
func TestMentorLinkUsesPublicURL(t *testing.T) {
	e := newEnv(t)
	e.Must(e.S.SetSettings(e.Ctx, storetest.HallA, map[string]string{kiosk.SettingPublicURL: "http://192.0.2.7:8480/"}))
	_, body := e.do(e.signIn("ada"), http.MethodPost, "/admin/mentor-links/create", url.Values{"mentor": {storetest.MentorA}}, "")
	if !strings.Contains(body, `value="http://192.0.2.7:8480/m/`) {
		t.Fatalf("link not on the public URL:\n%s", body)
	}
}

// Another hall's mentor is a 403 to a hall admin; viewers get none.
func TestMentorLinksScope(t *testing.T) {
	e := newEnv(t)
	e.Must(e.S.PutMentor(e.Ctx, storetest.HallB, kiosk.Mentor{ID: "mentor-b", Name: kiosk.LocalName{Zh: "赵老师"}, Type: kiosk.MentorCareer}))
	ada := e.signIn("ada")
	for _, p := range []string{"/admin/mentor-links/create", "/admin/mentor-links/revoke"} {
		res, body := e.do(ada, http.MethodPost, p, url.Values{"mentor": {"mentor-b"}}, "")
		if res.StatusCode != http.StatusForbidden || strings.Contains(body, "/m/") {
			t.Fatalf("%s of hall B's mentor by hall A's admin: %d", p, res.StatusCode)
		}
	}
	if ls, _ := e.S.MentorLinks(e.Ctx, storetest.HallB); len(ls) != 1 || ls[0].Active() {
		t.Fatalf("hall B's mentor got a link: %+v", ls)
	}
	if res, body := e.do(ada, http.MethodGet, "/admin/mentor-links?hall="+storetest.HallB, nil, ""); res.StatusCode != http.StatusForbidden || strings.Contains(body, "赵老师") {
		t.Fatalf("hall B's page for hall A's admin: %d", res.StatusCode)
	}
	if _, body := e.do(ada, http.MethodGet, "/admin/mentor-links", nil, ""); strings.Contains(body, "赵老师") {
		t.Fatal("hall A's admin sees hall B's mentor")
	}
	vic := e.signIn("vic")
	if res, _ := e.do(vic, http.MethodGet, "/admin/mentor-links", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a viewer's page: %d", res.StatusCode)
	}
	if res, _ := e.do(vic, http.MethodPost, "/admin/mentor-links/create", url.Values{"mentor": {storetest.MentorA}}, ""); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a viewer making a link: %d", res.StatusCode)
	}
	// The campus admin picks the hall.
	_, body := e.do(e.signIn("root"), http.MethodGet, "/admin/mentor-links?hall="+storetest.HallB, nil, "")
	if !strings.Contains(body, "赵老师") || !strings.Contains(body, `<select id="md-hall"`) {
		t.Fatalf("campus admin's hall B:\n%s", body)
	}
	// Without a choice it is the first hall, as every page lists them.
	if _, body := e.do(e.signIn("root"), http.MethodGet, "/admin/mentor-links", nil, ""); !strings.Contains(body, "王老师") {
		t.Fatalf("campus admin's default hall:\n%s", body)
	}
}
