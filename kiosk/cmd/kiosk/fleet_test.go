package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"onestop/kiosk"
	"onestop/kiosk/store"
	"onestop/kiosk/ui"
	"onestop/sync/client"
)

// A restart the console asks for waits for an idle moment and happens
// only under systemd, which starts the kiosk again.
func TestFleetRestartsWhenIdle(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "kiosk.db"), kiosk.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	api, err := client.New(client.Options{BaseURL: "http://127.0.0.1:9"})
	if err != nil {
		t.Fatal(err)
	}
	k, err := ui.New(test.NewTempApp(t), test.NewTempWindow(t, nil), ui.Deps{Roster: db, Visits: db, Hall: db,
		Appointments: db, Rooms: db, Events: db, Requests: db, Records: db, Desk: db, Clock: kiosk.SystemClock{}})
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := db.SyncCursor(ctx)
	ask := func(restart int64) {
		data := []byte(fmt.Sprintf(`{"kiosk":"k1","sync":0,"restart":%d}`, restart))
		if _, err := db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: cur, Changes: []kiosk.Change{{Entity: kiosk.EntityKioskCommand, ID: "k1", Data: data}}}); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	quits := 0
	now := time.Now()
	f := &fleet{db: db, l: &link{syncer: client.NewSyncer(api, db, client.Config{})}, k: k, id: "k1", started: now,
		log: slog.New(slog.NewTextHandler(&logs, nil)), quit: func() { quits++ }}
	ask(1)
	if f.check(ctx, now) || !f.restart {
		t.Fatal("restarted at once, or did not note the ask")
	}
	if f.check(ctx, now.Add(3*time.Minute)) || quits != 0 || !strings.Contains(logs.String(), "not running under systemd") {
		t.Fatalf("outside systemd: quits %d, log %s", quits, logs.String())
	}
	f.restartable = true
	if f.check(ctx, now.Add(time.Minute)) {
		t.Fatal("restarted a minute after a touch")
	}
	if !f.check(ctx, now.Add(3*time.Minute)) || quits != 1 {
		t.Fatalf("no restart at the idle moment: %d", quits)
	}
}
