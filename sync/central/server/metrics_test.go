package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// scrape reads /metrics as Prometheus would.
func (e *env) scrape() string {
	e.T.Helper()
	res, err := http.Get(e.url + "/metrics")
	e.Must(err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	e.Must(err)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		e.T.Fatalf("/metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	return string(b)
}

// wantSeries fails unless the scrape has each line (a series and its
// value) as it is.
func wantSeries(t *testing.T, scrape string, lines ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, l := range strings.Split(scrape, "\n") {
		have[l] = true
	}
	for _, l := range lines {
		if !have[l] {
			t.Errorf("no %s in /metrics", l)
		}
	}
}

// promTime is t as the text format writes a timestamp gauge.
func promTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixNano())/1e9, 'g', -1, 64)
}

// After a push and a pull over real HTTP, /metrics has the requests by
// route and code, push and pull latency, the mutations by kind and
// outcome, each working kiosk's last heartbeat and backlog, and the
// last backup.
func TestMetricsAfterPushAndPull(t *testing.T) {
	e := newEnv(t)
	e.Clock.Advance(30 * time.Second) // after the enrollments
	heard := e.Clock.Now()
	st, _ := e.call(http.MethodPost, "/api/v1/heartbeat", tokK1, wire.Heartbeat{Version: "1.0.0", OutboxPending: 7})
	if st != http.StatusOK {
		t.Fatalf("heartbeat %d", st)
	}
	e.Must(e.S.RevokeKiosk(e.Ctx, e.K2.ID))
	e.Clock.Advance(time.Minute)

	visit := wire.Mutation{Seq: 1, ID: "v1", Kind: kiosk.KindVisitCheckin, At: e.Clock.Now(),
		Payload: json.RawMessage(`{"id":"v1","student":"` + storetest.Bob + `","purpose":"study"}`)}
	made := wire.Mutation{Seq: 2, ID: "x1", Kind: "made.up", At: e.Clock.Now(), Payload: json.RawMessage(`{}`)}
	res := e.push(tokK1, e.K1.ID, visit, made)
	if len(res.Results) != 2 || res.Results[0].Status != wire.StatusApplied || res.Results[1].Status != wire.StatusRejected {
		t.Fatalf("push %+v", res)
	}
	e.push(tokK1, e.K1.ID, visit) // again: a duplicate
	e.pull(tokK1, "", 0)
	if st, _ := e.call(http.MethodGet, "/api/v1/nowhere", tokK1, nil); st != http.StatusNotFound {
		t.Fatalf("unknown path %d", st)
	}

	m := e.scrape()
	wantSeries(t, m,
		`onestop_http_request_duration_seconds_count{code="200",route="POST /api/v1/push"} 2`,
		`onestop_http_request_duration_seconds_count{code="200",route="GET /api/v1/changes"} 1`,
		`onestop_http_request_duration_seconds_count{code="200",route="POST /api/v1/heartbeat"} 1`,
		`onestop_http_request_duration_seconds_count{code="404",route="/api/"} 1`,
		`onestop_push_duration_seconds_count 2`,
		`onestop_pull_duration_seconds_count{long_poll="false"} 1`,
		`onestop_mutations_total{kind="visit.checkin",outcome="applied"} 1`,
		`onestop_mutations_total{kind="visit.checkin",outcome="duplicate"} 1`,
		`onestop_mutations_total{kind="other",outcome="rejected"} 1`,
		`onestop_kiosk_last_heartbeat_timestamp_seconds{hall="hall-a",kiosk="k1"} `+promTime(heard),
		`onestop_kiosk_outbox_pending{hall="hall-a",kiosk="k1"} 7`,
		// kb never sent one: its enrollment stands in, so a silent kiosk alerts.
		`onestop_kiosk_last_heartbeat_timestamp_seconds{hall="hall-b",kiosk="kb"} `+promTime(e.KB.EnrolledAt),
		`onestop_kiosk_outbox_pending{hall="hall-b",kiosk="kb"} 0`,
		`onestop_backup_last_success_timestamp_seconds 0`,
	)
	if strings.Contains(m, `kiosk="k2"`) {
		t.Error("a revoked kiosk still reports")
	}
	if strings.Contains(m, "made.up") || strings.Contains(m, "/api/v1/nowhere") {
		t.Error("a kiosk's made-up kind or path became a series")
	}
	e.srv.Metrics().BackupDone(time.Unix(1_800_000_000, 0))
	wantSeries(t, e.scrape(), `onestop_backup_last_success_timestamp_seconds 1.8e+09`)
}

// A pull that asked to wait is counted as a long poll; here a change
// is already there, so it answers at once.
func TestMetricsLongPoll(t *testing.T) {
	e := newEnv(t)
	p := e.pull(tokK1, "", 0)
	for p.HasMore {
		p = e.pull(tokK1, p.NextCursor, 0)
	}
	e.Must(e.S.PutAnnouncement(e.Ctx, storetest.HallA, kiosk.Announcement{ID: "an-1", Title: kiosk.LocalName{Zh: "通知"},
		StartsAt: e.Clock.Now().Add(-time.Hour)}))
	st, body := e.call(http.MethodGet, "/api/v1/changes?wait=5&cursor="+p.NextCursor, tokK1, nil)
	if st != http.StatusOK || !strings.Contains(string(body), "an-1") {
		t.Fatalf("long poll %d %s", st, body)
	}
	wantSeries(t, e.scrape(), `onestop_pull_duration_seconds_count{long_poll="true"} 1`,
		`onestop_pull_duration_seconds_count{long_poll="false"} 1`)
}

// /livez answers while the process runs; /readyz only while the
// database answers and is migrated, else a 503 with the JSON error.
func TestLivezReadyz(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/livez", "/readyz"} {
		res, err := http.Get(e.url + path)
		e.Must(err)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	// A second handle on the database, closed: its server is alive but
	// not ready.
	closed := e.Open(t, e.Clock)
	e.Must(closed.Close())
	d := serve(t, e.Fixture, closed)
	if st, _ := d.call(http.MethodGet, "/livez", "", nil); st != http.StatusOK {
		t.Fatalf("/livez with the database gone: %d", st)
	}
	st, body := d.call(http.MethodGet, "/readyz", "", nil)
	er := d.wantError(st, body, http.StatusServiceUnavailable, kiosk.EUNAVAILABLE, "")
	if !strings.Contains(er.Message, "not ready") {
		t.Errorf("readyz says %q", er.Message)
	}
}

// Two central processes on one PostgreSQL: a heartbeat to the first is
// in the second's /metrics, read from the shared database at scrape
// time, while each process counts only the requests it answered.
func TestMetricsTwoProcessesPG(t *testing.T) {
	f := storetest.NewFixture(t, pgFresh)
	first, second := serve(t, f, f.S), serve(t, f, f.Open(t, f.Clock))
	f.Clock.Advance(time.Minute)
	if st, _ := first.call(http.MethodPost, "/api/v1/heartbeat", tokK1, wire.Heartbeat{OutboxPending: 42}); st != http.StatusOK {
		t.Fatalf("heartbeat %d", st)
	}
	m := second.scrape()
	wantSeries(t, m, `onestop_kiosk_outbox_pending{hall="hall-a",kiosk="k1"} 42`,
		`onestop_kiosk_last_heartbeat_timestamp_seconds{hall="hall-a",kiosk="k1"} `+promTime(f.Clock.Now()))
	if strings.Contains(m, `route="POST /api/v1/heartbeat"`) {
		t.Error("the second process counts the first's request")
	}
}
