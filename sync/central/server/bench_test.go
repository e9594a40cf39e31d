package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"onestop/sync/wire"
)

// BenchmarkPullNoChanges is a kiosk polling an up-to-date feed over
// real HTTP on loopback, from parallel clients.
func BenchmarkPullNoChanges(b *testing.B) {
	e := newBenchEnv(b)
	cursor := e.pull(tokK1, "", 0).NextCursor
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	client := &http.Client{Transport: tr}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req, _ := http.NewRequest(http.MethodGet, e.url+"/api/v1/changes?cursor="+cursor, nil)
		req.Header.Set(wire.HeaderVersion, wire.Version)
		req.Header.Set("Authorization", "Bearer "+tokK1)
		for pb.Next() {
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var p wire.PullResponse
			if err := json.NewDecoder(res.Body).Decode(&p); err != nil || len(p.Changes) != 0 {
				b.Fatalf("%v %d", err, len(p.Changes))
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkPullBare is the same client against a handler that answers
// an empty page without looking at anything: the HTTP floor.
func BenchmarkPullBare(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(wire.PullResponse{Changes: []wire.Change{}, NextCursor: r.URL.Query().Get("cursor")})
	}))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/changes?cursor=x", nil)
		for pb.Next() {
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
