package console_test

import (
	"net/http"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// The board's "assisted" filter (issue 11): requests a desk volunteer
// submitted for a student, or the others; a made-up value is an inline
// error, not a 500.
func TestBoardAssistedFilter(t *testing.T) {
	e := boardEnv(t)
	r := storetest.Request("rh", storetest.Bob)
	r.AssistedBy = storetest.Alice
	storetest.WantStatus(t, e.Push(e.K1, kiosk.KindRequestCreate, "rh", r), wire.StatusApplied, "")
	c := e.signIn("root")
	_, body := e.do(c, http.MethodGet, "/admin/requests?lang=en&assisted=yes", nil, "")
	if !strings.Contains(body, "/admin/requests/rh?") || strings.Contains(body, "/admin/requests/r1?") || !strings.Contains(body, `value="yes" selected`) {
		t.Fatalf("assisted=yes:\n%s", body)
	}
	_, body = e.do(c, http.MethodGet, "/admin/requests?lang=zh&assisted=no", nil, "")
	if strings.Contains(body, "/admin/requests/rh?") || !strings.Contains(body, "/admin/requests/r1?") || !strings.Contains(body, "仅看学生自己提交的") {
		t.Fatalf("assisted=no:\n%s", body)
	}
	res, body := e.do(c, http.MethodGet, "/admin/requests?lang=en&assisted=maybe", nil, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `aria-describedby="rq-f-assisted-err"`) {
		t.Fatalf("bad assisted %d:\n%s", res.StatusCode, body)
	}
}
