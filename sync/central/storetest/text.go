package storetest

import (
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// Regression (issue 9, item 2): NUL and invalid UTF-8 in ids and text
// are refused as invalid, naming the field, on every store alike:
// PostgreSQL cannot store NUL, so the same push used to fail there with
// a 500 and block the kiosk's outbox for ever. A resend gets the same
// answer, and the kiosk's next mutation goes through.
func testPushBadText(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	raw := func(kind, id, payload string) kiosk.Mutation {
		m := f.Mutation(f.K1, kind, id, nil)
		m.Payload = []byte(payload)
		return m
	}
	ok := visit("v-ok", Alice)
	ms := []kiosk.Mutation{
		raw(kiosk.KindVisitCheckin, "v1", `{"id":"v\u0000x","student":"`+Alice+`","purpose":"study","at":"2026-03-02T09:00:00+08:00"}`),
		raw(kiosk.KindVisitCheckin, "v2", `{"id":"v2","student":"`+Alice+"\xff"+`","purpose":"study","at":"2026-03-02T09:00:00+08:00"}`),
		raw(kiosk.KindVisitCheckin, "v\x003", `{"id":"v3","student":"`+Alice+`","purpose":"study","at":"2026-03-02T09:00:00+08:00"}`),
		f.Mutation(f.K1, kiosk.KindVisitCheckin, ok.ID, ok),
	}
	want := []string{"id", "student", "id"}
	res, err := f.S.Push(f.Ctx, f.K1, ms)
	f.Must(err)
	check := func(res central.PushResult, dup bool) {
		t.Helper()
		for i, field := range want {
			r := res.Results[i]
			status := wire.StatusRejected
			if dup {
				status = wire.StatusDuplicate
			}
			if r.Status != status || r.Code != kiosk.EINVALID || r.MessageID != kiosk.MsgErrBadInput || r.Field != field {
				t.Errorf("mutation %d: %+v, want %s invalid naming %q", i, r, status, field)
			}
		}
		if !dup && res.Results[3].Status != wire.StatusApplied {
			t.Errorf("the good mutation after them: %+v", res.Results[3])
		}
	}
	check(res, false)
	again, err := f.S.Push(f.Ctx, f.K1, ms)
	f.Must(err)
	check(again, true)
	if _, _, err := f.S.Entity(f.Ctx, wire.EntityVisit, "v2"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("a refused visit was stored: %v", err)
	}
	if strings.Contains(string(res.Results[0].Entity), "\x00") {
		t.Error("the answer carries the NUL back")
	}
}
