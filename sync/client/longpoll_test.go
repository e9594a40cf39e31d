package client_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/client"
	"onestop/sync/client/internal/faultproxy"
)

// heldPulls makes central's long polls wait on channels the test fires;
// each held pull hands its channel over, which says that pull now waits.
func heldPulls(c *campus) <-chan chan time.Time {
	armed := make(chan chan time.Time, 64)
	c.srv.WaitTimer = func(time.Duration) (<-chan time.Time, func()) {
		ch := make(chan time.Time, 1)
		armed <- ch
		return ch, func() {}
	}
	return armed
}

// within fails the test when nothing arrives; the bound only keeps a
// lost wake from hanging it, it is no timing claim.
func within[T any](t *testing.T, ch <-chan T, what string) T {
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

// running starts k's background loop and stops it when the test ends.
func running(t *testing.T, k *kioskNode) {
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- k.sync.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-stopped
	})
}

func hasVisit(t *testing.T, k *kioskNode, student, id string) bool {
	vs, err := k.db.VisitsOf(context.Background(), student)
	must(t, err)
	for _, v := range vs {
		if v.ID == id {
			return true
		}
	}
	return false
}

// TestLongPollArrivalReachesOtherKiosk: kiosk B's loop waits at central;
// a student checks in on kiosk A, A syncs, and B's held pull brings the
// visit into B's store before it waits again, with no tick.
func TestLongPollArrivalReachesOtherKiosk(t *testing.T) {
	c := newCampus(t)
	armed := heldPulls(c)
	a, b := c.enrolledKiosk(kioskOpts{}), c.enrolledKiosk(kioskOpts{})
	running(t, b)
	within(t, armed, "kiosk B never long-polled")
	visits(t, c, a, "arrive", 1)
	a.mustSync()
	within(t, armed, "kiosk B did not come back to wait after the arrival")
	if !hasVisit(t, b, a.student(0).Key, "arrive-0") {
		t.Fatal("the arrival on kiosk A is not in kiosk B's store")
	}
}

// TestLongPollNudgeCutsWait: a local write while the pull waits is
// pushed at once, not after the wait.
func TestLongPollNudgeCutsWait(t *testing.T) {
	c := newCampus(t)
	armed := heldPulls(c)
	k := c.enrolledKiosk(kioskOpts{})
	running(t, k)
	within(t, armed, "the kiosk never long-polled")
	visits(t, c, k, "local", 1)
	k.sync.Nudge()
	within(t, armed, "the kiosk did not wait again after pushing")
	id, _ := k.db.KioskIdentity(context.Background())
	if got := c.lastSeq(id.KioskID); got != 1 {
		t.Fatalf("central's last seq %d after the nudge, want 1", got)
	}
}

// TestLongPollCutIsRetried: a long poll cut by a proxy (504) or a reset
// connection is retried with the usual backoff and then waits again.
func TestLongPollCutIsRetried(t *testing.T) {
	for _, cut := range []string{"proxy timeout", "connection reset"} {
		t.Run(cut, func(t *testing.T) {
			c := newCampus(t)
			armed := heldPulls(c)
			k := c.enrolledKiosk(kioskOpts{})
			cuts := 1
			c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Query().Get("wait") == "" || cuts == 0 {
					return false
				}
				cuts--
				if cut == "proxy timeout" {
					w.WriteHeader(http.StatusGatewayTimeout)
					return true
				}
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
				return true
			})
			running(t, k)
			within(t, armed, "the cut long poll was not tried again")
			// net/http itself resends a GET once on a connection closed
			// before any answer; a 504 is ours to retry, after a backoff.
			if w := k.sleeps.all(); cut == "proxy timeout" && (len(w) != 1 || w[0] < 500*time.Millisecond || w[0] > time.Second) {
				t.Fatalf("waits %v: want one jittered backoff of about a second", w)
			}
			if n := c.count("/api/v1/changes"); n < 2 {
				t.Fatalf("%d pulls reached the server", n)
			}
		})
	}
}

// TestLongPollOffPullsOnTicks: with the long poll off the loop waits for
// its tick, as before.
func TestLongPollOffPullsOnTicks(t *testing.T) {
	c := newCampus(t)
	armed := heldPulls(c)
	log := newProgressLog()
	ticks := make(chan time.Time)
	k := c.enrolledKiosk(kioskOpts{cfg: client.Config{Ticks: ticks, LongPoll: -1, OnProgress: log.report}})
	within(t, log.done, "the enrolling round")
	running(t, k)
	within(t, log.done, "the loop's first round")
	must(t, c.store.PutAnnouncement(context.Background(), demo.HallID, kiosk.Announcement{ID: "ann-off", Title: kiosk.LocalName{Zh: "通知"}, StartsAt: t0}))
	ticks <- c.clock.Now()
	if p := within(t, log.done, "round after the tick"); p.Received != 1 {
		t.Fatalf("after a tick %+v", p)
	}
	select {
	case <-armed:
		t.Fatal("a pull waited with the long poll off")
	default:
	}
}

// TestLongPollUnderFaults: kiosk B's background loop long-polls over a
// link that cuts most connections part way (either direction, some by
// reset) and slices the rest; kiosk A, on a clean link, checks students
// in one after another. Every visit reaches B's store: cut long polls
// are retried, a failed round waits for the next nudge, as a kiosk's
// next local write or tick would give it.
func TestLongPollUnderFaults(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			c := newCampus(t)
			var waits atomic.Int64
			c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Query().Get("wait") != "" {
					waits.Add(1)
				}
				return false
			})
			var proxies []*faultproxy.Proxy
			opts, on := faultyLink(t, seed, faultproxy.Faults{CutChance: 0.7, CutWithin: 600, Reset: seed%2 == 1,
				MaxChunk: 512}, &proxies)(c)
			a := c.enrolledKiosk(kioskOpts{})
			log := newProgressLog()
			o := opts(0)
			o.cfg.OnProgress = log.report
			b := c.enrolledKiosk(o)
			within(t, log.done, "B's enrolling round")
			on()
			running(t, b)
			student := a.student(0).Key
			for i := range 5 {
				visits(t, c, a, fmt.Sprintf("faulty-%d", i), 1)
				a.mustSync()
				id := fmt.Sprintf("faulty-%d-0", i)
				for rounds := 0; !hasVisit(t, b, student, id); rounds++ {
					if rounds == 300 {
						t.Fatalf("visit %s not at kiosk B after 300 rounds", id)
					}
					within(t, log.done, "a round of kiosk B")
					b.sync.Nudge()
				}
			}
			accepted, cuts := proxies[0].Stats()
			t.Logf("%d long polls, %d connections, %d cut", waits.Load(), accepted, cuts)
			if cuts == 0 || waits.Load() == 0 {
				t.Errorf("%d cuts, %d long polls: the faults or the long poll never happened", cuts, waits.Load())
			}
		})
	}
}
