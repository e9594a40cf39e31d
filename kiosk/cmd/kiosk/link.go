package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/store"
	"onestop/kiosk/ui"
	"onestop/kiosk/updater"
	"onestop/sync/central"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/client"
	"onestop/version"
)

// link is the kiosk's connection to central: the syncer, and what stops
// with it (the demo's own central server).
type link struct {
	api    *client.Client
	syncer *client.Syncer
	// updates is the software updater once made; the heartbeat reports
	// its status.
	updates atomic.Pointer[updater.Updater]
	// pulled is signalled after a pull that brought changes: the
	// console's asks come that way.
	pulled  chan struct{}
	closers []func() error
	// screen is the UI once ui.New has made it; the syncer is made, and
	// the demo's first sync runs, before there is one.
	screen atomic.Pointer[ui.Kiosk]
}

// progress is the syncer's OnProgress: the log's line for a large pull
// and, once the screen exists, its sync corner; after a pull that
// brought changes the screen re-reads settings and announcements at
// once, so an admin's change shows without waiting for its refresh.
func (l *link) progress(log *slog.Logger) func(kiosk.SyncProgress) {
	logged := progressLog(log)
	var online atomic.Bool
	return func(p kiosk.SyncProgress) {
		logged(p)
		if !p.Running && p.Received > 0 {
			select {
			case l.pulled <- struct{}{}:
			default:
			}
		}
		k := l.screen.Load()
		if k == nil {
			return
		}
		k.SetSyncProgress(p)
		// The corner's online word follows each attempt (the syncer's
		// contact), and a push's answers may have changed what a
		// confirmation on screen shows: re-read at once.
		wasOnline := online.Swap(p.Online)
		if (!p.Running && (p.Received > 0 || p.Pushed > 0)) || wasOnline != p.Online {
			k.RefreshNow()
		}
	}
}

// Close stops the demo's central, if any; the syncer must have stopped.
func (l *link) Close() error {
	var errs []error
	for _, c := range l.closers {
		errs = append(errs, c())
	}
	return errors.Join(errs...)
}

// connect links the store with central as cfg says: the demo's own
// central server, a real one (enrolling first if needed), or none: a
// kiosk never enrolled and given no server runs on its own.
func connect(ctx context.Context, cfg config, db *store.DB, log *slog.Logger) (*link, error) {
	if cfg.Demo {
		return connectDemo(ctx, cfg, db, log)
	}
	id, err := db.KioskIdentity(ctx)
	enrolled := err == nil
	if err != nil && kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		return nil, err
	}
	server := cfg.Server
	if server == "" {
		server = id.Server
	}
	if server == "" {
		log.Info("no central server configured: running standalone")
		return nil, nil
	}
	api, err := newAPI(server, log)
	if err != nil {
		return nil, err
	}
	switch {
	case (!enrolled || cfg.Reenroll) && cfg.Enroll != "":
		id, err = client.Enroll(ctx, api, db, cfg.Enroll, kioskName(cfg))
		if err != nil {
			return nil, err
		}
		log.Info("enrolled", "kiosk", id.KioskID, "hall", id.HallID, "server", id.Server)
	case !enrolled:
		return nil, fmt.Errorf("not enrolled with %s: start once with --enroll CODE (central's admin makes one)", server)
	default:
		if cfg.Enroll != "" {
			log.Info("enrolled already; --enroll ignored (--reenroll enrolls anew)", "kiosk", id.KioskID)
		}
		if id.Server != api.BaseURL() {
			id.Server = api.BaseURL()
			if _, err := db.SaveKioskIdentity(ctx, id); err != nil {
				return nil, err
			}
		}
	}
	l := &link{api: api, pulled: make(chan struct{}, 1)}
	l.syncer = client.NewSyncer(api, db, l.syncConfig(cfg, log))
	return l, nil
}

func newAPI(server string, log *slog.Logger) (*client.Client, error) {
	return client.New(client.Options{BaseURL: server, UserAgent: "onestop-kiosk/" + version.Version, Log: log})
}

func (l *link) syncConfig(cfg config, log *slog.Logger) client.Config {
	return client.Config{Every: cfg.SyncEvery, Version: version.Version, Log: log, OnProgress: l.progress(log),
		UpdateStatus: func(ctx context.Context) (int64, string) {
			if u := l.updates.Load(); u != nil {
				return u.Status(ctx)
			}
			return 0, ""
		}}
}

func kioskName(cfg config) string {
	if cfg.Name != "" {
		return cfg.Name
	}
	if h, err := os.Hostname(); err == nil {
		return h
	}
	return ""
}

// progressLog logs the end of a large pull; the screen shows the rest.
func progressLog(log *slog.Logger) func(kiosk.SyncProgress) {
	return func(p kiosk.SyncProgress) {
		if !p.Running && !p.At.IsZero() && (p.Snapshot || p.Received >= 1000) && p.Received > 0 {
			log.Info("pulled from central", "changes", p.Received, "snapshot", p.Snapshot, "pending", p.Pending)
		}
	}
}

// connectDemo runs the demo's central server on a free port of every
// interface (the kiosk's QR codes use its LAN address), with its
// database and the demo campus under <data>/central, enrolls the kiosk
// with it once, and syncs before returning so the campus is on the
// screen from the start. The demo data comes to the kiosk only
// through sync, as a real kiosk's does.
func connectDemo(ctx context.Context, cfg config, db *store.DB, log *slog.Logger) (*link, error) {
	dir := filepath.Join(cfg.DataDir, "central")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("demo central: %w", err)
	}
	clock := kiosk.SystemClock{}
	cs, err := sqlitestore.Open(filepath.Join(dir, "central.db"), clock)
	if err != nil {
		return nil, fmt.Errorf("demo central: %w", err)
	}
	l := &link{closers: []func() error{cs.Close}, pulled: make(chan struct{}, 1)}
	fail := func(err error) (*link, error) {
		return nil, errors.Join(fmt.Errorf("demo central: %w", err), l.Close())
	}
	if _, err := centraldemo.Seed(ctx, cs, cfg.DemoStudents, clock.Now()); err != nil {
		return fail(err)
	}
	srv := server.New(cs, clock, nil, log.With("component", "central"))
	// Every interface: phones that scan the kiosk's QR codes open the
	// demo central's public pages at its LAN address.
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return fail(err)
	}
	phones, lanErr := centraldemo.PhoneURL(ln.Addr(), centraldemo.SystemInterfaces)
	if lanErr != nil {
		log.Warn("demo central: QR codes open on this machine only", "err", lanErr)
	}
	if err := centraldemo.SetPublicURL(ctx, cs, phones); err != nil {
		ln.Close()
		return fail(err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	stopReleases := releaseNoShows(cs, log)
	l.closers = append([]func() error{hs.Close, stopReleases}, l.closers...) // before the store closes
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	api, err := newAPI("http://"+net.JoinHostPort("127.0.0.1", port), log)
	if err != nil {
		return fail(err)
	}
	l.api = api
	l.syncer = client.NewSyncer(api, db, l.syncConfig(cfg, log))
	if err := demoSync(ctx, srv, api, db, l.syncer); err != nil {
		return fail(err)
	}
	log.Info("demo central server", "url", api.BaseURL(), "phones", phones, "data", dir)
	return l, nil
}

// releaseNoShows has the demo's central release no-shows every minute,
// as bin/central does, until the returned func stops it.
func releaseNoShows(cs central.Store, log *slog.Logger) func() error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Minute)
		defer tick.Stop()
		for {
			if _, err := cs.ReleaseNoShows(ctx); err != nil && ctx.Err() == nil {
				log.Warn("demo central: release no-shows", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return func() error {
		cancel()
		<-done
		return nil
	}
}

// demoSync enrolls the kiosk with the demo's central unless it is
// already (the port changes each start; the token stays) and syncs once.
// A central database made anew no longer knows the kiosk: it enrolls
// again.
func demoSync(ctx context.Context, srv *server.Server, api *client.Client, db *store.DB, sy *client.Syncer) error {
	enroll := func() error {
		code, _, err := srv.Admin.EnrollCode(ctx, demo.HallID)
		if err == nil {
			_, err = client.Enroll(ctx, api, db, code, "demo kiosk")
		}
		return err
	}
	id, err := db.KioskIdentity(ctx)
	switch {
	case err == nil:
		id.Server = api.BaseURL()
		_, err = db.SaveKioskIdentity(ctx, id)
	case kiosk.ErrorCode(err) == kiosk.ENOTFOUND:
		err = enroll()
	}
	if err != nil {
		return err
	}
	err = sy.Sync(ctx)
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
		if err := enroll(); err != nil {
			return err
		}
		err = sy.Sync(ctx)
	}
	return err
}
