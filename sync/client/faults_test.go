package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/client"
	"onestop/sync/wire"
)

// visits checks the student in n times on k.
func visits(t *testing.T, c *campus, k *kioskNode, prefix string, n int) {
	t.Helper()
	s := k.student(0)
	for i := range n {
		must(t, k.db.CheckInVisit(context.Background(), &kiosk.Visit{ID: fmt.Sprintf("%s-%d", prefix, i), StudentKey: s.Key,
			HallID: demo.HallID, Purpose: kiosk.PurposeService, At: c.clock.Now()}))
	}
}

// visitsOnce checks that the n visits visits made are each at central
// once and answered once here, with nothing left pending.
func visitsOnce(t *testing.T, c *campus, k *kioskNode, prefix string, n int) {
	t.Helper()
	ctx := context.Background()
	id, _ := k.db.KioskIdentity(ctx)
	if got := c.lastSeq(id.KioskID); got != int64(n) {
		t.Errorf("central's last seq %d, want %d", got, n)
	}
	if p := k.pending(); p != 0 {
		t.Errorf("%d answers not recorded", p)
	}
	vs, err := k.db.VisitsOf(ctx, k.student(0).Key)
	must(t, err)
	seen := map[string]int{}
	for _, v := range vs {
		seen[v.ID]++
		if v.SyncState != kiosk.OutboxApplied {
			t.Errorf("visit %s is %s", v.ID, v.SyncState)
		}
	}
	snap := c.snapshot()
	for i := range n {
		id := fmt.Sprintf("%s-%d", prefix, i)
		if _, ok := snap[kiosk.EntityVisit][id]; !ok || seen[id] != 1 {
			t.Errorf("visit %s: at central %v, %d times on the kiosk", id, ok, seen[id])
		}
	}
}

// lastSeq is central's last applied seq for the only kiosk of its kind.
func (c *campus) lastSeq(kioskID string) int64 {
	c.t.Helper()
	ks, err := c.store.Kiosks(context.Background())
	must(c.t, err)
	for _, k := range ks {
		if k.ID == kioskID {
			return k.LastSeq
		}
	}
	c.t.Fatalf("central does not know kiosk %s", kioskID)
	return 0
}

// TestLostPushAnswerIsExactlyOnce: central commits a push but the answer
// never arrives; the retried push is answered with duplicates and every
// visit exists once, answered once.
func TestLostPushAnswerIsExactlyOnce(t *testing.T) {
	c := newCampus(t)
	lossy := &lossyTransport{path: "/api/v1/push"}
	k := c.enrolledKiosk(kioskOpts{transport: lossy})
	visits(t, c, k, "lost", 3)
	lossy.drop.Store(1)
	k.mustSync()
	if n := c.count("/api/v1/push"); n != 2 {
		t.Errorf("%d pushes reached central, want the lost one and its retry", n)
	}
	if w := k.sleeps.all(); len(w) != 1 || w[0] < 500*time.Millisecond || w[0] > time.Second {
		t.Errorf("waits %v: want one jittered backoff of about a second", w)
	}
	visitsOnce(t, c, k, "lost", 3)
}

// TestRetryAfterHonoured: 429 and 503 are retried after at least what
// Retry-After says; the sync then succeeds.
func TestRetryAfterHonoured(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	date := c.clock.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)
	answers := []struct {
		status      int
		code, after string
	}{
		{http.StatusTooManyRequests, wire.CodeBusy, "7"},
		{http.StatusServiceUnavailable, kiosk.EUNAVAILABLE, "2"},
		{http.StatusServiceUnavailable, kiosk.EUNAVAILABLE, date},
	}
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/changes" || len(answers) == 0 {
			return false
		}
		a := answers[0]
		answers = answers[1:]
		apiError(w, a.status, a.code, a.after)
		return true
	})
	k.mustSync()
	w := k.sleeps.all()
	if len(w) != 3 || w[0] != 7*time.Second || w[1] < 2*time.Second || w[2] != 5*time.Second {
		t.Errorf("waits %v: want 7 s, at least 2 s, then 5 s (an HTTP date)", w)
	}
	if st, _ := k.db.SyncStatus(context.Background()); !st.Online {
		t.Error("not online after the retries succeeded")
	}
}

// TestUnauthorizedNotRetried: a refused token is final at once.
func TestUnauthorizedNotRetried(t *testing.T) {
	c := newCampus(t)
	k := c.newKiosk(kioskOpts{})
	_, err := k.db.SaveKioskIdentity(context.Background(), kiosk.KioskIdentity{KioskID: "k_x", Token: "forged", HallID: demo.HallID})
	must(t, err)
	err = k.sync.Sync(context.Background())
	var api *client.APIError
	if !errors.As(err, &api) || api.Status != http.StatusUnauthorized || api.Code != kiosk.EUNAUTHORIZED {
		t.Fatalf("Sync = %v, want 401", err)
	}
	if n := c.count("/api/v1/changes"); n != 1 || len(k.sleeps.all()) != 0 {
		t.Errorf("%d pulls, waits %v: a 401 must not be retried", n, k.sleeps.all())
	}
	if st, _ := k.db.SyncStatus(context.Background()); st.Online {
		t.Error("online with a refused token")
	}
	if !k.sync.Due(false) {
		t.Error("a refusal is no reason to pause")
	}
}

// TestLongRetryAfterHolds: a Retry-After longer than a call may wait
// ends the call at once, and the syncer holds off until it passed.
func TestLongRetryAfterHolds(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		apiError(w, http.StatusTooManyRequests, wire.CodeBusy, "120")
		return true
	})
	if err := k.sync.Sync(context.Background()); err == nil {
		t.Fatal("sync succeeded against 429")
	}
	if n := c.count("/api/v1/changes"); n != 2 || len(k.sleeps.all()) != 0 {
		t.Errorf("%d pulls (one from enrolling), waits %v: want no retry", n, k.sleeps.all())
	}
	if k.sync.Due(true) || k.sync.Due(false) {
		t.Error("due while central asked to wait")
	}
	c.clock.Advance(121 * time.Second)
	if !k.sync.Due(true) || !k.sync.Due(false) {
		t.Error("still held after Retry-After")
	}
}

// TestOfflineKeepsOutbox: with central unreachable the call retries with
// growing jittered waits, then fails; nothing is lost, the kiosk shows
// offline and pauses automatic tries, and the next sync delivers.
func TestOfflineKeepsOutbox(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	visits(t, c, k, "offline", 2)
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		panic(http.ErrAbortHandler) // the connection drops without an answer
	})
	err := k.sync.Sync(context.Background())
	var te *client.TransportError
	if !errors.As(err, &te) || !client.Unreachable(err) {
		t.Fatalf("Sync = %v, want a transport error", err)
	}
	if w := k.sleeps.all(); len(w) != 3 || w[0] != 750*time.Millisecond || w[1] != 1500*time.Millisecond || w[2] != 3*time.Second {
		t.Errorf("waits %v: want 0.75 s, 1.5 s, 3 s", w)
	}
	st, _ := k.db.SyncStatus(context.Background())
	if st.Online || st.Pending != 2 {
		t.Errorf("status %+v: want offline with 2 pending", st)
	}
	if k.sync.Due(false) || !k.sync.Due(true) {
		t.Error("offline: ticks pause, nudges try")
	}
	if p := k.sync.Progress(); p.Online || p.Err == "" || p.Pending != 2 {
		t.Errorf("progress %+v", p)
	}
	c.setFault(nil)
	k.mustSync()
	if k.pending() != 0 {
		t.Error("outbox not delivered after reconnecting")
	}
}

// TestSeqGapResends: central lost entries it had answered (a restored
// database); the kiosk sends them again from the seq central expects.
func TestSeqGapResends(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	visits(t, c, k, "gap", 2)
	// A central that answers seq 1 and forgets it.
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/push" {
			return false
		}
		c.setFault(nil)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"results": [{"seq": 1, "status": "applied"}], "last_seq": 1}`)
		return true
	})
	k.mustSync()
	if k.pending() != 0 {
		t.Fatal("entries left pending")
	}
	id, _ := k.db.KioskIdentity(context.Background())
	if got := c.lastSeq(id.KioskID); got != 2 {
		t.Errorf("central's last seq %d, want 2 after the resend", got)
	}
	snap := c.snapshot()
	if _, ok := snap[kiosk.EntityVisit]["gap-0"]; !ok {
		t.Error("the forgotten visit was not sent again")
	}
}

// TestCutPullRetried: a page cut off mid-body is a transport failure,
// retried; the kiosk still converges.
func TestCutPullRetried(t *testing.T) {
	c := newCampus(t)
	k := c.newKiosk(kioskOpts{})
	_, err := client.Enroll(context.Background(), k.api, k.db, c.code(), "")
	must(t, err)
	cut := true
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/changes" || !cut {
			return false
		}
		cut = false
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, `{"changes": [{"entity": "room", "op": "upsert", "id": "r-`)
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	})
	k.mustSync()
	if n, _ := k.db.RosterCount(context.Background()); n != demoStudents || len(k.sleeps.all()) != 1 {
		t.Errorf("roster %d, waits %v", n, k.sleeps.all())
	}
}

// TestPullResumesFromCursor: a pull that fails after some pages (the
// kiosk restarted, or central went away) resumes at the stored cursor,
// not from the start, and ends with exactly central's data.
func TestPullResumesFromCursor(t *testing.T) {
	c := newCampus(t)
	k := c.newKiosk(kioskOpts{cfg: client.Config{PageSize: 10}})
	_, err := client.Enroll(context.Background(), k.api, k.db, c.code(), "")
	must(t, err)
	pages, resumedWith := 0, "unset"
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/changes" {
			return false
		}
		if pages++; pages > 3 {
			apiError(w, http.StatusInternalServerError, kiosk.EINTERNAL, "")
			return true
		}
		return false
	})
	if err := k.sync.Sync(context.Background()); err == nil {
		t.Fatal("sync succeeded against 500s")
	}
	cursor, _ := k.db.SyncCursor(context.Background())
	n, _ := k.db.RosterCount(context.Background())
	if cursor == "" || n >= demoStudents {
		t.Fatalf("after 3 pages: cursor %q, %d students", cursor, n)
	}
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/api/v1/changes" && resumedWith == "unset" {
			resumedWith = r.URL.Query().Get("cursor")
		}
		return false
	})
	again := c.newKioskOn(k, kioskOpts{cfg: client.Config{PageSize: 10}}) // a restarted process
	again.mustSync()
	if resumedWith != cursor {
		t.Errorf("resumed with cursor %q, want the stored %q", resumedWith, cursor)
	}
	if n, _ := again.db.RosterCount(context.Background()); n != demoStudents {
		t.Errorf("roster %d after resuming, want %d", n, demoStudents)
	}
	wantConverged(t, c, again, c.snapshot())
}

// TestLocalWriteDuringPull: a student books, on this kiosk, the mentor
// slot another kiosk already won, while this kiosk is pulling. The page
// bringing the winner waits for the push that answers the local booking;
// the student is told, and the kiosk converges.
func TestLocalWriteDuringPull(t *testing.T) {
	c := newCampus(t)
	a, b := c.enrolledKiosk(kioskOpts{}), c.enrolledKiosk(kioskOpts{})
	slot := freeMentorSlot(t, a)
	ctx := context.Background()
	must(t, a.db.BookAppointment(ctx, &kiosk.Appointment{ID: "a-won", SlotID: slot.ID, StudentKey: a.student(0).Key}))
	a.mustSync()
	late := b.student(2)
	booked := false
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/api/v1/changes" && !booked {
			booked = true
			must(t, b.db.BookAppointment(ctx, &kiosk.Appointment{ID: "a-late", SlotID: slot.ID, StudentKey: late.Key}))
		}
		return false
	})
	pushes := c.count("/api/v1/push")
	b.mustSync()
	if n := c.count("/api/v1/push") - pushes; !booked || n != 1 {
		t.Errorf("%d pushes during the pull, want the one that answers the late booking", n)
	}
	if rj := rejectionsOf(t, b, late.Key, kiosk.KindAppointmentCreate); len(rj) != 1 || rj[0].State != kiosk.OutboxConflict {
		t.Errorf("late booking's refusal %+v", rj)
	}
	if b.pending() != 0 {
		t.Error("entries pending")
	}
	wantConverged(t, c, b, c.snapshot())
}
