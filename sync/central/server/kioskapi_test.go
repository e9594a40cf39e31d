package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

func TestEnroll(t *testing.T) {
	e := newEnv(t)
	e.Must(e.S.CreateEnrollCode(e.Ctx, central.HashSecret("ABCD2345EFGH6789"), storetest.HallB, e.Clock.Now().Add(time.Hour)))
	st, body := e.call(http.MethodPost, "/api/v1/enroll", "", wire.EnrollRequest{Code: "abcd-2345-efgh-6789", Name: "North lobby"})
	if st != http.StatusOK {
		t.Fatalf("enroll: %d %s", st, body)
	}
	var res wire.EnrollResponse
	e.Must(json.Unmarshal(body, &res))
	if res.HallID != storetest.HallB || !strings.HasPrefix(res.KioskID, "k_") || len(res.Token) < 40 {
		t.Fatalf("enrolled %+v", res)
	}
	st, body = e.call(http.MethodPost, "/api/v1/heartbeat", res.Token, wire.Heartbeat{Version: "0.9", OutboxPending: 3})
	var hb wire.HeartbeatResponse
	if e.Must(json.Unmarshal(body, &hb)); st != http.StatusOK || !hb.ServerTime.Equal(e.Clock.Now()) {
		t.Fatalf("heartbeat %d %s", st, body)
	}
	st, body = e.call(http.MethodPost, "/api/v1/enroll", "", wire.EnrollRequest{Code: "ABCD-2345-EFGH-6789"})
	e.wantError(st, body, http.StatusUnauthorized, kiosk.EUNAUTHORIZED, "")
	st, body = e.call(http.MethodPost, "/api/v1/enroll", "", wire.EnrollRequest{})
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "code")
}

func TestPushDuplicateAndGap(t *testing.T) {
	e := newEnv(t)
	m1 := wm(t, 1, kiosk.KindVisitCheckin, "v1", visitPayload("v1", storetest.Alice))
	m2 := wm(t, 2, kiosk.KindBookingCreate, "b1", storetest.Booking("b1", storetest.RoomA, storetest.Alice, e.At(1, 10, 0), e.At(1, 11, 0)))
	res := e.push(tokK1, "k1", m1, m2)
	if res.LastSeq != 2 || res.Results[0].Status != wire.StatusApplied || res.Results[1].Status != wire.StatusApplied {
		t.Fatalf("first push %+v", res)
	}
	again := e.push(tokK1, "k1", m1, m2)
	for i, r := range again.Results {
		if r.Status != wire.StatusDuplicate || r.Stored != wire.StatusApplied || string(r.Entity) != string(res.Results[i].Entity) {
			t.Fatalf("duplicate %d: %+v", i, r)
		}
	}
	st, body := e.call(http.MethodPost, "/api/v1/push", tokK1,
		wire.PushRequest{KioskID: "k1", Mutations: []wire.Mutation{wm(t, 5, kiosk.KindVisitCheckin, "v5", visitPayload("v5", storetest.Alice))}})
	if eb := e.wantError(st, body, http.StatusConflict, wire.CodeSeqGap, ""); eb.ExpectedSeq != 3 {
		t.Fatalf("expected seq %d", eb.ExpectedSeq)
	}
	// The other kiosk's conflicting booking is a 200 with a conflict.
	res = e.push(tokK2, "k2", wm(t, 1, kiosk.KindBookingCreate, "b2", storetest.Booking("b2", storetest.RoomA, storetest.Bob, e.At(1, 10, 0), e.At(1, 11, 0))))
	if r := res.Results[0]; r.Status != wire.StatusConflict || r.MessageID != kiosk.MsgErrSlotTaken {
		t.Fatalf("loser %+v", r)
	}
}

func TestPushBatchLimits(t *testing.T) {
	e := newEnv(t)
	batch := make([]wire.Mutation, wire.MaxMutations+1)
	for i := range batch {
		id := fmt.Sprint("v", i+1)
		batch[i] = wm(t, int64(i+1), kiosk.KindVisitCheckin, id, visitPayload(id, storetest.Bob))
	}
	st, body := e.call(http.MethodPost, "/api/v1/push", tokK1, wire.PushRequest{KioskID: "k1", Mutations: batch})
	e.wantError(st, body, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, "mutations")
	res := e.push(tokK1, "k1", batch[:wire.MaxMutations]...)
	if res.LastSeq != wire.MaxMutations || len(res.Results) != wire.MaxMutations {
		t.Fatalf("batch of 500: last %d, %d results", res.LastSeq, len(res.Results))
	}
	for _, r := range res.Results {
		if r.Status != wire.StatusApplied {
			t.Fatalf("result %+v", r)
		}
	}
	// A body over 1 MiB is refused before it is parsed.
	big := `{"kiosk_id":"k1","mutations":[{"seq":501,"id":"x","kind":"visit.checkin","payload":{"pad":"` +
		strings.Repeat("x", wire.MaxPushBytes) + `"}}]}`
	st, body = e.call(http.MethodPost, "/api/v1/push", tokK1, big)
	e.wantError(st, body, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, "")
}

func TestAuthAndHalls(t *testing.T) {
	e := newEnv(t)
	for _, tok := range []string{"", "wrong"} {
		st, body := e.call(http.MethodGet, "/api/v1/changes", tok, nil)
		e.wantError(st, body, http.StatusUnauthorized, kiosk.EUNAUTHORIZED, "")
		st, body = e.call(http.MethodPost, "/api/v1/push", tok, wire.PushRequest{KioskID: "k1"})
		e.wantError(st, body, http.StatusUnauthorized, kiosk.EUNAUTHORIZED, "")
	}
	// Hall B's kiosk pushing as hall A's kiosk.
	st, body := e.call(http.MethodPost, "/api/v1/push", tokKB, wire.PushRequest{KioskID: "k1",
		Mutations: []wire.Mutation{wm(t, 1, kiosk.KindVisitCheckin, "v1", visitPayload("v1", storetest.Alice))}})
	e.wantError(st, body, http.StatusForbidden, kiosk.EFORBIDDEN, "kiosk_id")
	// Booking hall B's room from hall A: refused inside the 200.
	res := e.push(tokK1, "k1", wm(t, 1, kiosk.KindBookingCreate, "b", storetest.Booking("b", storetest.RoomB, storetest.Alice, e.At(1, 10, 0), e.At(1, 11, 0))))
	if r := res.Results[0]; r.Status != wire.StatusRejected || r.Code != kiosk.EFORBIDDEN {
		t.Fatalf("other hall's room %+v", r)
	}
	// Each kiosk's feed is its hall's.
	p := e.pull(tokKB, "", 500)
	for _, c := range p.Changes {
		if c.ID == storetest.RoomA || c.ID == storetest.Alice {
			t.Fatalf("hall B's kiosk sees %s %s", c.Entity, c.ID)
		}
	}
}

func TestMalformed(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct{ name, body, field string }{
		{"wrong type", `{"kiosk_id":"k1","mutations":[{"seq":"one"}]}`, "mutations.seq"},
		{"unknown field", `{"kiosk_id":"k1","mutationz":[]}`, "mutationz"},
		{"syntax", `{"kiosk_id":"k1",`, "body"},
		{"not JSON", `hello`, "body"},
		{"two values", `{"kiosk_id":"k1"} {}`, "body"},
		{"no kind", `{"kiosk_id":"k1","mutations":[{"seq":1,"id":"x","payload":{}}]}`, "mutations[0].kind"},
		{"payload not object", `{"kiosk_id":"k1","mutations":[{"seq":1,"id":"x","kind":"visit.checkin","payload":[1]}]}`, "mutations[0].payload"},
		{"holey seqs", `{"kiosk_id":"k1","mutations":[{"seq":1,"id":"x","kind":"k","payload":{}},{"seq":3,"id":"y","kind":"k","payload":{}}]}`, "mutations[1].seq"},
		// Issue 9, item 10: the field, not "body"; a top-level array is the body's fault.
		{"bad time", `{"kiosk_id":"k1","mutations":[{"seq":1,"id":"x","kind":"k","at":"yesterday","payload":{}}]}`, "mutations.at"},
		{"array", `[1,2]`, "body"},
	} {
		st, body := e.call(http.MethodPost, "/api/v1/push", tokK1, tt.body)
		e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, tt.field)
	}
	st, body := e.call(http.MethodGet, "/api/v1/changes?limit=lots", tokK1, nil)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "limit")
	st, body = e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, `{"outbox_pending":"many"}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "outbox_pending")
	st, body = e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, `{"outbox_pending":-3}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "outbox_pending")
	// Messages speak JSON, not Go, and echo no huge value back.
	huge := `{"kiosk_id":"k1","` + strings.Repeat("x", 60000) + `":1}`
	st, body = e.call(http.MethodPost, "/api/v1/push", tokK1, huge)
	if er := e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, ""); len(body) > 600 {
		t.Errorf("a 60 KB field name came back in %d bytes: %.200s", len(body), er.Message)
	}
	st, body = e.call(http.MethodPost, "/api/v1/push", tokK1, `"push"`)
	if er := e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "body"); strings.Contains(er.Message, "wire.") {
		t.Errorf("message names a Go type: %s", er.Message)
	}
	// Text no store keeps alike (issue 9, item 2) is a 400 naming the field.
	st, body = e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, `{"version":"1.0\u0000evil"}`)
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "version")
	st, body = e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, []byte("{\"version\":\"1.0\xff\"}"))
	e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "version")
}

// TestCursorResume: a kiosk killed after receiving a page but before
// storing it pulls again from the last stored cursor and ends with
// every change once.
func TestCursorResume(t *testing.T) {
	e := newEnv(t)
	first := e.pull(tokK1, "", 0)
	if !first.Reset || first.HasMore {
		t.Fatalf("first pull %+v", first)
	}
	for i := range 12 {
		e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: fmt.Sprint("n", i), StartsAt: storetest.Start}))
	}
	stored := first.NextCursor
	var got []string
	for crash := true; ; {
		p := e.pull(tokK1, stored, 5)
		if crash && len(got) > 0 {
			crash = false // killed before committing this page: drop it
			continue
		}
		for _, c := range p.Changes {
			got = append(got, c.ID)
		}
		stored = p.NextCursor
		if !p.HasMore {
			break
		}
	}
	if len(got) != 12 {
		t.Fatalf("got %v", got)
	}
	for i, id := range got {
		if id != fmt.Sprint("n", i) {
			t.Fatalf("got %v", got)
		}
	}
}

func TestResetAfterRetention(t *testing.T) {
	e := newEnv(t)
	c := e.pull(tokK1, "", 0).NextCursor
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "old", StartsAt: storetest.Start}))
	e.Clock.Advance(40 * 24 * time.Hour)
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "new", StartsAt: storetest.Start}))
	if _, err := e.S.PruneChanges(context.Background(), e.Clock.Now().Add(-30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	p := e.pull(tokK1, c, 0)
	if !p.Reset || p.Changes[0].Entity != wire.EntitySettings {
		t.Fatalf("stale cursor: reset %v, first %+v", p.Reset, p.Changes[0])
	}
}

func TestProtocolErrors(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		version string
		status  int
		code    string
	}{{"", http.StatusBadRequest, kiosk.EINVALID}, {"2", http.StatusConflict, wire.CodeVersion}} {
		req, _ := http.NewRequest(http.MethodGet, e.url+"/api/v1/changes", nil)
		req.Header.Set("Authorization", "Bearer "+tokK1)
		if tt.version != "" {
			req.Header.Set(wire.HeaderVersion, tt.version)
		}
		res, err := http.DefaultClient.Do(req)
		e.Must(err)
		var er wire.Error
		e.Must(json.NewDecoder(res.Body).Decode(&er))
		res.Body.Close()
		if res.StatusCode != tt.status || er.Error.Code != tt.code || er.Error.Field != wire.HeaderVersion {
			t.Fatalf("version %q: %d %+v", tt.version, res.StatusCode, er)
		}
	}
	st, body := e.call(http.MethodGet, "/api/v1/nothing", tokK1, nil)
	e.wantError(st, body, http.StatusNotFound, kiosk.ENOTFOUND, "")
	st, body = e.call(http.MethodGet, "/api/v1/push", tokK1, nil)
	e.wantError(st, body, http.StatusMethodNotAllowed, wire.CodeMethod, "")
}

// panicky is a store that panics on a pull.
type panicky struct{ central.Store }

func (panicky) Changes(context.Context, string, central.Cursor, int) (central.Page, error) {
	panic("boom")
}

func TestPanicIsJSON(t *testing.T) {
	f := storetest.NewFixture(t, sqlitetest.Fresh)
	e := serve(t, f, panicky{f.S})
	st, body := e.call(http.MethodGet, "/api/v1/changes", tokK1, nil)
	eb := e.wantError(st, body, http.StatusInternalServerError, kiosk.EINTERNAL, "")
	if strings.Contains(eb.Message, "boom") || strings.Contains(string(body), "goroutine") {
		t.Fatalf("panic leaked: %s", body)
	}
}

// Regression (issue 9, item 9): a "." or ".." segment or a double slash
// under /api gets the JSON error, not the mux's HTML 307 redirect.
func TestDotSegmentsAnswerJSON(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/api/v1/./push", "/api/v1/../v1/changes", "/api//v1/heartbeat", "/api/v1/admin/../enroll", "/api/v1/push/."} {
		st, body := e.call(http.MethodPost, p, "", `{}`)
		e.wantError(st, body, http.StatusNotFound, kiosk.ENOTFOUND, "")
	}
}
