package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// shiftsEnv adds two capped shifts: Alice's in hall A, corrected to two
// hours, and hall B's volunteer Dave's, not corrected.
func shiftsEnv(t *testing.T) *env {
	e := newEnv(t)
	e.Must(e.S.PutStudents(e.Ctx, []central.Student{{Key: "key-dave", MaskedName: "赵*", BuildingID: storetest.BuildingB, Floor: 4,
		Roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}}}))
	push := func(k central.Kiosk, kind string, s kiosk.Shift) {
		t.Helper()
		storetest.WantStatus(t, e.Push(k, kind, s.ID, s), wire.StatusApplied, "")
	}
	start := e.Clock.Now() // 2026-03-02 09:03 in the halls' zone
	push(e.K1, wire.KindShiftStart, kiosk.Shift{ID: "s-alice", StudentKey: storetest.Alice, Start: start})
	e.Clock.Advance(time.Hour)
	push(e.KB, wire.KindShiftStart, kiosk.Shift{ID: "s-dave", StudentKey: "key-dave", Start: e.Clock.Now()})
	e.Clock.Advance(7 * time.Hour)
	push(e.K2, wire.KindShiftCap, kiosk.Shift{ID: "s-alice"})
	push(e.KB, wire.KindShiftCap, kiosk.Shift{ID: "s-dave"})
	push(e.K1, wire.KindShiftCorrect, kiosk.Shift{ID: "s-alice", StudentKey: storetest.Alice, End: start.Add(2 * time.Hour)})
	return e
}

// shBrowserSeed gives the console's page tour capped shifts to show,
// imported as they are: one corrected, one not.
func shBrowserSeed(e *env) {
	start := e.At(0, 1, 0)
	e.Must(e.S.ImportHistory(e.Ctx, storetest.HallA, central.History{Shifts: []kiosk.Shift{
		{ID: "sh-open", StudentKey: storetest.Alice, Start: start, End: start.Add(6 * time.Hour), Capped: true}}}))
	e.Must(e.S.ImportHistory(e.Ctx, storetest.HallB, central.History{Shifts: []kiosk.Shift{
		{ID: "sh-fixed", StudentKey: storetest.Carol, Start: start, End: start.Add(2 * time.Hour), Capped: true, CorrectedAt: e.At(0, 8, 0)}}}))
}

func TestCappedShiftsPage(t *testing.T) {
	e := shiftsEnv(t)
	root := e.signIn("root")
	res, body := e.do(root, http.MethodGet, "/admin/shifts?lang=en", nil, "")
	for _, want := range []string{"Shifts capped for running too long", "张*华", "赵*", "Hall A", "Hall B",
		"2026-03-02 09:03", "2026-03-02 15:03", "corrected 2026-03-02 17:03", "2026-03-02 11:03", // Alice: start, cap, correction, left
		"2026-03-02 10:03", "2026-03-02 16:03", "not corrected", "Shifts started from 2026-03-02 to 2026-03-08"} {
		if !strings.Contains(body, want) {
			t.Errorf("campus admin's page lacks %q", want)
		}
	}
	if res.StatusCode != http.StatusOK || strings.Index(body, "赵*") > strings.Index(body, "张*华") {
		t.Fatalf("%d, want Dave's later start first:\n%s", res.StatusCode, body)
	}
	_, body = e.do(root, http.MethodGet, "/admin/shifts?lang=zh&uncorrected=1", nil, "")
	if strings.Contains(body, "张*华") || !strings.Contains(body, "赵*") || !strings.Contains(body, "未更正") || !strings.Contains(body, `value="1" checked`) {
		t.Errorf("not yet corrected only:\n%s", body)
	}
	_, body = e.do(root, http.MethodGet, "/admin/shifts?lang=en&hall="+storetest.HallB, nil, "")
	if strings.Contains(body, "张*华") || !strings.Contains(body, "赵*") {
		t.Errorf("hall B only:\n%s", body)
	}
	_, body = e.do(root, http.MethodGet, "/admin/shifts?lang=en&at=2026-03-09", nil, "")
	if strings.Contains(body, "赵*") || !strings.Contains(body, "No shift was capped in this period.") {
		t.Errorf("the next week:\n%s", body)
	}
	_, body = e.do(root, http.MethodGet, "/admin/shifts?lang=en&span=month&at=2026-03-31", nil, "")
	if !strings.Contains(body, "赵*") || !strings.Contains(body, "from 2026-03-01 to 2026-03-31") {
		t.Errorf("the month:\n%s", body)
	}
	// What cannot be read is an inline error, not a 500.
	res, body = e.do(root, http.MethodGet, "/admin/shifts?lang=en&span=year&at=2026-02-30&hall=nowhere", nil, "")
	for _, want := range []string{`aria-describedby="sh-span-err"`, `aria-describedby="sh-at-err"`, `aria-describedby="sh-hall-err"`} {
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("bad filters %d: no %s", res.StatusCode, want)
		}
	}
	// A hall admin sees their hall's only; another hall is a 403; a
	// viewer does not open the page.
	ada := e.signIn("ada")
	_, body = e.do(ada, http.MethodGet, "/admin/shifts?lang=en", nil, "")
	if strings.Contains(body, "赵*") || !strings.Contains(body, "张*华") || strings.Contains(body, `id="sh-hall"`) {
		t.Errorf("hall A's admin sees:\n%s", body)
	}
	if res, _ := e.do(ada, http.MethodGet, "/admin/shifts?hall="+storetest.HallB, nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("hall A's admin opening hall B: %d", res.StatusCode)
	}
	if res, _ := e.do(e.signIn("vic"), http.MethodGet, "/admin/shifts", nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer: %d", res.StatusCode)
	}
}
