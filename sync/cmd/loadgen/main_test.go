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
