package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
	"onestop/sync/central"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/client"
	"onestop/sync/wire"
)

// hall is the hall's time zone: days and opening hours are Beijing's.
var hall = time.FixedZone("CST", 8*3600)

// t0 is when every test's clock starts: a Monday morning.
var t0 = time.Date(2026, 3, 2, 8, 30, 0, 0, hall)

// demoStudents keeps the seeded roster small; the demo identities come
// first in it.
const demoStudents = 40

// campus is the real central server over HTTP with the demo campus.
type campus struct {
	t     *testing.T
	clock *kiosktest.Clock
	path  string // central's SQLite file
	store central.Store
	srv   *server.Server
	url   string
	// fault, when set, answers a request instead of central (return
	// true) or lets it through; requests counts what reached the server.
	mu       sync.Mutex
	fault    func(w http.ResponseWriter, r *http.Request) bool
	requests map[string]int
}

func newCampus(t *testing.T) *campus {
	t.Helper()
	ctx := context.Background()
	c := &campus{t: t, clock: kiosktest.NewClock(t0), requests: map[string]int{}}
	c.path = filepath.Join(t.TempDir(), "central.db")
	s, err := sqlitestore.Open(c.path, c.clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := centraldemo.Seed(ctx, s, demoStudents, c.clock.Now()); err != nil {
		t.Fatal(err)
	}
	c.store, c.srv = s, server.New(s, c.clock, nil, nil)
	c.srv.KioskLimit = server.RateLimit{} // the fake clock stands still while tests hammer one kiosk
	ts := httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(ts.Close)
	c.url = ts.URL
	return c
}

func (c *campus) serve(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.requests[r.URL.Path]++
	fault, srv := c.fault, c.srv
	c.mu.Unlock()
	if fault != nil && fault(w, r) {
		return
	}
	srv.Handler().ServeHTTP(w, r)
}

// restart stops central, runs offline (a restore, say) on its stopped
// database and starts it again at the same address.
func (c *campus) restart(offline func(path string)) {
	c.t.Helper()
	must(c.t, c.store.Close())
	offline(c.path)
	s, err := sqlitestore.Open(c.path, c.clock)
	must(c.t, err)
	c.t.Cleanup(func() { s.Close() })
	srv := server.New(s, c.clock, nil, nil)
	srv.KioskLimit = server.RateLimit{}
	c.mu.Lock()
	c.store, c.srv = s, srv
	c.mu.Unlock()
}

// setFault installs f in front of central.
func (c *campus) setFault(f func(w http.ResponseWriter, r *http.Request) bool) {
	c.mu.Lock()
	c.fault = f
	c.mu.Unlock()
}

// count returns how many requests for path reached the server.
func (c *campus) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.requests[path]
}

// code makes an enrollment code for the demo hall.
func (c *campus) code() string {
	c.t.Helper()
	code, _, err := c.srv.Admin.EnrollCode(context.Background(), demo.HallID)
	if err != nil {
		c.t.Fatal(err)
	}
	return code
}

// snapshot reads the hall's entities as central has them now, by
// entity and id.
func (c *campus) snapshot() map[string]map[string]json.RawMessage {
	c.t.Helper()
	out := map[string]map[string]json.RawMessage{}
	var cur central.Cursor
	for {
		p, err := c.store.Changes(context.Background(), demo.HallID, cur, 500)
		if err != nil {
			c.t.Fatal(err)
		}
		for _, ch := range p.Changes {
			if out[ch.Entity] == nil {
				out[ch.Entity] = map[string]json.RawMessage{}
			}
			if ch.Op == wire.OpDelete {
				delete(out[ch.Entity], ch.ID)
			} else {
				out[ch.Entity][ch.ID] = ch.Data
			}
		}
		if !p.HasMore {
			return out
		}
		cur = p.Next
	}
}

// kioskNode is one kiosk: its own SQLite file, client and syncer.
type kioskNode struct {
	t      *testing.T
	path   string
	db     *store.DB
	api    *client.Client
	sync   *client.Syncer
	sleeps *sleeper
}

// sleeper is the client's injected sleep: it records and returns at once.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeper) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// kioskOpts adjust a kiosk before it is made.
type kioskOpts struct {
	transport http.RoundTripper
	cfg       client.Config
}

// newKiosk opens a kiosk store and a syncer to c; it does not enroll.
func (c *campus) newKiosk(o kioskOpts) *kioskNode {
	c.t.Helper()
	return c.openKiosk(filepath.Join(c.t.TempDir(), "kiosk.db"), o)
}

// newKioskOn is another process on k's database file.
func (c *campus) newKioskOn(k *kioskNode, o kioskOpts) *kioskNode {
	c.t.Helper()
	return c.openKiosk(k.path, o)
}

func (c *campus) openKiosk(path string, o kioskOpts) *kioskNode {
	c.t.Helper()
	k := &kioskNode{t: c.t, sleeps: &sleeper{}, path: path}
	db, err := store.Open(path, c.clock)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { db.Close() })
	hc := &http.Client{Transport: http.DefaultTransport}
	if o.transport != nil {
		hc.Transport = o.transport
	}
	k.api, err = client.New(client.Options{BaseURL: c.url, HTTPClient: hc, Sleep: k.sleeps.sleep,
		Random: func() float64 { return 0.5 }, Clock: c.clock, Retry: client.Backoff{Attempts: 4, Base: time.Second, Max: 30 * time.Second}})
	if err != nil {
		c.t.Fatal(err)
	}
	cfg := o.cfg
	cfg.Clock = c.clock
	if cfg.Ticks == nil {
		cfg.Ticks = make(chan time.Time)
	}
	k.db, k.sync = db, client.NewSyncer(k.api, db, cfg)
	return k
}

// enrolledKiosk is newKiosk, enrolled and synced once.
func (c *campus) enrolledKiosk(o kioskOpts) *kioskNode {
	c.t.Helper()
	k := c.newKiosk(o)
	if _, err := client.Enroll(context.Background(), k.api, k.db, c.code(), "test kiosk"); err != nil {
		c.t.Fatal(err)
	}
	k.mustSync()
	return k
}

func (k *kioskNode) mustSync() {
	k.t.Helper()
	if err := k.sync.Sync(context.Background()); err != nil {
		k.t.Fatal(err)
	}
}

// student identifies demo identity i by student number.
func (k *kioskNode) student(i int) *kiosk.Student {
	k.t.Helper()
	s, err := k.db.Identify(context.Background(), kiosk.Credential{Kind: kiosk.CredNumber, Value: demo.Identities[i].Number})
	if err != nil {
		k.t.Fatalf("identify demo identity %d: %v", i, err)
	}
	return s
}

func (k *kioskNode) pending() int {
	k.t.Helper()
	st, err := k.db.SyncStatus(context.Background())
	if err != nil {
		k.t.Fatal(err)
	}
	return st.Pending
}

// lossyTransport delivers requests to path but loses the answers to
// the first drop of them, as a connection cut after central committed.
type lossyTransport struct {
	path string
	drop atomic.Int32
}

func (l *lossyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || r.URL.Path != l.path || l.drop.Add(-1) < 0 {
		return resp, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return nil, errors.New("connection reset by peer (simulated)")
}

// apiError answers with the protocol's JSON error and status.
func apiError(w http.ResponseWriter, status int, code, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(wire.Error{Error: wire.ErrorBody{Code: code, Message: "test fault"}})
}
