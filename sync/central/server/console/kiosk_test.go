package console_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"onestop/kiosk"

	"onestop/kiosk/store"
	"onestop/sync/central/storetest"
	"onestop/sync/client"
)

// kioskNode is a real kiosk store syncing with the env's central over
// HTTP, as a hall's screen would: what the console changes must reach it.
type kioskNode struct {
	e    *env
	db   *store.DB
	sync *client.Syncer
}

// kiosk enrolls a new kiosk store in hall and syncs it once.
func (e *env) kiosk(hall string) *kioskNode {
	e.T.Helper()
	db, err := store.Open(filepath.Join(e.T.TempDir(), "kiosk.db"), e.Clock)
	e.Must(err)
	e.T.Cleanup(func() { db.Close() })
	api, err := client.New(client.Options{BaseURL: e.url, HTTPClient: &http.Client{},
		Sleep:  func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
		Random: func() float64 { return 0.5 }, Clock: e.Clock, Retry: client.Backoff{Attempts: 1}})
	e.Must(err)
	code, _, err := e.admin.EnrollCode(context.Background(), hall)
	e.Must(err)
	_, err = client.Enroll(context.Background(), api, db, code, "console test kiosk")
	e.Must(err)
	k := &kioskNode{e: e, db: db, sync: client.NewSyncer(api, db, client.Config{Clock: e.Clock, Ticks: make(chan time.Time)})}
	k.mustSync()
	return k
}

func (k *kioskNode) mustSync() {
	k.e.T.Helper()
	k.e.Must(k.sync.Sync(context.Background()))
}

// TestKioskSyncHelper: the helper's kiosk holds its hall's rooms.
func TestKioskSyncHelper(t *testing.T) {
	e := newEnv(t)
	k := e.kiosk(storetest.HallA)
	rooms, err := k.db.Rooms(context.Background(), kiosk.RoomStudy)
	e.Must(err)
	if len(rooms) != 1 || rooms[0].ID != storetest.RoomA {
		t.Fatalf("the kiosk has rooms %+v", rooms)
	}
}
