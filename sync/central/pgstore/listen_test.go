package pgstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central/pgstore/pgtest"
	"onestop/sync/central/storetest"
)

func wokenIn(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second): // only keeps a lost wake from hanging the test
		t.Fatal(what)
	}
}

// TestWakeAcrossProcesses: two store handles on one database stand for
// two central processes; a change committed through one wakes the
// other's waiters of that hall. Then the listening connection is killed:
// everyone waiting is woken (the gap may have lost a notification), and
// once it has reconnected a commit wakes waiters again.
func TestWakeAcrossProcesses(t *testing.T) {
	var dsn string
	f := storetest.NewFixture(t, func(t testing.TB) storetest.Opener {
		dsn = pgtest.Schema(t)
		return openAt(dsn)
	})
	other := f.Open(t, f.Clock)
	ch := other.FeedChanged(storetest.HallA)
	f.Must(f.S.PutAnnouncement(f.Ctx, storetest.HallA, kiosk.Announcement{ID: "ann-1", Title: kiosk.LocalName{Zh: "通知"}}))
	wokenIn(t, ch, "a commit through one process did not wake the other's waiter")

	// Kill both handles' listening connections (they share the schema's channel).
	admin, err := sql.Open("pgx", dsn)
	f.Must(err)
	defer admin.Close()
	var channel string
	f.Must(admin.QueryRowContext(context.Background(),
		`SELECT 'onestop_changes_' || hashtext(current_schema())`).Scan(&channel))
	waiting := other.FeedChanged(storetest.HallB)
	var killed int
	f.Must(admin.QueryRowContext(context.Background(), `
		SELECT count(pg_terminate_backend(pid))
		FROM pg_stat_activity
		WHERE query = 'LISTEN "' || $1 || '"'`, channel).Scan(&killed))
	if killed != 2 {
		t.Fatalf("killed %d listening connections, want 2", killed)
	}
	wokenIn(t, waiting, "a lost listening connection did not wake the waiters")
	// After the reconnect (which wakes everyone again) a new waiter is
	// woken by the next commit, not left asleep.
	for i := 0; !reconnected(t, admin, channel); i++ {
		if i == 200 {
			t.Fatal("the listening connections never came back")
		}
		next := other.FeedChanged(storetest.HallA)
		f.Must(f.S.PutAnnouncement(f.Ctx, storetest.HallA, kiosk.Announcement{ID: "ann-2", Title: kiosk.LocalName{Zh: "通知"}}))
		wokenIn(t, next, "a waiter slept through a commit while the listener reconnected")
	}
	next := other.FeedChanged(storetest.HallA)
	f.Must(f.S.PutAnnouncement(f.Ctx, storetest.HallA, kiosk.Announcement{ID: "ann-3", Title: kiosk.LocalName{Zh: "通知"}}))
	wokenIn(t, next, "no wake after the listener reconnected")
}

// reconnected says whether both handles listen again.
func reconnected(t *testing.T, db *sql.DB, channel string) bool {
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN "' || $1 || '"'`, channel).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 2
}
