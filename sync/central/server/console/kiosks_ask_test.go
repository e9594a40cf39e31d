package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onestop/kiosk"
)

// "Sync now" and "Restart when idle" on the kiosks page reach the
// kiosk's command entity; only admins of the kiosk's hall may ask.
func TestKioskAsk(t *testing.T) {
	e := newEnv(t)
	root := e.signIn("root")
	_, page := e.do(root, http.MethodGet, "/admin/kiosks?lang=en", nil, "")
	if !strings.Contains(page, `value="sync"`) || !strings.Contains(page, "Restart when idle") {
		t.Fatalf("kiosks page lacks the asks:\n%s", page)
	}
	res, _ := e.do(root, http.MethodPost, "/admin/kiosks/ask?lang=en", url.Values{"kiosk": {e.K2.ID}, "what": {kiosk.AskSync}}, "")
	_, body := e.do(root, http.MethodGet, res.Header.Get("Location"), nil, "")
	if !strings.Contains(body, "Asked Kiosk k2 to sync now") {
		t.Errorf("no confirmation:\n%s", body)
	}
	e.do(root, http.MethodPost, "/admin/kiosks/ask", url.Values{"kiosk": {e.K2.ID}, "what": {kiosk.AskRestart}}, "")
	_, data, err := e.S.Entity(e.Ctx, kiosk.EntityKioskCommand, e.K2.ID)
	e.Must(err)
	var cmd kiosk.KioskCommand
	e.Must(json.Unmarshal(data, &cmd))
	if cmd.Sync != 1 || cmd.Restart != 1 {
		t.Errorf("command %+v", cmd)
	}
	if res, _ := e.do(e.signIn("vic"), http.MethodPost, "/admin/kiosks/ask", url.Values{"kiosk": {e.K2.ID}, "what": {kiosk.AskSync}}, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer asked: %d", res.StatusCode)
	}
	if res, _ := e.do(e.signIn("ada"), http.MethodPost, "/admin/kiosks/ask", url.Values{"kiosk": {e.KB.ID}, "what": {kiosk.AskSync}}, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("hall A's admin asked hall B's kiosk: %d", res.StatusCode)
	}
	if res, _ := e.do(root, http.MethodPost, "/admin/kiosks/ask", url.Values{"kiosk": {e.K2.ID}, "what": {"explode"}}, ""); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown ask: %d", res.StatusCode)
	}
	if res, _ := e.do(root, http.MethodPost, "/admin/kiosks/ask", url.Values{"kiosk": {e.K2.ID}, "what": {kiosk.AskSync}}, "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site ask: %d", res.StatusCode)
	}
}
