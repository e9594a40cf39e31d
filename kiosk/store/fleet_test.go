package store_test

import (
	"context"
	"testing"

	"onestop/kiosk"
	"onestop/update"
)

// The console's asks and the releases arrive through the feed like any
// entity; a snapshot replaces them.
func TestFleetEntities(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openStore(t)
	seedPage(t, db, upsert(t, kiosk.EntityKioskCommand, "k1", kiosk.KioskCommand{Kiosk: "k1", Sync: 3, Restart: 1}))
	c, err := db.KioskCommand(ctx, "k1")
	if err != nil || (c != kiosk.KioskCommand{Kiosk: "k1", Sync: 3, Restart: 1}) {
		t.Fatalf("command %+v %v", c, err)
	}
	if c, _ := db.KioskCommand(ctx, "k2"); c.Sync != 0 || c.Restart != 0 {
		t.Errorf("another kiosk's command: %+v", c)
	}
	wantSkipped(t, db, upsert(t, kiosk.EntityKioskCommand, "k1", kiosk.KioskCommand{Kiosk: "k9", Sync: 4}))

	rel := update.Release{Channel: "stable", Seq: 4, Manifest: []byte(`{}`), Sig: []byte("sig"), Stage: update.StageAll}
	seedPage(t, db, upsert(t, kiosk.EntityRelease, "hall-1/stable", rel))
	got, found, err := db.Release(ctx, "stable")
	if err != nil || !found || got.Seq != 4 {
		t.Fatalf("release %+v %v %v", got, found, err)
	}
	if _, found, _ := db.Release(ctx, "beta"); found {
		t.Error("a release of another channel")
	}
	wantSkipped(t, db, upsert(t, kiosk.EntityRelease, "hall-1/stable", update.Release{Channel: "stable", Seq: 5, Stage: "sideways"}))
}

// The accepted sequence never goes down, whoever writes.
func TestUpdateStateMonotonic(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openStore(t)
	must(t, db.SaveUpdateState(ctx, update.Stored{Seq: 7, Keys: []string{"a", "b"}}))
	must(t, db.SaveUpdateState(ctx, update.Stored{Seq: 3, LastError: "hash: x"}))
	s, err := db.UpdateState(ctx)
	if err != nil || s.Seq != 7 || s.LastError != "hash: x" || len(s.Keys) != 0 {
		t.Fatalf("state %+v %v", s, err)
	}
}
