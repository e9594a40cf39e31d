package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
)

// The audit page shows who changed what, before → after, scoped to the
// admin's halls; filters keep what was typed; the export is the same rows.
func TestAuditPage(t *testing.T) {
	e := newEnv(t)
	root := e.signIn("root")
	e.do(root, http.MethodPost, "/admin/kiosks/enroll-code", url.Values{"hall": {storetest.HallB}}, "")
	e.do(root, http.MethodPost, "/admin/kiosks/revoke", url.Values{"kiosk": {e.K2.ID}}, "")
	room := kiosk.Room{ID: storetest.RoomA, Name: kiosk.LocalName{Zh: "自习室"}, Type: kiosk.RoomStudy, Capacity: 12,
		BuildingID: storetest.BuildingA, Floor: 1, Opens: 8 * 60, Closes: 22 * 60, Active: true}
	e.Must(e.S.PutRoom(central.WithActor(e.Ctx, "admin:ada"), storetest.HallA, room))

	_, body := e.do(root, http.MethodGet, "/admin/audit?lang=en", nil, "")
	for _, want := range []string{"admin:root", "<td>enrollment code", "kiosk k2", "revoked", "capacity: 8 → 12", "admin:ada", "Hall B"} {
		if !strings.Contains(body, want) {
			t.Errorf("campus admin's log lacks %q:\n%s", want, body)
		}
	}
	// Hall A's admin sees hall A's entries, not hall B's code.
	ada := e.signIn("ada")
	_, body = e.do(ada, http.MethodGet, "/admin/audit?lang=en", nil, "")
	if strings.Contains(body, "<td>enrollment code") || !strings.Contains(body, "capacity: 8 → 12") {
		t.Errorf("hall A's admin sees:\n%s", body)
	}
	if res, _ := e.do(ada, http.MethodGet, "/admin/audit?hall="+storetest.HallB, nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("hall A's admin asking for hall B's log: %d", res.StatusCode)
	}
	if res, _ := e.do(e.signIn("vic"), http.MethodGet, "/admin/audit", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer opened the audit log: %d", res.StatusCode)
	}
	// A bad date is marked at its field; the rest typed stays.
	res, body := e.do(root, http.MethodGet, "/admin/audit?lang=en&actor=admin:ada&from=2026-13-45", nil, "")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="au-from-err"`) || !strings.Contains(body, `value="admin:ada"`) ||
		!strings.Contains(body, `value="2026-13-45"`) {
		t.Errorf("bad date: %d\n%s", res.StatusCode, body)
	}
	// Filter by who; export the same.
	_, body = e.do(root, http.MethodGet, "/admin/audit?actor=admin:ada", nil, "")
	if strings.Contains(body, "admin:root") || !strings.Contains(body, "admin:ada") {
		t.Errorf("filtered by ada:\n%s", body)
	}
	res, body = e.do(root, http.MethodGet, "/admin/audit.csv?actor=admin:root", nil, "")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(body, "\ufeff") || len(lines) != 3 ||
		!strings.Contains(lines[1], "自助机 k2,停用") || !strings.Contains(lines[2], "自助机注册码") {
		t.Errorf("export %s:\n%q", res.Header.Get("Content-Type"), body)
	}
}
