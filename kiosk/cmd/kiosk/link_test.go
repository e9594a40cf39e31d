package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/store"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore"
)

var quiet = slog.New(slog.DiscardHandler)

func openKioskStore(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "kiosk.db"), kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestDemoLink: --demo runs its own central with the demo campus and
// the kiosk gets the campus through sync; a restart keeps the kiosk's
// enrollment although the port changes.
func TestDemoLink(t *testing.T) {
	ctx := context.Background()
	cfg := config{DataDir: t.TempDir(), Demo: true, DemoStudents: 30, SyncEvery: 10 * time.Second}
	var kioskID string
	for start := range 2 {
		db := openKioskStore(t, cfg.DataDir)
		l, err := connect(ctx, cfg, db, quiet)
		if err != nil {
			t.Fatalf("start %d: %v", start, err)
		}
		if n, _ := db.RosterCount(ctx); n != cfg.DemoStudents {
			t.Errorf("start %d: roster has %d students", start, n)
		}
		for _, id := range demo.Identities {
			s, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: id.CardID})
			if err != nil || s.MaskedName != kiosk.MaskName(id.Name) {
				t.Fatalf("start %d: demo identity %s: %+v, %v", start, id.Number, s, err)
			}
			if ok, _ := db.VerifyPIN(ctx, s.Key, id.PIN); !ok {
				t.Errorf("start %d: PIN of %s does not verify", start, id.Number)
			}
		}
		if rs, _ := db.Rooms(ctx, ""); len(rs) != len(demo.Rooms()) {
			t.Errorf("start %d: %d rooms", start, len(rs))
		}
		// The QR codes point at the demo central itself, this start's port.
		set, _ := db.Settings(ctx)
		if u, err := url.Parse(set.PublicURL); err != nil || u.Scheme != "http" || u.Port() == "" || strings.Contains(u.Host, "example") {
			t.Errorf("start %d: QR codes point at %q", start, set.PublicURL)
		} else if res, err := http.Get(set.PublicURL + "/a/appt-demo-today"); err != nil || res.StatusCode != http.StatusOK {
			t.Errorf("start %d: the demo appointment's page at %s: %v %v", start, set.PublicURL, res, err)
		} else {
			res.Body.Close()
		}
		id, err := db.KioskIdentity(ctx)
		if err != nil || (start > 0 && id.KioskID != kioskID) {
			t.Errorf("start %d: identity %+v, %v; want kiosk %s kept", start, id, err, kioskID)
		}
		kioskID = id.KioskID
		if st, _ := db.SyncStatus(ctx); !st.Online {
			t.Errorf("start %d: not online with the demo central", start)
		}
		if err := l.Close(); err != nil {
			t.Error(err)
		}
		db.Close()
	}
}

// TestEnrollThenStoredServer: --server --enroll enrolls once and keeps
// the token; later starts need neither flag.
func TestEnrollThenStoredServer(t *testing.T) {
	ctx := context.Background()
	cs, err := sqlitestore.Open(filepath.Join(t.TempDir(), "central.db"), kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if _, err := centraldemo.Seed(ctx, cs, 10, time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := server.New(cs, kiosk.SystemClock{}, nil, nil)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	code, _, err := srv.Admin.EnrollCode(ctx, demo.HallID)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := openKioskStore(t, dir)
	defer db.Close()

	if l, err := connect(ctx, config{DataDir: dir}, db, quiet); err != nil || l != nil {
		t.Fatalf("no server, not enrolled: %v, %v; want standalone", l, err)
	}
	if _, err := connect(ctx, config{DataDir: dir, Server: ts.URL}, db, quiet); err == nil || !strings.Contains(err.Error(), "--enroll") {
		t.Fatalf("server without enrollment: %v", err)
	}
	cfg := config{DataDir: dir, Server: ts.URL, Enroll: code, Name: "North lobby", SyncEvery: time.Second}
	l, err := connect(ctx, cfg, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	id, err := db.KioskIdentity(ctx)
	if err != nil || id.Server != ts.URL || id.HallID != demo.HallID {
		t.Fatalf("identity %+v, %v", id, err)
	}
	// The code is used up; starting again with it set (a unit file's
	// environment) must not enroll again, nor need the server flag.
	l, err = connect(ctx, config{DataDir: dir, Enroll: code}, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.KioskIdentity(ctx); again.KioskID != id.KioskID {
		t.Errorf("enrolled again: %s, was %s", again.KioskID, id.KioskID)
	}
	ks, _ := cs.Kiosks(ctx)
	if len(ks) != 1 || ks[0].Name != "North lobby" {
		t.Errorf("central's kiosks %+v", ks)
	}
}

func TestHelpNamesEnvironment(t *testing.T) {
	var out strings.Builder
	if _, err := parseConfig([]string{"-help"}, env(nil), &out); err == nil {
		t.Fatal("-help must stop")
	}
	for _, v := range []string{"ONESTOP_KIOSK_SERVER", "ONESTOP_KIOSK_ENROLL", "ONESTOP_KIOSK_NAME", "ONESTOP_KIOSK_SYNC_EVERY"} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("--help does not name %s", v)
		}
	}
}
