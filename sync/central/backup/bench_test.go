package backup_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/backup"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/central/storetest"
)

// benchMB is the database size BenchmarkPushDuringBackup builds: 64 MB
// unless ONESTOP_BENCH_BACKUP_MB asks for more (1024 for the issue's
// 1 GB figure; it takes a few minutes to build).
func benchMB(b *testing.B) int {
	if s := os.Getenv("ONESTOP_BENCH_BACKUP_MB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("ONESTOP_BENCH_BACKUP_MB=%q: want megabytes", s)
		}
		return n
	}
	return 64
}

// BenchmarkPushDuringBackup (issue 12: a backup of a 1 GB central does
// not stall pushes): one kiosk pushes one visit at a time, as fast as
// central answers, first baselinePushes times with no backup running,
// then for as long as backup.Copy runs. It reports push p50 and p99 of
// both phases, the backup's duration and the database's size. The
// database was just written, so much of it is in the page cache.
func BenchmarkPushDuringBackup(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "central.db")
	f := storetest.NewFixture(b, func(testing.TB) storetest.Opener {
		return func(tb testing.TB, clock kiosk.Clock) central.Store {
			s, err := sqlitestore.Open(path, clock)
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { s.Close() })
			return s
		}
	})
	pad(b, path, benchMB(b))
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	var base, during []time.Duration
	var took time.Duration
	var n atomic.Int64
	b.ResetTimer()
	for i := range b.N {
		// The baseline: as many pushes with no backup running.
		stop := make(chan struct{})
		lat := pushWhile(f, stop, &n, baselinePushes)
		base = append(base, <-lat...)
		close(stop)
		dst := filepath.Join(dir, fmt.Sprint("copy-", i, ".db"))
		stop = make(chan struct{})
		lat = pushWhile(f, stop, &n, -1)
		t0 := time.Now()
		if _, err := backup.Copy(f.Ctx, path, dst); err != nil {
			b.Fatal(err)
		}
		took = time.Since(t0)
		close(stop)
		during = append(during, <-lat...)
		b.StopTimer()
		os.Remove(dst)
		b.StartTimer()
	}
	b.StopTimer()
	q := func(lat []time.Duration, p float64) float64 {
		slices.Sort(lat)
		return float64(lat[int(p*float64(len(lat)-1))]) / 1e6
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "db-MiB")
	b.ReportMetric(took.Seconds(), "backup-s")
	b.ReportMetric(q(base, 0.5), "idle-p50-ms")
	b.ReportMetric(q(base, 0.99), "idle-p99-ms")
	b.ReportMetric(q(during, 0.5), "backup-p50-ms")
	b.ReportMetric(q(during, 0.99), "backup-p99-ms")
	b.ReportMetric(q(during, 1), "backup-max-ms")
	b.ReportMetric(float64(len(during)), "pushes-during")
}

// baselinePushes is how many pushes measure central with no backup.
const baselinePushes = 2000

// pushWhile pushes one visit after another until stop closes or, with
// count ≥ 0, count are done, then sends their latencies.
func pushWhile(f *storetest.Fixture, stop <-chan struct{}, n *atomic.Int64, count int) <-chan []time.Duration {
	out := make(chan []time.Duration, 1)
	go func() {
		var lat []time.Duration
		for len(lat) != count {
			select {
			case <-stop:
				out <- lat
				return
			default:
			}
			id := fmt.Sprint("bench-", n.Add(1))
			m := f.Mutation(f.K1, kiosk.KindVisitCheckin, id, kiosk.Visit{ID: id, StudentKey: storetest.Alice,
				Purpose: kiosk.PurposeStudy, At: storetest.Start})
			t0 := time.Now()
			if _, err := f.S.Push(context.Background(), f.K1, []kiosk.Mutation{m}); err != nil {
				f.T.Error(err)
				out <- lat
				return
			}
			lat = append(lat, time.Since(t0))
		}
		out <- lat
	}()
	return out
}

// pad grows the database to about mb megabytes with change-feed rows
// of the size a visit's change has, written straight in SQL: the store
// would take far longer to build a large central, and a backup copies
// pages, whatever rows they hold.
func pad(b *testing.B, path string, mb int) {
	b.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const rowBytes, perTx = 600, 50_000
	rows := mb << 20 / rowBytes
	for done := 0; done < rows; done += perTx {
		_, err := db.Exec(`
			WITH RECURSIVE n(i) AS (
				SELECT ?
				UNION ALL
				SELECT i + 1 FROM n WHERE i < ?
			)
			INSERT INTO change_log (
				hall_id,
				entity,
				entity_id,
				op,
				data,
				at
			)
			SELECT
				'hall-b',
				'visit',
				'pad-' || i,
				'upsert',
				json_object('id', 'pad-' || i, 'student', hex(randomblob(120)), 'purpose', 'study', 'note', hex(randomblob(160))),
				?
			FROM n`, done, min(done+perTx, rows)-1, storetest.Start.UnixNano())
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
}
