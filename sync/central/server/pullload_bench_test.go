package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"onestop/sync/central"
)

// loadgenResult is what sync/cmd/loadgen prints.
type loadgenResult struct {
	Requests int64   `json:"requests"`
	Errors   int64   `json:"errors"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Maxms    float64 `json:"max_ms"`
	FirstErr string  `json:"first_error"`
}

// Bounds of one load run: whichever comes first.
const (
	loadRequests = 50_000
	loadFor      = 5 * time.Second
	loadConns    = 32
)

// buildLoadgen builds sync/cmd/loadgen into a temporary directory.
func buildLoadgen(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "loadgen")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "onestop/sync/cmd/loadgen").CombinedOutput()
	if err != nil {
		b.Fatalf("go build loadgen: %v\n%s", err, out)
	}
	return bin
}

// runLoadgen runs the load generator as a second process against url.
func runLoadgen(b *testing.B, bin, url, token string) loadgenResult {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), loadFor+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-url", url, "-token", token,
		"-n", strconv.Itoa(loadRequests), "-d", loadFor.String(), "-c", strconv.Itoa(loadConns))
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("loadgen: %v\n%s", err, out)
	}
	var r loadgenResult
	if err := json.Unmarshal(out, &r); err != nil {
		b.Fatalf("loadgen output %q: %v", out, err)
	}
	if r.Errors > 0 || r.Requests == 0 {
		b.Fatalf("loadgen: %+v", r)
	}
	return r
}

func reportLoad(b *testing.B, rs []loadgenResult) {
	var reqs int64
	var secs, p99, p50 float64
	for _, r := range rs {
		reqs += r.Requests
		secs += r.Seconds
		p99 = max(p99, r.P99ms)
		p50 = max(p50, r.P50ms)
	}
	b.ReportMetric(float64(reqs)/secs, "req/s")
	b.ReportMetric(p50, "p50-ms")
	b.ReportMetric(p99, "p99-ms")
	b.ReportMetric(float64(reqs)/float64(len(rs)), "requests/run")
}

// bareQueryHandler is the least a DB-backed poll can do: look the
// bearer token's hash up in SQLite, then run one indexed query for
// changes after the cursor, and answer an empty page. It measures what
// central's own pull path adds (rate limit, cursor, horizon, feed
// query, JSON) over that floor.
func bareQueryHandler(b *testing.B) http.Handler {
	b.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "bare.db")+"?_journal_mode=WAL")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	_, err = db.Exec(`
		CREATE TABLE kiosks (token_hash TEXT PRIMARY KEY, hall_id TEXT NOT NULL) STRICT;
		CREATE TABLE changes (id INTEGER PRIMARY KEY, hall_id TEXT NOT NULL, data TEXT) STRICT;
		CREATE INDEX changes_hall ON changes (hall_id, id);
		INSERT INTO kiosks VALUES (?, 'h1');
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
		INSERT INTO changes SELECT i, 'h1', '{}' FROM n;`, central.HashSecret(tokK1))
	if err != nil {
		b.Fatal(err)
	}
	token, err := db.Prepare(`SELECT hall_id FROM kiosks WHERE token_hash = ?`)
	if err != nil {
		b.Fatal(err)
	}
	feed, err := db.Prepare(`SELECT id, data FROM changes WHERE hall_id = ? AND id > ? ORDER BY id LIMIT 500`)
	if err != nil {
		b.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var hall string
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if err := token.QueryRowContext(r.Context(), central.HashSecret(tok)).Scan(&hall); err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		rows, err := feed.QueryContext(r.Context(), hall, r.URL.Query().Get("after"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"changes":[],"next_cursor":"x","has_more":false,"n":%d}`, n)
	})
}

// BenchmarkPullLoad (issue 4, goal ≥ 10,000 req/s with p99 < 20 ms on
// 2 cores): a load generator in a second process polls central's
// change feed with a kiosk token and an up-to-date cursor, so every
// answer is an empty page; "bare" is the same load against a bare
// net/http hello handler in the same run. Each run is bounded by
// loadRequests or loadFor, whichever comes first. "bare-query" is the
// floor of a DB-backed handler: a token lookup and one indexed query.
func BenchmarkPullLoad(b *testing.B) {
	bin := buildLoadgen(b)
	b.Run("central", func(b *testing.B) {
		e := newBenchEnv(b)
		cursor := ""
		for range 1000 { // bounded: the fixture feed is a few pages
			p := e.pull(tokK1, cursor, 0)
			cursor = p.NextCursor
			if !p.HasMore {
				break
			}
		}
		if p := e.pull(tokK1, cursor, 0); len(p.Changes) != 0 || p.HasMore {
			b.Fatalf("cursor not at the head: %d changes", len(p.Changes))
		}
		url := e.url + "/api/v1/changes?cursor=" + cursor
		var rs []loadgenResult
		b.ResetTimer()
		for range b.N {
			rs = append(rs, runLoadgen(b, bin, url, tokK1))
		}
		reportLoad(b, rs)
	})
	b.Run("bare-query", func(b *testing.B) {
		srv := httptest.NewServer(bareQueryHandler(b))
		defer srv.Close()
		var rs []loadgenResult
		b.ResetTimer()
		for range b.N {
			rs = append(rs, runLoadgen(b, bin, srv.URL+"/api/v1/changes?after=100000", tokK1))
		}
		reportLoad(b, rs)
	})
	b.Run("bare", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write([]byte("hello\n"))
		}))
		defer srv.Close()
		var rs []loadgenResult
		b.ResetTimer()
		for range b.N {
			rs = append(rs, runLoadgen(b, bin, srv.URL+"/", ""))
		}
		reportLoad(b, rs)
	})
}
