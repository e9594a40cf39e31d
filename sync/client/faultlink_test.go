package client_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"onestop/sync/client"
	"onestop/sync/client/internal/faultproxy"
)

// faultyLink routes each kiosk through its own fault-injecting TCP
// proxy in front of central, seeded from seed and the kiosk's number;
// kiosks push 3 mutations and pull 25 changes at a time.
// Enrollment and the first pull go over a clean link; faultsOn switches
// every proxy to f. The proxies' stats are left in *stats at cleanup.
func faultyLink(t *testing.T, seed int64, f faultproxy.Faults, proxies *[]*faultproxy.Proxy) func(c *campus) (func(int) kioskOpts, func()) {
	return func(c *campus) (func(int) kioskOpts, func()) {
		target := strings.TrimPrefix(c.url, "http://")
		opts := func(i int) kioskOpts {
			p, err := faultproxy.New(target, seed*31+int64(i))
			must(t, err)
			t.Cleanup(func() { p.Close() })
			*proxies = append(*proxies, p)
			addr := p.Addr()
			tr := &http.Transport{
				DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
					var d net.Dialer
					return d.DialContext(ctx, "tcp", addr)
				},
				// A connection per request, so each draws its own faults.
				DisableKeepAlives: true,
			}
			t.Cleanup(tr.CloseIdleConnections)
			// Small batches and pages, so cuts fall between them too.
			return kioskOpts{transport: tr, cfg: client.Config{BatchSize: 3, PageSize: 25}}
		}
		on := func() {
			for _, p := range *proxies {
				p.Set(f)
			}
		}
		return opts, on
	}
}

// TestThreeKioskConvergenceUnderFaults: the Jepsen scenario with every
// kiosk's link to central cut (by reset or close) after a random number
// of bytes on most of its connections, in either direction, with
// writes sliced into small chunks and delayed; pushes and pulls fail
// part-way and are retried. Central still applies each action exactly
// once, one kiosk wins each contested slot, and all converge.
func TestThreeKioskConvergenceUnderFaults(t *testing.T) {
	// Pushes beyond a clean run's (three batches of at most three per
	// kiosk) are retries: faults hit pushes. Cut pulls are shown by the
	// cut counts here and by TestFreshKioskPullsUnderFaults.
	var extraPushes int
	defer func() {
		t.Logf("retried pushes %d", extraPushes)
		if extraPushes == 0 {
			t.Error("no push was retried: the faults missed the pushes")
		}
	}()
	for _, seed := range convergeSeeds {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			f := faultproxy.Faults{CutChance: 0.7, CutWithin: 1500, Reset: seed%2 == 1, MaxChunk: 512,
				MaxLatency: 200 * time.Microsecond}
			var proxies []*faultproxy.Proxy
			c := jepsenScenario(t, seed, faultyLink(t, seed, f, &proxies), true)
			extraPushes += c.count("/api/v1/push") - 9
			accepted, cuts := 0, 0
			for _, p := range proxies {
				a, c := p.Stats()
				accepted, cuts = accepted+a, cuts+c
			}
			t.Logf("seed %d: %d connections, %d cut", seed, accepted, cuts)
			if cuts == 0 {
				t.Error("no connection was cut: the faults never fired")
			}
		})
	}
}

// TestFreshKioskPullsUnderFaults: a newly enrolled kiosk takes central's
// whole snapshot, in pages, over a link that cuts most connections part
// way and slices the rest; retried pages and resumed cursors leave it
// holding exactly central's bookings and appointments.
func TestFreshKioskPullsUnderFaults(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			c := newCampus(t)
			var proxies []*faultproxy.Proxy
			opts, on := faultyLink(t, seed, faultproxy.Faults{CutChance: 0.8, CutWithin: 3000, Reset: seed%2 == 1,
				MaxChunk: 256}, &proxies)(c)
			k := c.newKiosk(opts(0))
			if _, err := client.Enroll(context.Background(), k.api, k.db, c.code(), "faulty kiosk"); err != nil {
				t.Fatal(err)
			}
			on()
			failures := 0
			for ; ; failures++ {
				if failures == 200 {
					t.Fatal("no complete pull in 200 tries")
				}
				if err := k.sync.Sync(context.Background()); err == nil {
					break
				}
			}
			accepted, cuts := proxies[0].Stats()
			t.Logf("%d failed syncs, %d pulls reached central, %d connections, %d cut", failures,
				c.count("/api/v1/changes"), accepted, cuts)
			if cuts == 0 {
				t.Error("no connection was cut")
			}
			wantConverged(t, c, k, c.snapshot())
		})
	}
}
