package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

func TestMigrationsRunOnceAcrossReopen(t *testing.T) {
	ctx := context.Background()
	db, clock, path := openStore(t)
	seedSettings(t, db, map[string]string{kiosk.SettingHallID: "hall-7"})
	if err := db.CheckInVisit(ctx, visit("v1", "s1", clock)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		db2, err := store.Open(path, clock)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		if err := db2.Close(); err != nil {
			t.Fatal(err)
		}
	}
	raw := rawDB(t, path)
	var n, version int
	err := raw.QueryRow(`
		SELECT
			count(*),
			max(version)
		FROM schema_migrations`).Scan(&n, &version)
	if err != nil {
		t.Fatal(err)
	}
	// Every embedded migration, each once.
	if want := store.MigrationCount(); n != want || version != want {
		t.Errorf("schema_migrations has %d rows up to version %d, want %d of each", n, version, want)
	}
	db3 := openAt(t, path, clock)
	s, err := db3.Settings(ctx)
	if err != nil || s.HallID != "hall-7" {
		t.Errorf("settings after reopen = %+v, %v", s, err)
	}
	// The seq counter survived: the next entry is 2, not a second 1.
	if err := db3.CheckInVisit(ctx, visit("v2", "s1", clock)); err != nil {
		t.Fatal(err)
	}
	ms, err := db3.Outbox(ctx, 0, 10)
	if err != nil || len(ms) != 2 || ms[1].Seq != 2 {
		t.Errorf("outbox after reopen = %+v, %v", ms, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	_, clock, path := openStore(t)
	raw := rawDB(t, path)
	_, err := raw.Exec(`
		INSERT INTO schema_migrations (
			version,
			name,
			applied_at
		) VALUES (?, ?, ?)`, 9999, "9999_future.sql", 0)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, clock)
	if err == nil {
		db.Close()
		t.Fatal("Open accepted a schema from a newer build")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("error = %v, want it to say the schema is newer", err)
	}
}

func TestPragmasInEffect(t *testing.T) {
	db, _, _ := openStore(t)
	writer := map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"foreign_keys": "1",
		"busy_timeout": "5000",
	}
	for name, want := range writer {
		got, err := store.WriterPragma(db, name)
		if err != nil || got != want {
			t.Errorf("writer PRAGMA %s = %q, %v; want %q", name, got, err, want)
		}
	}
	for name, want := range map[string]string{"journal_mode": "wal", "query_only": "1"} {
		got, err := store.ReaderPragma(db, name)
		if err != nil || got != want {
			t.Errorf("reader PRAGMA %s = %q, %v; want %q", name, got, err, want)
		}
	}
	if err := store.ReaderExec(db, `DELETE FROM settings`); err == nil {
		t.Error("reader pool accepted a write")
	}
}

func TestLockedStoreIsUnavailable(t *testing.T) {
	defer store.SetBusyTimeout(20 * time.Millisecond)()
	ctx := context.Background()
	db, clock, path := openStore(t)
	// Another process (here another connection) holds the write lock.
	raw := rawDB(t, path)
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	err = db.CheckInVisit(ctx, visit("v1", "s1", clock))
	wantCode(t, err, kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable)
	if !strings.Contains(err.Error(), "check in visit") {
		t.Errorf("error %q lacks the operation", err)
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckInVisit(ctx, visit("v1", "s1", clock)); err != nil {
		t.Fatalf("after the lock is gone: %v", err)
	}
}

func TestIdentifyQueryUsesIndexes(t *testing.T) {
	db, _, _ := openStore(t)
	plan, err := store.IdentifyPlan(db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plan, "SCAN r") || strings.Contains(plan, "SCAN roster") {
		t.Errorf("identify scans the roster:\n%s", plan)
	}
	t.Logf("plan:\n%s", plan)
}

func TestSyncCursorAndContact(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	st, err := db.SyncStatus(ctx)
	if err != nil || !st.LastContact.IsZero() || st.Pending != 0 || st.Online {
		t.Fatalf("fresh SyncStatus = %+v, %v", st, err)
	}
	clock.Advance(time.Hour)
	if err := db.MarkContact(ctx); err != nil {
		t.Fatal(err)
	}
	st, err = db.SyncStatus(ctx)
	if err != nil || !st.LastContact.Equal(clock.Now()) {
		t.Errorf("LastContact = %v, %v; want %v", st.LastContact, err, clock.Now())
	}
	if c, err := db.SyncCursor(ctx); err != nil || c != "" {
		t.Errorf("fresh cursor = %q, %v", c, err)
	}
	// A page carries its cursor, even one without changes.
	if _, err := db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c-42"}); err != nil {
		t.Fatal(err)
	}
	if c, err := db.SyncCursor(ctx); err != nil || c != "c-42" {
		t.Errorf("cursor = %q, %v; want c-42", c, err)
	}
}

func TestOpenRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	if _, err := store.Open(filepath.Join("data", "kiosk.db"), kiosktest.NewClock(time.Now())); err == nil {
		t.Fatal("missing directory must fail")
	}
	if err := os.Mkdir("data", 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join("data", "kiosk.db"), kiosktest.NewClock(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(filepath.Join("data", "kiosk.db")); err != nil {
		t.Fatal(err)
	}
}
