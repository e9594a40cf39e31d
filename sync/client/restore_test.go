package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/store"
	"onestop/sync/central/backup"
	"onestop/sync/client"
	"onestop/sync/wire"
)

// TestRestoreLosesNothingKiosksHold, over HTTP on loopback against the
// real central: the kiosk pushes A and B, central's backup was taken
// after A, the kiosk pushes C, central is restored from the backup. At
// the kiosk's next sync its cursor (ahead of the restored feed) resets
// and it pulls again; that round's heartbeat says central's last seq is
// A's, and the kiosk sends B and C again from its outbox, which keeps
// answered entries (store.OutboxRetention). Central ends with A, B and
// C, once each, and a change made after the restore reaches the kiosk.
func TestRestoreLosesNothingKiosksHold(t *testing.T) {
	ctx := context.Background()
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	copyPath := filepath.Join(t.TempDir(), "central-backup.db")
	visits(t, c, k, "a", 1)
	k.mustSync()
	_, err := backup.Copy(ctx, c.path, copyPath) // the hourly backup, central running
	must(t, err)
	visits(t, c, k, "b", 1)
	k.mustSync()
	c.clock.Advance(time.Minute)
	visits(t, c, k, "c", 1)
	k.mustSync()
	id, _ := k.db.KioskIdentity(ctx)
	if got := c.lastSeq(id.KioskID); got != 3 {
		t.Fatalf("central's last seq %d before the restore", got)
	}

	c.restart(func(path string) { must(t, backup.Restore(ctx, copyPath, path)) })
	if got := c.lastSeq(id.KioskID); got != 1 {
		t.Fatalf("restored central's last seq %d, want A's (1)", got)
	}
	// A change made on the restored central, before the kiosk comes back.
	must(t, c.store.PutAnnouncement(ctx, demo.HallID, kiosk.Announcement{ID: "after-restore",
		Title: kiosk.LocalName{Zh: "恢复后"}, StartsAt: c.clock.Now()}))
	var resets, pulls atomic.Int32
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/changes" {
			return false
		}
		rec := httptest.NewRecorder()
		c.srv.Handler().ServeHTTP(rec, r)
		var p wire.PullResponse
		if json.Unmarshal(rec.Body.Bytes(), &p) == nil && p.Reset {
			resets.Add(1)
		}
		pulls.Add(1)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		return true
	})
	k.mustSync()
	c.setFault(nil)

	if resets.Load() == 0 || pulls.Load() == 0 {
		t.Errorf("the kiosk's cursor ahead of the restored feed: %d resets in %d pulls", resets.Load(), pulls.Load())
	}
	if got := c.lastSeq(id.KioskID); got != 3 {
		t.Errorf("central's last seq %d after the kiosk synced, want 3", got)
	}
	snap := c.snapshot()
	for _, v := range []string{"a-0", "b-0", "c-0"} {
		if _, ok := snap[kiosk.EntityVisit][v]; !ok {
			t.Errorf("visit %s missing at central after the restore", v)
		}
	}
	if _, ok := snap[wire.EntityAnnouncement]["after-restore"]; !ok {
		t.Fatal("the announcement is not at central")
	}
	as, err := k.db.Announcements(ctx, c.clock.Now())
	must(t, err)
	seen := false
	for _, a := range as {
		seen = seen || a.ID == "after-restore"
	}
	if !seen {
		t.Errorf("the change made after the restore did not reach the kiosk (%d announcements)", len(as))
	}
	vs, err := k.db.VisitsOf(ctx, k.student(0).Key)
	must(t, err)
	ours := map[string]int{}
	for _, v := range vs {
		if v.ID == "a-0" || v.ID == "b-0" || v.ID == "c-0" {
			ours[v.ID]++
			if v.SyncState != kiosk.OutboxApplied {
				t.Errorf("visit %s is %s", v.ID, v.SyncState)
			}
		}
	}
	if len(ours) != 3 || ours["a-0"] != 1 || ours["b-0"] != 1 || ours["c-0"] != 1 || k.pending() != 0 {
		t.Errorf("the kiosk's own visits %v, %d pending; want each once, none", ours, k.pending())
	}
	// Nothing is sent twice: another round finds central caught up.
	before := c.count("/api/v1/push")
	c.clock.Advance(2 * time.Minute) // a heartbeat is due
	k.mustSync()
	if n := c.count("/api/v1/push") - before; n != 0 {
		t.Errorf("%d pushes after central caught up", n)
	}
}

// A central from before the heartbeat carried last_seq answers without
// it: the kiosk sends nothing again.
func TestHeartbeatWithoutLastSeq(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	visits(t, c, k, "v", 2)
	k.mustSync()
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/heartbeat" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"server_time": %q}`, c.clock.Now().Format(time.RFC3339))
		return true
	})
	before := c.count("/api/v1/push")
	c.clock.Advance(2 * time.Minute)
	k.mustSync()
	if n := c.count("/api/v1/push") - before; n != 0 {
		t.Errorf("%d pushes on a heartbeat without last_seq", n)
	}
	if c.count("/api/v1/heartbeat") < 2 {
		t.Error("no heartbeat was sent")
	}
}

// A restore from a backup older than the kiosk's retention: the entries
// the kiosk pruned cannot be sent again. The sync goes on and the loss
// is logged at error level; what the kiosk still holds is sent.
func TestRestoreOlderThanRetention(t *testing.T) {
	ctx := context.Background()
	c := newCampus(t)
	var logs bytes.Buffer
	k := c.enrolledKiosk(kioskOpts{cfg: client.Config{Log: slog.New(slog.NewTextHandler(&logs, nil))}})
	copyPath := filepath.Join(t.TempDir(), "central-backup.db")
	_, err := backup.Copy(ctx, c.path, copyPath)
	must(t, err)
	visits(t, c, k, "old", 1)
	k.mustSync()
	c.clock.Advance(store.OutboxRetention + time.Hour)
	k.mustSync() // prunes old-0's entry
	visits(t, c, k, "new", 1)
	k.mustSync()

	c.restart(func(path string) { must(t, backup.Restore(ctx, copyPath, path)) })
	k.mustSync()
	id, _ := k.db.KioskIdentity(ctx)
	if got := c.lastSeq(id.KioskID); got != 0 {
		t.Errorf("central's last seq %d: it cannot have more than the kiosk kept", got)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "no longer keeps") {
		t.Errorf("the loss was not logged as an error:\n%s", logs.String())
	}
}
