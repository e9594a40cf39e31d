package client_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
	"onestop/sync/central"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/client"
)

// Issue 4's benchmark campus: 50,000 students, 200 rooms, 100,000 bookings.
const (
	benchStudents = 50_000
	benchRooms    = 200
	benchBookings = 100_000
	benchDrainN   = 10_000
)

// benchCentral is central over real HTTP on loopback for a benchmark.
type benchCentral struct {
	clock *kiosktest.Clock
	store central.Store
	srv   *server.Server
	url   string
}

// newBenchCentral seeds the demo campus with students students, tops the
// rooms up to rooms and imports bookings bookings (one hour each, no two
// in one room slot).
func newBenchCentral(b *testing.B, students, rooms, bookings int) *benchCentral {
	b.Helper()
	ctx := context.Background()
	c := &benchCentral{clock: kiosktest.NewClock(t0)}
	s, err := sqlitestore.Open(filepath.Join(b.TempDir(), "central.db"), c.clock)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := centraldemo.Seed(ctx, s, students, c.clock.Now()); err != nil {
		b.Fatal(err)
	}
	roomIDs := []string{}
	for _, r := range demo.Rooms() {
		roomIDs = append(roomIDs, r.ID)
	}
	for i := len(roomIDs); i < rooms; i++ {
		r := kiosk.Room{ID: fmt.Sprintf("r-bench-%03d", i), Name: kiosk.LocalName{Zh: fmt.Sprintf("自习室 %d", i), En: fmt.Sprintf("Study %d", i)},
			Type: kiosk.RoomStudy, Capacity: 10, Facilities: []string{demo.FacilityAC}, BuildingID: demo.Identities[0].BuildingID,
			Floor: 1 + i%10, Opens: 8 * 60, Closes: 22 * 60, Active: true}
		if err := s.PutRoom(ctx, demo.HallID, r); err != nil {
			b.Fatal(err)
		}
		roomIDs = append(roomIDs, r.ID)
	}
	if bookings > 0 {
		salt, err := s.Salt(ctx)
		if err != nil {
			b.Fatal(err)
		}
		roster := demo.Roster(students, rand.New(rand.NewPCG(2024, 9)))
		keys := make([]string, len(roster))
		for i, e := range roster {
			keys[i] = kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, e.Number)
		}
		// Far in the past so they cannot meet the demo's own bookings.
		day0 := time.Date(2025, 1, 1, 0, 0, 0, 0, hall)
		bs := make([]kiosk.Booking, bookings)
		for i := range bs {
			slot := i / len(roomIDs) // slot index within the room
			start := day0.AddDate(0, 0, slot/14).Add(time.Duration(8+slot%14) * time.Hour)
			bs[i] = kiosk.Booking{ID: fmt.Sprintf("bb-%06d", i), RoomID: roomIDs[i%len(roomIDs)], StudentKey: keys[i%len(keys)],
				Start: start, End: start.Add(time.Hour), Status: kiosk.BookingCheckedIn, CreatedAt: start.Add(-time.Hour), CheckedInAt: start}
		}
		if err := s.ImportHistory(ctx, demo.HallID, central.History{Bookings: bs}); err != nil {
			b.Fatal(err)
		}
	}
	c.store, c.srv = s, server.New(s, c.clock, nil, nil)
	c.srv.KioskLimit = server.RateLimit{} // the fake clock stands still while tests hammer one kiosk
	ts := httptest.NewServer(c.srv.Handler())
	b.Cleanup(ts.Close)
	c.url = ts.URL
	return c
}

// benchKiosk is an empty kiosk store with a syncer to c.
func (c *benchCentral) benchKiosk(b *testing.B, dir string) (*store.DB, *client.Client, *client.Syncer) {
	b.Helper()
	db, err := store.Open(filepath.Join(dir, "kiosk.db"), c.clock)
	if err != nil {
		b.Fatal(err)
	}
	sl := &sleeper{}
	api, err := client.New(client.Options{BaseURL: c.url, HTTPClient: &http.Client{Transport: http.DefaultTransport},
		Sleep: sl.sleep, Random: func() float64 { return 0.5 }, Clock: c.clock,
		Retry: client.Backoff{Attempts: 4, Base: time.Second, Max: 30 * time.Second}})
	if err != nil {
		b.Fatal(err)
	}
	return db, api, client.NewSyncer(api, db, client.Config{Clock: c.clock, Ticks: make(chan time.Time)})
}

func (c *benchCentral) enroll(b *testing.B, db *store.DB, api *client.Client) {
	b.Helper()
	code, _, err := c.srv.Admin.EnrollCode(context.Background(), demo.HallID)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := client.Enroll(context.Background(), api, db, code, "bench kiosk"); err != nil {
		b.Fatal(err)
	}
}

// snapshotRows is every change of the hall's snapshot, as central
// serves it: the rows an initial sync writes.
func (c *benchCentral) snapshotRows(b *testing.B) []central.Change {
	b.Helper()
	var out []central.Change
	var cur central.Cursor
	for range 10_000 { // bounded: far more pages than the campus has
		p, err := c.store.Changes(context.Background(), demo.HallID, cur, 1000)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, p.Changes...)
		if !p.HasMore {
			return out
		}
		cur = p.Next
	}
	b.Fatal("snapshot did not end")
	return nil
}

// rawInsert writes rows into a bare SQLite table in one transaction
// with one prepared statement: the storage floor for the same rows.
func rawInsert(b *testing.B, path string, rows []central.Change) {
	b.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE rows (entity TEXT NOT NULL, id TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (entity, id))`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT OR REPLACE INTO rows (entity, id, data) VALUES (?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		if _, err := st.Exec(r.Entity, r.ID, []byte(r.Data)); err != nil {
			b.Fatal(err)
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkInitialSync (issue 4, goal < 5 s): an empty, enrolled kiosk
// pulls a 50,000-student campus with 200 rooms and 100,000 bookings
// from central over loopback HTTP. Reported beside a raw bulk insert of
// the same rows into SQLite in the same run (raw-rows/s).
func BenchmarkInitialSync(b *testing.B) {
	c := newBenchCentral(b, benchStudents, benchRooms, benchBookings)
	rows := c.snapshotRows(b)
	var syncTime, rawTime time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		db, api, syncer := c.benchKiosk(b, dir)
		c.enroll(b, db, api)
		b.StartTimer()
		start := time.Now()
		if err := syncer.Sync(context.Background()); err != nil {
			b.Fatal(err)
		}
		syncTime += time.Since(start)
		b.StopTimer()
		if n, err := db.RosterCount(context.Background()); err != nil || n != benchStudents {
			b.Fatalf("kiosk roster %d, %v; want %d", n, err, benchStudents)
		}
		db.Close()
		start = time.Now()
		rawInsert(b, filepath.Join(dir, "raw.db"), rows)
		rawTime += time.Since(start)
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(float64(len(rows)), "rows")
	b.ReportMetric(syncTime.Seconds()/n, "sync-s")
	b.ReportMetric(float64(len(rows))*n/syncTime.Seconds(), "rows/s")
	b.ReportMetric(float64(len(rows))*n/rawTime.Seconds(), "raw-rows/s")
}

// BenchmarkDrainOutbox (issue 4, goal < 2 s): a kiosk that recorded
// 10,000 visits offline pushes them all to central over loopback HTTP.
func BenchmarkDrainOutbox(b *testing.B) {
	c := newBenchCentral(b, 1000, 0, 0)
	db, api, syncer := c.benchKiosk(b, b.TempDir())
	c.enroll(b, db, api)
	ctx := context.Background()
	if err := syncer.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	s, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: demo.Identities[0].Number})
	if err != nil {
		b.Fatal(err)
	}
	var drain time.Duration
	seq := 0
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for range benchDrainN {
			seq++
			if err := db.CheckInVisit(ctx, &kiosk.Visit{ID: fmt.Sprintf("bv-%d", seq), StudentKey: s.Key,
				HallID: demo.HallID, Purpose: kiosk.PurposeService, At: c.clock.Now()}); err != nil {
				b.Fatal(err)
			}
		}
		c.clock.Advance(time.Minute)
		b.StartTimer()
		start := time.Now()
		if err := syncer.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		drain += time.Since(start)
		b.StopTimer()
		st, err := db.SyncStatus(ctx)
		if err != nil || st.Pending != 0 {
			b.Fatalf("after drain: %+v, %v", st, err)
		}
		b.StartTimer()
	}
	b.ReportMetric(drain.Seconds()/float64(b.N), "drain-s")
	b.ReportMetric(float64(benchDrainN*b.N)/drain.Seconds(), "mutations/s")
}
