package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// flakyTransport refuses the first n connections, then lets requests
// through; before each one it asks what the sync corner says.
type flakyTransport struct {
	mu      sync.Mutex
	refuse  int
	calls   int
	online  func() bool
	onlines []bool // what the corner said before each request
}

func (f *flakyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.calls++
	f.onlines = append(f.onlines, f.online())
	refuse := f.calls <= f.refuse
	f.mu.Unlock()
	if refuse {
		return nil, errors.New("dial tcp 127.0.0.1:1: connect: connection refused (simulated)")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// Regression (issue 9, item 11): after central went away the corner said
// "online" for about 30 s while the retries backed off. It must say
// offline from the first refused connection, before any retry waits, and
// online again at the first answer.
func TestOnlineFollowsEachAttempt(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	db := k.db
	online := func() bool {
		st, err := db.SyncStatus(context.Background())
		if err != nil {
			t.Error(err)
		}
		return st.Online
	}
	if !online() {
		t.Fatal("an enrolled, synced kiosk must be online")
	}
	ft := &flakyTransport{refuse: 2, online: online}
	k2 := c.newKioskOn(k, kioskOpts{transport: ft})
	db = k2.db // the corner reads the process's own store
	db.SetOnline(true)
	if err := k2.sync.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Before request 2 (the first retry) one connection had been refused;
	// before request 4 one had been answered.
	if len(ft.onlines) < 4 || !ft.onlines[0] || ft.onlines[1] || ft.onlines[2] || !ft.onlines[3] {
		t.Fatalf("online before each request: %v; want true, false, false, true, …", ft.onlines)
	}
	if len(k2.sleeps.all()) == 0 {
		t.Fatal("the refused connections were not retried")
	}
}

// A failed sync reaches central with the next heartbeat, for the
// console's kiosks page; a good one clears it.
func TestHeartbeatCarriesLastError(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/api/v1/changes" {
			apiError(w, http.StatusBadRequest, "invalid", "")
			return true
		}
		return false
	})
	c.clock.Advance(2 * time.Minute)
	if err := k.sync.Sync(context.Background()); err == nil {
		t.Fatal("the sync should have failed")
	}
	c.setFault(nil)
	c.clock.Advance(2 * time.Minute)
	k.mustSync()
	lastError := func() string {
		ks, err := c.store.Kiosks(context.Background())
		if err != nil || len(ks) != 1 {
			t.Fatalf("kiosks %v %v", ks, err)
		}
		return ks[0].Health.LastError
	}
	if got := lastError(); !strings.Contains(got, "pull: central answered 400") {
		t.Fatalf("central has last error %q", got)
	}
	c.clock.Advance(2 * time.Minute)
	k.mustSync()
	if got := lastError(); got != "" {
		t.Fatalf("after a good sync central still has %q", got)
	}
}
