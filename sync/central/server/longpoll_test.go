package server_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// heldTimers replaces the long poll's timer: each held pull hands the
// test its timer channel, which says the request now waits, and the
// test fires it to end the wait. No test waits for real time.
func heldTimers(e *env) <-chan chan time.Time {
	armed := make(chan chan time.Time, 16)
	e.srv.WaitTimer = func(time.Duration) (<-chan time.Time, func()) {
		ch := make(chan time.Time, 1)
		armed <- ch
		return ch, func() {}
	}
	return armed
}

type answer struct {
	status int
	body   []byte
}

// pullAsync sends a pull with wait and returns where its answer comes.
func (e *env) pullAsync(token, cursor, wait string) <-chan answer {
	out := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, e.url+"/api/v1/changes?cursor="+cursor+"&wait="+wait, nil)
		req.Header.Set(wire.HeaderVersion, wire.Version)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			out <- answer{status: -1, body: []byte(err.Error())}
			return
		}
		defer res.Body.Close()
		var b json.RawMessage
		json.NewDecoder(res.Body).Decode(&b)
		out <- answer{res.StatusCode, b}
	}()
	return out
}

// upToDate pulls token's hall until nothing is left and returns the cursor.
func (e *env) upToDate(token string) string {
	e.T.Helper()
	cursor := ""
	for {
		p := e.pull(token, cursor, 0)
		cursor = p.NextCursor
		if !p.HasMore && len(p.Changes) == 0 {
			return cursor
		}
	}
}

// bounded fails the test if nothing arrives; the bound is not a timing
// claim, it only keeps a broken wake from hanging the test.
func bounded[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: nothing after 20 s", what)
	}
	var zero T
	return zero
}

func page(t *testing.T, a answer) wire.PullResponse {
	t.Helper()
	if a.status != http.StatusOK {
		t.Fatalf("pull: %d %s", a.status, a.body)
	}
	var p wire.PullResponse
	if err := json.Unmarshal(a.body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLongPollWokenByOtherKiosk: k1 waits on an up-to-date cursor; k2 of
// the same hall pushes a check-in and k1's pull answers with it, before
// its wait is over.
func TestLongPollWokenByOtherKiosk(t *testing.T) {
	e := newEnv(t)
	armed := heldTimers(e)
	cursor := e.upToDate(tokK1)
	got := e.pullAsync(tokK1, cursor, "30")
	expire := bounded(t, armed, "the pull never waited")
	e.push(tokK2, "k2", wm(t, 1, kiosk.KindVisitCheckin, "v-arrive", visitPayload("v-arrive", storetest.Alice)))
	p := page(t, bounded(t, got, "the push did not wake the waiting pull"))
	expire <- time.Time{} // harmless now; a pull that still waited would end here
	if len(p.Changes) == 0 || p.NextCursor == cursor {
		t.Fatalf("woken pull brought %+v", p)
	}
	found := false
	for _, c := range p.Changes {
		found = found || (c.Entity == wire.EntityVisit && c.ID == "v-arrive")
	}
	if !found {
		t.Fatalf("woken pull lacks the visit: %+v", p.Changes)
	}
}

// TestLongPollOtherHallAndTimeout: a change in hall B does not answer a
// hall A kiosk's wait; when the wait is over the answer is an empty page
// that keeps the cursor.
func TestLongPollOtherHallAndTimeout(t *testing.T) {
	e := newEnv(t)
	armed := heldTimers(e)
	cursor := e.upToDate(tokK1)
	got := e.pullAsync(tokK1, cursor, "5")
	expire := bounded(t, armed, "the pull never waited")
	e.push(tokKB, "kb", wm(t, 1, kiosk.KindVisitCheckin, "v-b", kiosk.Visit{ID: "v-b", StudentKey: storetest.Carol,
		Purpose: kiosk.PurposeStudy, At: storetest.Start}))
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallB, kiosk.Announcement{ID: "ann-b", Title: kiosk.LocalName{Zh: "通知"}}))
	// Both commits are done and hall A's waiters were not in their
	// wake; a pull that answered anyway has done so by now or will
	// show it in its page below.
	select {
	case a := <-got:
		t.Fatalf("hall B's changes answered hall A's wait: %d %s", a.status, a.body)
	default:
	}
	expire <- time.Time{}
	p := page(t, bounded(t, got, "the expired wait did not answer"))
	if len(p.Changes) != 0 || p.HasMore || p.Reset || p.NextCursor != cursor {
		t.Fatalf("expired wait: %+v, want an empty page with cursor %q", p, cursor)
	}
}

// TestLongPollAdminChange: an admin's announcement in the hall answers
// every kiosk of that hall waiting on it.
func TestLongPollAdminChange(t *testing.T) {
	e := newEnv(t)
	armed := heldTimers(e)
	c1, c2 := e.upToDate(tokK1), e.upToDate(tokK2)
	g1, g2 := e.pullAsync(tokK1, c1, "30"), e.pullAsync(tokK2, c2, "30")
	bounded(t, armed, "the first pull never waited")
	bounded(t, armed, "the second pull never waited")
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "ann-a", Title: kiosk.LocalName{Zh: "停水通知"}}))
	for i, g := range []<-chan answer{g1, g2} {
		p := page(t, bounded(t, g, "the announcement did not wake a kiosk"))
		if len(p.Changes) != 1 || p.Changes[0].ID != "ann-a" {
			t.Fatalf("kiosk %d got %+v", i+1, p.Changes)
		}
	}
}

// TestLongPollNotUpToDate: a cursor behind the feed is answered at once,
// wait or not; so is a first pull (a snapshot).
func TestLongPollNotUpToDate(t *testing.T) {
	e := newEnv(t)
	armed := heldTimers(e)
	p := page(t, bounded(t, e.pullAsync(tokK1, "", "30"), "a snapshot pull waited"))
	if !p.Reset || len(p.Changes) == 0 {
		t.Fatalf("first pull with wait: %+v", p)
	}
	select {
	case <-armed:
		t.Fatal("a pull with something to send waited")
	default:
	}
}

// TestLongPollStopWaits: stopping the server's waits answers a held
// pull with the empty page, as a shutdown does.
func TestLongPollStopWaits(t *testing.T) {
	e := newEnv(t)
	armed := heldTimers(e)
	cursor := e.upToDate(tokK1)
	got := e.pullAsync(tokK1, cursor, "30")
	bounded(t, armed, "the pull never waited")
	e.srv.StopWaits()
	if p := page(t, bounded(t, got, "StopWaits left the pull waiting")); len(p.Changes) != 0 || p.NextCursor != cursor {
		t.Fatalf("stopped wait: %+v", p)
	}
}

func TestLongPollBadWait(t *testing.T) {
	e := newEnv(t)
	for _, w := range []string{"0", "31", "-1", "1.5", "x", "1e1", "%205"} {
		st, body := e.call(http.MethodGet, "/api/v1/changes?wait="+w, tokK1, nil)
		e.wantError(st, body, http.StatusBadRequest, kiosk.EINVALID, "wait")
	}
}
