package main

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"onestop/sync/wire"
)

func TestRunStopsAtCount(t *testing.T) {
	var got atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get(wire.HeaderVersion) != wire.Version {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		got.Add(1)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	r, err := run(srv.URL+"/x", "tok", 200, 10*time.Second, 4)
	if err != nil || r.Requests != 200 || r.Errors != 0 || got.Load() != 200 || r.P99ms < r.P50ms {
		t.Fatalf("run = %+v, %v; server saw %d", r, err, got.Load())
	}
	r, err = run(srv.URL+"/x", "wrong", 10, 10*time.Second, 2)
	if err != nil || r.Errors != 10 || r.Requests != 0 || r.FirstErr == "" {
		t.Fatalf("refused run = %+v, %v", r, err)
	}
}

func TestRunRefusesOtherHosts(t *testing.T) {
	for _, u := range []string{"http://192.0.2.1/", "https://127.0.0.1/", "http://example.com/", "::"} {
		if _, err := run(u, "", 1, time.Second, 1); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}

// TestHoldWaitsForEveryAnswer: -hold sends one request per connection at
// once and reports when the answers came, here after the server let
// every held request go together.
func TestHoldWaitsForEveryAnswer(t *testing.T) {
	const n = 50
	var got atomic.Int64
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got.Add(1) == n {
			close(release)
		}
		<-release
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	before := time.Now().UnixNano()
	r, err := hold(srv.URL+"/x", "", 20*time.Second, n)
	if err != nil || r.Requests != n || r.Errors != 0 || r.ArrivedP50 < before || r.ArrivedMax < r.ArrivedP99 || r.ArrivedP99 < r.ArrivedP50 {
		t.Fatalf("hold = %+v, %v", r, err)
	}
	if _, err := hold(srv.URL, "", time.Second, maxHeld+1); err == nil {
		t.Error("more connections than allowed accepted")
	}
}
