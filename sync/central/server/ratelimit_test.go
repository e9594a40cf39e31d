package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"onestop/sync/central/server"
	"onestop/sync/wire"
)

// send posts body as JSON to path (with the bearer token, if any) and returns
// the status, the Retry-After header and the body.
func (e *env) send(path, token string, body any) (int, string, []byte) {
	e.T.Helper()
	j, err := json.Marshal(body)
	e.Must(err)
	req, err := http.NewRequest(http.MethodPost, e.url+path, bytes.NewReader(j))
	e.Must(err)
	req.Header.Set(wire.HeaderVersion, wire.Version)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	e.Must(err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	e.Must(err)
	return res.StatusCode, res.Header.Get("Retry-After"), out
}

func TestKioskRateLimit(t *testing.T) {
	e := newEnv(t)
	hb := wire.Heartbeat{Version: "0.9"}
	burst := int(server.DefaultKioskLimit.Burst)
	for i := range burst {
		if st, _, body := e.send("/api/v1/heartbeat", tokK1, hb); st != http.StatusOK {
			t.Fatalf("request %d within the burst: %d %s", i, st, body)
		}
	}
	st, retry, body := e.send("/api/v1/heartbeat", tokK1, hb)
	e.wantError(st, body, http.StatusTooManyRequests, wire.CodeBusy, "")
	if n, err := strconv.Atoi(retry); err != nil || n < 1 {
		t.Fatalf("Retry-After %q", retry)
	}
	// The other kiosk is not limited by k1's flood, on any endpoint.
	if st, _, body := e.send("/api/v1/heartbeat", tokK2, hb); st != http.StatusOK {
		t.Fatalf("k2 throttled by k1: %d %s", st, body)
	}
	st, retry, body = e.send("/api/v1/push", tokK1, wire.PushRequest{KioskID: "k1"})
	e.wantError(st, body, http.StatusTooManyRequests, wire.CodeBusy, "")
	// After Retry-After seconds the bucket has refilled enough.
	n, _ := strconv.Atoi(retry)
	e.Clock.Advance(time.Duration(n) * time.Second)
	if st, _, body := e.send("/api/v1/heartbeat", tokK1, hb); st != http.StatusOK {
		t.Fatalf("after waiting: %d %s", st, body)
	}
	// A long pause refills the whole burst.
	e.Clock.Advance(time.Hour)
	for i := range burst {
		if st, _, body := e.send("/api/v1/heartbeat", tokK1, hb); st != http.StatusOK {
			t.Fatalf("request %d after an hour: %d %s", i, st, body)
		}
	}
}

func TestKioskRateLimitConfigurable(t *testing.T) {
	e := newEnv(t)
	e.srv.KioskLimit = server.RateLimit{} // unlimited
	for i := range 3 * int(server.DefaultKioskLimit.Burst) {
		if st, _, body := e.send("/api/v1/heartbeat", tokK1, wire.Heartbeat{}); st != http.StatusOK {
			t.Fatalf("request %d unlimited: %d %s", i, st, body)
		}
	}
}

func TestEnrollRateLimit(t *testing.T) {
	e := newEnv(t)
	e.srv.EnrollLimit = server.RateLimit{Rate: 1, Burst: 2}
	req := wire.EnrollRequest{Code: "abcd-2345-efgh-6789"}
	for range 2 {
		if st, _, body := e.send("/api/v1/enroll", "", req); st != http.StatusUnauthorized {
			t.Fatalf("bad code within the burst: %d %s", st, body)
		}
	}
	st, retry, body := e.send("/api/v1/enroll", "", req)
	e.wantError(st, body, http.StatusTooManyRequests, wire.CodeBusy, "")
	if retry != "1" {
		t.Fatalf("Retry-After %q", retry)
	}
	e.Clock.Advance(time.Second)
	if st, _, body := e.send("/api/v1/enroll", "", req); st != http.StatusUnauthorized {
		t.Fatalf("after waiting: %d %s", st, body)
	}
}
