// Command kiosk is the OneStop Hall touchscreen app: it opens the local
// store, links it with central (the demo's own central server with
// --demo, a real one after --enroll), and hands the store to the UI while
// the syncer runs beside it.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"onestop/kiosk"
	"onestop/kiosk/store"
	"onestop/kiosk/ui"
	"onestop/sync/client"
	"onestop/version"
)

func main() {
	if ran, err := installCommand(os.Args[1:], os.Stderr); ran {
		if err != nil {
			fmt.Fprintln(os.Stderr, "kiosk:", err)
			os.Exit(1)
		}
		return
	}
	cfg, err := parseConfig(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err == nil && cfg.Version {
		fmt.Println(version.Version)
		return
	}
	if err == nil {
		err = run(cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	a := app.NewWithID("cn.edu.onestop.kiosk")
	a.Settings().SetTheme(ui.NewTheme(false))
	// Start-up overlaps three slow things on the two cores: opening the
	// store (and, for the demo, its first sync), parsing the CJK font
	// (tens of ms per face) and creating the GL window (cgo, ~100 ms).
	// The screen is then built with warm caches.
	type opened struct {
		db   *store.DB
		link *link
		err  error
	}
	storeReady := make(chan opened, 1)
	go func() {
		db, l, err := openStore(ctx, cfg, log)
		storeReady <- opened{db, l, err}
	}()
	go warmFont(fyne.TextStyle{})
	go warmFont(fyne.TextStyle{Bold: true})
	w := showWindow(a, cfg)
	o := <-storeReady
	if o.err != nil {
		return o.err
	}
	defer o.db.Close()

	if o.link != nil {
		defer o.link.Close()
	}
	// Background work starts once the first frame is up, so it does not
	// compete with start-up for the two cores.
	var background sync.WaitGroup
	db, syncer := nudgingStore(o.db, o.link)
	k, err := ui.New(a, w, ui.Deps{
		Roster: db, Visits: db, Hall: db,
		Appointments: db, Rooms: db, Events: db, Requests: db, Records: db, Desk: db,
		SyncNow: db.nudge,
		Clock:   kiosk.SystemClock{}, IDs: kiosk.IDSource{R: rand.Reader},
	})
	if err != nil {
		return err
	}
	if o.link != nil {
		o.link.screen.Store(k) // the sync corner follows the syncer from now on
	}
	a.Lifecycle().SetOnStarted(func() {
		fmt.Println("kiosk: started") // the Xvfb smoke test waits for this line
		if cfg.ExitAfterStart {
			a.Quit()
			return
		}
		if syncer != nil {
			background.Go(func() { syncer.Run(ctx) })
		}
		background.Go(func() { keepHouse(ctx, o.db, log) })
		if o.link != nil {
			quit := func() { fyne.Do(a.Quit) }
			background.Go(func() { runUpdates(ctx, cfg, o.db, o.link, k, log, quit) })
			background.Go(func() { runFleet(ctx, o.db, o.link, k, log, quit) })
		}
	})
	go func() { // SIGTERM from systemd: leave the run loop cleanly
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	k.Run(ctx)
	a.Run()
	if o.link != nil {
		o.link.screen.Store(nil) // the window is gone: the last reports go only to the log
	}
	stop() // the syncer and housekeeping stop before the store closes
	background.Wait()
	return nil
}

// nudgingStore returns the store the screens use, which nudges the
// syncer after each write, and the syncer (nil for a kiosk without
// central).
func nudgingStore(db *store.DB, l *link) (nudging, *client.Syncer) {
	if l == nil {
		return nudging{DB: db, nudge: func() {}}, nil
	}
	return nudging{DB: db, nudge: l.syncer.Nudge}, l.syncer
}

// keepHouse releases room bookings whose check-in window closed unused
// (recording the no-shows), marks unattended appointments missed and
// caps duty shifts left open past the cap, by the store's clock, once a
// minute: the kiosk frees those slots even
// while central is out of reach. Central applies the same rules.
func keepHouse(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if n, err := db.ReleaseNoShows(ctx); err != nil && ctx.Err() == nil {
			log.Warn("release no-shows", "err", err)
		} else if n > 0 {
			log.Info("released no-shows", "count", n)
		}
		if n, err := db.CapShifts(ctx); err != nil && ctx.Err() == nil {
			log.Warn("cap shifts", "err", err)
		} else if n > 0 {
			log.Info("capped forgotten shifts", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// showWindow opens the kiosk's window, locked down when full screen.
func showWindow(a fyne.App, cfg config) fyne.Window {
	w := a.NewWindow("OneStop")
	if cfg.Fullscreen {
		lockDown(a, w)
	} else {
		w.Resize(fyne.NewSize(cfg.Width, cfg.Height))
	}
	w.Show()
	return w
}

// warmFont has Fyne parse one face of the bundled font into its cache,
// so the first screen does not wait for it; go-text parses every glyph
// up front, tens of milliseconds a face.
func warmFont(style fyne.TextStyle) {
	fyne.MeasureText("签到 Check in", theme.TextSize(), style)
}

// openStore opens the local store and links it with central.
func openStore(ctx context.Context, cfg config, log *slog.Logger) (*store.DB, *link, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("data directory: %w", err)
	}
	db, err := store.Open(filepath.Join(cfg.DataDir, "kiosk.db"), kiosk.SystemClock{})
	if err != nil {
		return nil, nil, err
	}
	l, err := connect(ctx, cfg, db, log)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, l, nil
}

// lockDown makes the window a kiosk: full screen, not closable by the
// window manager, screen never blanks. Technicians quit with
// Ctrl+Alt+Shift+Q on an attached keyboard; students have none.
func lockDown(a fyne.App, w fyne.Window) {
	w.SetFullScreen(true)
	w.SetPadded(false)
	w.SetCloseIntercept(func() {})
	a.Driver().SetDisableScreenBlanking(true)
	w.Canvas().AddShortcut(&desktop.CustomShortcut{
		KeyName:  fyne.KeyQ,
		Modifier: fyne.KeyModifierControl | fyne.KeyModifierAlt | fyne.KeyModifierShift,
	}, func(fyne.Shortcut) { a.Quit() })
}
