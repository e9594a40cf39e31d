package client_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/client"
)

// progressLog collects what a syncer reports.
type progressLog struct {
	mu   sync.Mutex
	all  []kiosk.SyncProgress
	done chan kiosk.SyncProgress // every finished round
}

func newProgressLog() *progressLog { return &progressLog{done: make(chan kiosk.SyncProgress, 16)} }

func (l *progressLog) report(p kiosk.SyncProgress) {
	l.mu.Lock()
	l.all = append(l.all, p)
	l.mu.Unlock()
	if !p.Running && !p.At.IsZero() {
		l.done <- p
	}
}

// TestInitialSync: a new kiosk enrolls and pulls the demo campus from
// central in pages, reporting progress, and tells central how it is.
func TestInitialSync(t *testing.T) {
	c := newCampus(t)
	log := newProgressLog()
	k := c.newKiosk(kioskOpts{cfg: client.Config{PageSize: 50, Version: "test-1", OnProgress: log.report}})
	ctx := context.Background()
	id, err := client.Enroll(ctx, k.api, k.db, c.code(), "North lobby")
	if err != nil || id.HallID != demo.HallID || id.Server != c.url {
		t.Fatalf("Enroll = %+v, %v", id, err)
	}
	k.mustSync()
	if n, _ := k.db.RosterCount(ctx); n != demoStudents {
		t.Errorf("roster has %d students, want %d", n, demoStudents)
	}
	if rs, _ := k.db.Rooms(ctx, ""); len(rs) != len(demo.Rooms()) {
		t.Errorf("%d rooms", len(rs))
	}
	card := demo.Identities[3]
	s, err := k.db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: card.CardID})
	if err != nil || s.MaskedName != kiosk.MaskName(card.Name) {
		t.Fatalf("identify by card = %+v, %v", s, err)
	}
	if ok, _ := k.db.VerifyPIN(ctx, s.Key, card.PIN); !ok {
		t.Error("demo PIN does not verify")
	}
	if set, _ := k.db.Settings(ctx); set.HallID != demo.HallID || set.HallName.Zh != demo.Settings()[kiosk.SettingHallNameZh] {
		t.Errorf("settings %+v", set)
	}
	p := k.sync.Progress()
	if !p.Snapshot || p.Received < demoStudents || p.Running || !p.Online || p.Err != "" {
		t.Errorf("progress %+v", p)
	}
	pages := 0
	for _, q := range log.all {
		if q.Pulling && q.Received > 0 {
			pages++
		}
	}
	if pages < 2 {
		t.Errorf("%d progress reports while pulling, want one per page", pages)
	}
	ks, _ := c.store.Kiosks(ctx)
	if len(ks) != 1 || ks[0].Name != "North lobby" || ks[0].Health.Version != "test-1" || ks[0].Health.LastPullAt.IsZero() {
		t.Errorf("central's view of the kiosk %+v", ks)
	}
	if st, _ := k.db.SyncStatus(ctx); !st.Online || !st.LastContact.Equal(c.clock.Now()) {
		t.Errorf("status %+v", st)
	}
}

// TestAdminUpdatesReachKiosk: what admins change centrally arrives with
// the next sync, no restart.
func TestAdminUpdatesReachKiosk(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	ctx := context.Background()
	room := demo.Rooms()[0]
	room.Name.Zh = "明德楼 自习室 101（已翻新）"
	body, _ := json.Marshal(room)
	must(t, c.srv.Admin.Put(ctx, "rooms", demo.HallID, room.ID, body))
	ann := kiosk.Announcement{ID: "ann-new", Title: kiosk.LocalName{Zh: "停水通知"}, StartsAt: t0, EndsAt: t0.AddDate(0, 0, 1), Priority: 9}
	body, _ = json.Marshal(ann)
	must(t, c.srv.Admin.Put(ctx, "announcements", demo.HallID, ann.ID, body))
	must(t, c.store.SetSettings(ctx, demo.HallID, map[string]string{kiosk.SettingIdleTimeout: "120", "room.max_per_day": "3"}))
	must(t, c.srv.Admin.Delete(ctx, "events", "e-safety-drill"))

	k.mustSync()
	rs, _ := k.db.Rooms(ctx, room.Type)
	renamed := false
	for _, r := range rs {
		renamed = renamed || (r.ID == room.ID && r.Name.Zh == room.Name.Zh)
	}
	if !renamed {
		t.Error("room rename did not arrive")
	}
	if as, _ := k.db.Announcements(ctx, c.clock.Now()); len(as) == 0 || as[0].ID != ann.ID {
		t.Errorf("announcements %+v", as)
	}
	if s, _ := k.db.Settings(ctx); s.IdleTimeout != 2*time.Minute || s.Room.MaxPerDay != 3 {
		t.Errorf("settings idle %v, max per day %d", s.IdleTimeout, s.Room.MaxPerDay)
	}
	if n, _ := k.db.RosterCount(ctx); n != demoStudents {
		t.Errorf("a settings change with the same salt emptied the roster: %d", n)
	}
}

// TestRunSyncsOnNudgeAndTick: the background loop syncs at start, after
// a nudge (a local write) and on a tick, and stops with its context.
func TestRunSyncsOnNudgeAndTick(t *testing.T) {
	c := newCampus(t)
	log := newProgressLog()
	ticks := make(chan time.Time)
	k := c.newKiosk(kioskOpts{cfg: client.Config{Ticks: ticks, OnProgress: log.report}})
	_, err := client.Enroll(context.Background(), k.api, k.db, c.code(), "")
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	go func() { stopped <- k.sync.Run(ctx) }()
	if p := <-log.done; !p.Online || p.Received == 0 {
		t.Fatalf("first round %+v", p)
	}
	visits(t, c, k, "nudged", 1)
	k.sync.Nudge()
	if p := <-log.done; p.Pending != 0 || p.Pushed != 1 {
		t.Fatalf("after a nudge %+v", p)
	}
	ann := kiosk.Announcement{ID: "ann-tick", Title: kiosk.LocalName{Zh: "新通知"}, StartsAt: t0}
	must(t, c.store.PutAnnouncement(context.Background(), demo.HallID, ann))
	ticks <- c.clock.Now()
	if p := <-log.done; p.Received != 1 {
		t.Fatalf("after a tick %+v", p)
	}
	cancel()
	if err := <-stopped; err != context.Canceled {
		t.Errorf("Run = %v", err)
	}
}

// TestReenrollStartsOver: a kiosk enrolled anew numbers its pushes from
// 1 for its new id and takes a fresh snapshot; what it did before is
// delivered once.
func TestReenrollStartsOver(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	visits(t, c, k, "before", 2)
	k.mustSync()
	visits(t, c, k, "between", 1) // pending when enrolled anew
	id, err := client.Enroll(context.Background(), k.api, k.db, c.code(), "replacement")
	if err != nil || id.SeqBase != 2 {
		t.Fatalf("re-enroll = %+v, %v", id, err)
	}
	k.mustSync()
	if got := c.lastSeq(id.KioskID); got != 1 || k.pending() != 0 {
		t.Errorf("new kiosk's last seq %d, pending %d", got, k.pending())
	}
	if p := k.sync.Progress(); !p.Snapshot {
		t.Error("no fresh snapshot after re-enrollment")
	}
	if _, ok := c.snapshot()[kiosk.EntityVisit]["between-0"]; !ok {
		t.Error("the pending visit was lost")
	}
}
