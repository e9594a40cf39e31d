package main

import (
	"context"
	"log/slog"
	"os"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/store"
	"onestop/kiosk/ui"
)

// The console's asks (kiosk.KioskCommand) and the nightly restart. A
// restart is the process ending at an idle moment: systemd's unit
// (Restart=always) starts it again. Outside systemd (make demo, a
// developer's shell) nobody would, so the kiosk only logs the ask.

// restartIdle is how long nobody may have touched the screen before a
// restart; the idle timeout has brought the screen home long before.
const restartIdle = 2 * time.Minute

type fleet struct {
	db          *store.DB
	l           *link
	k           *ui.Kiosk
	log         *slog.Logger
	quit        func()
	id          string
	started     time.Time
	seen        kiosk.KioskCommand // the counters acted on
	restart     bool               // a restart is due at the next idle moment
	restartable bool
	told        bool // the log said once that a restart cannot happen here
}

// runFleet acts on the console's asks after every pull that brought
// changes and once a minute, until ctx is done or it restarts the kiosk.
func runFleet(ctx context.Context, db *store.DB, l *link, k *ui.Kiosk, log *slog.Logger, quit func()) {
	id, err := db.KioskIdentity(ctx)
	if err != nil {
		return
	}
	f := &fleet{db: db, l: l, k: k, log: log, quit: quit, id: id.KioskID, started: time.Now(),
		restartable: os.Getenv("INVOCATION_ID") != ""} // set by systemd for its units
	// Asks made before this start are done: it synced and started fresh.
	if f.seen, err = db.KioskCommand(ctx, f.id); err != nil {
		log.Warn("kiosk commands", "err", err)
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if f.check(ctx, time.Now()) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-l.pulled:
		case <-t.C:
		}
	}
}

// check acts on what is due at now and reports whether the kiosk is
// restarting.
func (f *fleet) check(ctx context.Context, now time.Time) bool {
	c, err := f.db.KioskCommand(ctx, f.id)
	if err != nil {
		f.log.Warn("kiosk commands", "err", err)
		return false
	}
	if c.Sync > f.seen.Sync {
		f.log.Info("console asked for a sync")
		f.l.syncer.Nudge()
	}
	if c.Restart > f.seen.Restart {
		f.log.Info("console asked for a restart at the next idle moment")
		f.restart = true
	}
	f.seen = c
	if s, err := f.db.Settings(ctx); err == nil && kiosk.NightlyRestartDue(s.Local(f.started), s.Local(now), s.RestartHour) {
		f.restart = true
	}
	if !f.restart || now.Sub(f.k.LastTouch()) < restartIdle || f.l.syncer.Progress().Running {
		return false
	}
	if !f.restartable {
		if !f.told {
			f.log.Info("restart due, but not running under systemd: skipped")
			f.told = true
		}
		return false
	}
	f.log.Info("restarting at an idle moment")
	f.quit()
	return true
}
