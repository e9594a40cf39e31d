package ui_test

import (
	"sync"
	"testing"

	"onestop/kiosk"
)

// fromSyncer calls fn on another goroutine, as the syncer's OnProgress
// does, and waits for it.
func fromSyncer(fn func()) {
	var wg sync.WaitGroup
	wg.Go(fn)
	wg.Wait()
}

func TestSyncProgressBar(t *testing.T) {
	r := newRig(t)
	r.hides("正在同步")

	// A small pull shows no bar.
	fromSyncer(func() { r.k.SetSyncProgress(kiosk.SyncProgress{Running: true, Pulling: true, Received: 40}) })
	r.hides("正在同步")

	fromSyncer(func() {
		r.k.SetSyncProgress(kiosk.SyncProgress{Running: true, Pulling: true, Snapshot: true, Received: 0})
		r.k.SetSyncProgress(kiosk.SyncProgress{Running: true, Pulling: true, Snapshot: true, Received: 12000})
	})
	r.shows("正在同步… 已接收 12,000 项", "0 条记录待同步 · 离线")

	r.tap("lang")
	r.shows("Syncing… 12,000 items received", "0 pending · offline")
	fromSyncer(func() { r.k.SetSyncProgress(kiosk.SyncProgress{Running: true, Pulling: true, Received: 1234567}) })
	r.shows("Syncing… 1,234,567 items received")

	// Away from home the corner is not on screen; back home it shows.
	r.tap("tile.rooms")
	r.hides("Syncing…")
	r.tap("home")
	r.shows("Syncing… 1,234,567 items received")

	fromSyncer(func() {
		r.k.SetSyncProgress(kiosk.SyncProgress{Received: 1234567, Online: true, At: start})
	})
	r.hides("Syncing…")
	r.shows("0 pending · offline")
}

func TestRefreshNowShowsAdminChange(t *testing.T) {
	r := newRig(t)
	s := settings()
	s.HallName = kiosk.LocalName{Zh: "学院路服务大厅", En: "College Road Hall"}
	r.hall.SetSettings(s)
	r.hall.SetSyncStatus(kiosk.SyncStatus{Pending: 2, Online: true, LastContact: start})
	r.advance(0)
	r.hides("学院路服务大厅")

	fromSyncer(r.k.RefreshNow)
	r.shows("学院路服务大厅", "2 条记录待同步 · 在线 · 上次联网 14:05")
}

// Regression (issue 9, item 12): every confirmation said "saved here,
// will sync" even when central confirmed it a moment later. It turns to
// "synced" when the answer arrives while it shows.
func TestConfirmationTurnsSynced(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.keypad(zhangNumber)
	r.tap("keypad.ok")
	r.tap("purpose.study")
	r.shows("签到成功", "联网后会自动同步")
	r.hides("已同步到中心")
	v := r.visits.Visits()[0]
	r.visits.SetSyncState(v.ID, kiosk.OutboxApplied) // central answered
	fromSyncer(r.k.RefreshNow)
	r.shows("签到成功", "已同步到中心")
	r.hides("联网后会自动同步")
	r.tap("lang")
	r.shows("Synced with the central office.")
}
