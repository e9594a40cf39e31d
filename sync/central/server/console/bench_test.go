package console_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
	"onestop/sync/central/campusyear"
	"onestop/sync/central/pgstore"
	"onestop/sync/central/pgstore/pgtest"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore"
)

// The console at campus scale: a campus-year (campusyear.Full, or
// CAMPUS=small for a quick look) on SQLite and on PostgreSQL, each page
// asked for over and over as the campus admin; the figure that counts is
// the server time's 95th percentile (goal: under 150 ms). The export
// benchmark streams the audit log of one hall and reports rows per
// second (goal: ≥ 100,000) and the heap's peak, which must not grow with
// the rows.

// benchPages are the console's pages at scale, hall h00's where a page
// takes a hall.
var benchPages = []struct{ name, path string }{
	{"kiosks", "/admin/kiosks"},
	{"audit", "/admin/audit"},
	{"audit-hall", "/admin/audit?hall=h00"},
	{"mentor-links", "/admin/mentor-links?hall=h00"},
	{"requests", "/admin/requests"},
	{"requests-hall-open", "/admin/requests?hall=h00&status=open"},
	{"requests-overdue", "/admin/requests?hall=h00&overdue=1"},
	{"request", "/admin/requests/h00-q000001"},
	{"escalation", "/admin/requests/escalation"},
	{"units", "/admin/units"},
	{"calendar", "/admin/calendar?hall=h00"},
	{"catalog", "/admin/catalog"},
	{"catalog-rooms", "/admin/catalog/rooms?hall=h00"},
	{"catalog-room", "/admin/catalog/rooms/h00-r00"},
	{"catalog-settings", "/admin/catalog/settings?hall=h00"},
	{"catalog-announcements", "/admin/catalog/announcements?hall=h00"},
	{"catalog-halls", "/admin/catalog/halls"},
	{"catalog-buildings", "/admin/catalog/buildings?hall=h00"},
	{"catalog-mentors", "/admin/catalog/mentors?hall=h00"},
	{"catalog-mentor", "/admin/catalog/mentors/h00-m0"},
	{"catalog-events", "/admin/catalog/events?hall=h00"},
	{"rates", "/admin/rates?at=2026-11-25"},
	{"rates-month", "/admin/rates?span=month&at=2026-11-15"},
	{"rates-hall-week", "/admin/rates?hall=h00&at=2026-11-25"},
	{"rates-export", "/admin/rates/export?span=month&at=2026-11-15"},
	{"followups", "/admin/followups"},
	{"followups-hall", "/admin/followups?hall=h00"},
	{"roster", "/admin/roster?hall=h00"},
	{"releases", "/admin/releases"},
	{"dashboard", "/admin/dashboard?hall=h00"},
}

var benchEnd = time.Date(2026, 12, 1, 0, 0, 0, 0, kiosk.DefaultLocation())

// campus is a store holding the campus-year, made once per backend per
// benchmark binary, and a signed-in console handler over it.
type campus struct {
	h      http.Handler
	cookie *http.Cookie
	store  central.Store
}

var (
	campusMu sync.Mutex
	campuses = map[string]*campus{}
)

func benchSpec() campusyear.Spec {
	if os.Getenv("CAMPUS") == "small" {
		return campusyear.Small
	}
	return campusyear.Full
}

// auditRows is how many audit entries hall h00 gets for the export.
const auditRows = 120_000

func openCampus(b *testing.B, backend string) *campus {
	campusMu.Lock()
	defer campusMu.Unlock()
	if c := campuses[backend]; c != nil {
		return c
	}
	clock := kiosktest.NewClock(benchEnd)
	var s central.Store
	var err error
	var pgDSN string
	switch backend {
	case "sqlite":
		dir, derr := os.MkdirTemp("", "campusyear")
		if derr != nil {
			b.Fatal(derr)
		}
		s, err = sqlitestore.Open(dir+"/central.db", clock)
	case "postgres":
		// A schema that outlives this sub-benchmark: the others use it too.
		pgDSN = pgtest.Schema(&keepTB{b})
		s, err = pgstore.Open(context.Background(), pgDSN, clock)
	}
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	if err := campusyear.Generate(ctx, s, benchSpec(), 1, benchEnd); err != nil {
		b.Fatal(err)
	}
	// The audit log gets an admin's year of visits recorded by hand.
	var h central.History
	for i := range auditRows {
		h.Visits = append(h.Visits, kiosk.Visit{ID: fmt.Sprintf("audit-v%06d", i), StudentKey: campusyear.StudentKey(0),
			Purpose: kiosk.PurposeStudy, At: benchEnd.Add(-time.Duration(i) * time.Minute)})
		if len(h.Visits) == 20_000 {
			if err := s.ImportHistory(central.WithActor(ctx, "admin:bench"), campusyear.HallID(0), h); err != nil {
				b.Fatal(err)
			}
			h.Visits = nil
		}
	}
	if pgDSN != "" {
		// What autovacuum does after a bulk load, before anyone asks a
		// page: the planner's statistics, and the visibility map that
		// index-only scans need.
		db, err := sql.Open("pgx", pgDSN)
		if err == nil {
			_, err = db.ExecContext(ctx, "VACUUM ANALYZE")
			db.Close()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: campus-year generated in %v", backend, time.Since(start).Round(time.Second))
	srv := server.New(s, clock, nil, nil)
	if err := srv.Admin.SetPassword(ctx, "root", password); err != nil {
		b.Fatal(err)
	}
	if err := s.SetAdminRole(ctx, "root", central.RoleCampus, ""); err != nil {
		b.Fatal(err)
	}
	tok, _, err := srv.Admin.Login(ctx, "root", password, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	c := &campus{h: srv.Handler(), cookie: &http.Cookie{Name: "onestop_console", Value: tok}, store: s}
	campuses[backend] = c
	return c
}

// keepTB hands pgtest a TB whose cleanups run at the process's end, not
// the sub-benchmark's: the campus is shared by every page's benchmark.
type keepTB struct{ testing.TB }

func (keepTB) Cleanup(func()) {}

func (c *campus) get(b *testing.B, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(c.cookie)
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d\n%s", path, rec.Code, rec.Body.String())
	}
	return rec
}

func BenchmarkConsolePages(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		for _, p := range benchPages {
			b.Run(backend+"/"+p.name, func(b *testing.B) {
				c := openCampus(b, backend)
				var times []time.Duration
				for b.Loop() {
					start := time.Now()
					c.get(b, p.path)
					times = append(times, time.Since(start))
				}
				slices.Sort(times)
				b.ReportMetric(float64(times[len(times)*95/100])/1e6, "p95-ms")
			})
		}
	}
}

func BenchmarkAuditExport(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			c := openCampus(b, backend)
			var rows int64
			var peak atomic.Uint64
			stop := sampleHeap(&peak)
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/admin/audit.csv?hall=h00", nil)
				req.AddCookie(c.cookie)
				pr, pw := io.Pipe()
				go func() {
					c.h.ServeHTTP(&pipeWriter{w: pw, h: http.Header{}}, req)
					pw.Close()
				}()
				n, err := countLines(pr)
				if err != nil || n < auditRows {
					b.Fatalf("export: %d rows, %v", n, err)
				}
				rows += int64(n)
			}
			stop()
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		})
	}
}

// pipeWriter is a ResponseWriter onto a pipe, so the export is read as
// it is written, as a browser would.
type pipeWriter struct {
	w *io.PipeWriter
	h http.Header
}

func (p *pipeWriter) Header() http.Header         { return p.h }
func (p *pipeWriter) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p *pipeWriter) WriteHeader(int)             {}

func countLines(r io.Reader) (int, error) {
	buf := make([]byte, 64<<10)
	n := 0
	for {
		k, err := r.Read(buf)
		n += strings.Count(string(buf[:k]), "\n")
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// sampleHeap records the live heap's peak until stopped.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				metrics.Read(s)
				if v := s[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	return func() { close(done) }
}
