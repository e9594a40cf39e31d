// Command central is the central server the kiosks sync with.
//
//	central [--addr HOST:PORT] [--data DIR | --pg DSN] [--demo]
//	central admin [--data DIR | --pg DSN] COMMAND …
//
// Every flag can also come from the environment variable --help names.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/central/admincli"
	"onestop/sync/central/backup"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/pgstore"
	"onestop/sync/central/server"
	"onestop/sync/central/sqlitestore"
	"onestop/version"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "central:", err)
		os.Exit(1)
	}
}

type options struct {
	addr, data, pg string
	backupDir      string
	demo           bool
	students       int
	retention      time.Duration
	kioskRate      float64
}

// flags declares the options; each defaults to its environment variable.
func flags(name string, o *options, serve bool) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	env := func(k, def string) string {
		if v := os.Getenv(k); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&o.data, "data", env("ONESTOP_DATA", "central-data"), "directory of the SQLite database [$ONESTOP_DATA]")
	fs.StringVar(&o.pg, "pg", env("ONESTOP_PG_DSN", ""), "PostgreSQL DSN; overrides --data [$ONESTOP_PG_DSN]")
	if serve {
		b, _ := strconv.ParseBool(env("ONESTOP_DEMO", "false"))
		n, _ := strconv.Atoi(env("ONESTOP_DEMO_STUDENTS", "2000"))
		r, _ := time.ParseDuration(env("ONESTOP_RETENTION", "720h"))
		kr, err := strconv.ParseFloat(env("ONESTOP_KIOSK_RATE", ""), 64)
		if err != nil {
			kr = server.DefaultKioskLimit.Rate
		}
		fs.StringVar(&o.addr, "addr", env("ONESTOP_ADDR", "127.0.0.1:8480"), "listen address HOST:PORT [$ONESTOP_ADDR]")
		fs.BoolVar(&o.demo, "demo", b, "seed the demo campus, print an admin login, an enrollment code and the address phones open; listens on "+demoAddr+" unless --addr is given [$ONESTOP_DEMO]")
		fs.IntVar(&o.students, "demo-students", n, "students in the demo roster [$ONESTOP_DEMO_STUDENTS]")
		fs.Float64Var(&o.kioskRate, "kiosk-rate", kr, "requests per second each kiosk may sustain, burst twice that; 0: unlimited [$ONESTOP_KIOSK_RATE]")
		fs.DurationVar(&o.retention, "retention", r, "how long the change feed keeps changes; older cursors reset [$ONESTOP_RETENTION]")
		fs.StringVar(&o.backupDir, "backup-dir", env("ONESTOP_BACKUP_DIR", ""), "back the SQLite database up hourly into this directory, keeping 24 hourly, 14 daily and 8 weekly copies; empty: off [$ONESTOP_BACKUP_DIR]")
	}
	return fs
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	clock := kiosk.SystemClock{}
	var o options
	if len(args) > 0 && args[0] == "admin" {
		fs := flags("central admin", &o, false)
		fs.SetOutput(stderr)
		fs.Usage = func() { fmt.Fprint(stderr, admincli.Usage); fs.PrintDefaults() }
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if rest := fs.Args(); len(rest) > 0 && (rest[0] == "help" || rest[0] == "-h") {
			fmt.Fprint(stdout, admincli.Usage)
			return nil
		}
		if err := admincli.Known(fs.Args()); err != nil {
			return err
		}
		if admincli.FileCommand(fs.Args()) {
			return admincli.RunFile(ctx, fs.Args(), dbPath(o), o.pg != "", stdout)
		}
		store, err := open(ctx, o, clock, nil)
		if err != nil {
			return err
		}
		defer store.Close()
		cli := &admincli.CLI{Store: store, Admin: admin.New(store, clock, nil), In: stdin, Out: stdout}
		return cli.Run(ctx, fs.Args())
	}
	fs := flags("central", &o, true)
	showVersion := fs.Bool("version", false, "print this build's version and quit")
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: central [flags]\n       central admin [--data DIR | --pg DSN] COMMAND … (central admin help)\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *showVersion {
		fmt.Fprintln(stdout, version.Version)
		return nil
	}
	given := os.Getenv("ONESTOP_ADDR") != ""
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "addr" })
	o.addr = listenAddr(o, given)
	return serve(ctx, o, clock, stdout, stderr)
}

// demoAddr is where the demo listens unless told otherwise: every
// interface, so the phones that scan the kiosks' QR codes reach it.
const demoAddr = ":8480"

// listenAddr is the address to listen on: the one given, else the
// demo's on all interfaces or the loopback default.
func listenAddr(o options, given bool) string {
	if o.demo && !given {
		return demoAddr
	}
	return o.addr
}

// storeKind names the database for the log, never the DSN (it may hold
// a password).
func storeKind(o options) string {
	if o.pg != "" {
		return "postgresql"
	}
	return "sqlite:" + filepath.Join(o.data, "central.db")
}

// open opens PostgreSQL when a DSN is given, else SQLite in the data dir;
// log (nil: discarded) hears of the store's background trouble.
func open(ctx context.Context, o options, clock kiosk.Clock, log *slog.Logger) (central.Store, error) {
	if o.pg != "" {
		return pgstore.OpenLogged(ctx, o.pg, clock, log)
	}
	if err := os.MkdirAll(o.data, 0o700); err != nil {
		return nil, err
	}
	return sqlitestore.Open(dbPath(o), clock)
}

// dbPath is the SQLite database in the data directory.
func dbPath(o options) string { return filepath.Join(o.data, "central.db") }

func serve(ctx context.Context, o options, clock kiosk.Clock, stdout, stderr io.Writer) error {
	// JSON lines: journald keeps them whole and log tools read the fields.
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	if o.backupDir != "" && o.pg != "" {
		return errors.New("--backup-dir copies the SQLite database; back PostgreSQL up with its own tools (docs/operations-backup.md)")
	}
	if o.pg == "" {
		// Held for the server's whole life: `central admin restore`
		// refuses while it is, and a server does not start mid-restore.
		if err := os.MkdirAll(o.data, 0o700); err != nil {
			return err
		}
		hold, err := backup.Hold(dbPath(o))
		if err != nil {
			return err
		}
		defer hold.Close()
	}
	store, err := open(ctx, o, clock, log)
	if err != nil {
		return err
	}
	defer store.Close()
	srv := server.New(store, clock, nil, log)
	srv.KioskLimit = server.RateLimit{Rate: o.kioskRate, Burst: 2 * o.kioskRate}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "OneStop central listening on %s\n", url)
	log.Info("listening", "url", url, "store", storeKind(o))
	if o.demo {
		if url, err = demoURL(ctx, store, ln.Addr(), centraldemo.SystemInterfaces, o.students, clock.Now(), stdout); err == nil {
			err = seedDemo(ctx, store, srv.Admin, url, stdout)
		}
		if err != nil {
			ln.Close()
			return err
		}
	}
	go housekeeping(ctx, store, clock, o.retention, log)
	if o.backupDir != "" {
		go scheduleBackups(ctx, o, clock, log, srv.Metrics().BackupDone)
	}
	// WriteTimeout runs from the request's headers to the end of the
	// answer: a minute covers a long poll's hold (at most wire.MaxWait,
	// 30 s) with room for the answer itself.
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	// Held long polls answer at once on shutdown instead of running out
	// its grace period; their kiosks simply poll again.
	hs.RegisterOnShutdown(srv.StopWaits)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	log.Info("shutting down")
	return hs.Shutdown(shut)
}

// demoURL seeds the demo campus on first start and, every start, makes
// the address phones on the network open (printed) the demo hall's
// public URL, which its kiosks' QR codes point at.
func demoURL(ctx context.Context, store central.Store, listen net.Addr, ifs centraldemo.Interfaces, n int, now time.Time, w io.Writer) (string, error) {
	seeded, err := centraldemo.Seed(ctx, store, n, now)
	if err != nil {
		return "", fmt.Errorf("seed demo: %w", err)
	}
	if seeded {
		fmt.Fprintf(w, "Demo campus seeded: hall %s, %d students\n", demo.HallID, n)
	}
	url, lanErr := centraldemo.PhoneURL(listen, ifs)
	if err := centraldemo.SetPublicURL(ctx, store, url); err != nil {
		return "", err
	}
	fmt.Fprintf(w, "Phones open:      %s   (the kiosks' QR codes and mentor links point here)\n", url)
	if lanErr != nil {
		fmt.Fprintf(w, "Warning:          %v; listen on the network with --addr 0.0.0.0:8480\n", lanErr)
	}
	return url, nil
}

// seedDemo prints a fresh admin password and enrollment code every start.
func seedDemo(ctx context.Context, store central.Store, adm *admin.Admin, url string, w io.Writer) error {
	pw := rand.Text()[:16]
	if err := adm.SetPassword(ctx, "admin", pw); err != nil {
		return err
	}
	code, exp, err := adm.EnrollCode(ctx, demo.HallID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Admin login:      admin / %s   (POST %s/api/v1/admin/login)\n", pw, url)
	fmt.Fprintf(w, "Enrollment code:  %s   (hall %s, valid until %s)\n", code, demo.HallID, exp.In(demo.Zone).Format(time.DateTime)+" hall time")
	fmt.Fprintf(w, "Enroll a kiosk:   bin/kiosk --server %s --enroll %s\n", url, code)
	return nil
}

// scheduleBackups backs the database up every hour into the backup
// directory, with rotation, until ctx ends, telling done (the metrics'
// last-backup gauge) each good backup's time.
func scheduleBackups(ctx context.Context, o options, clock kiosk.Clock, log *slog.Logger, done func(time.Time)) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	s := &backup.Schedule{DB: dbPath(o), Dir: o.backupDir, Policy: backup.DefaultPolicy, Clock: clock, Log: log, Done: done}
	s.Run(ctx, tick.C)
}

// housekeeping releases no-shows every minute and prunes the change feed
// every hour, until ctx ends.
func housekeeping(ctx context.Context, store central.Store, clock kiosk.Clock, retention time.Duration, log *slog.Logger) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for i := 0; ; i++ {
		if n, err := store.ReleaseNoShows(ctx); err != nil {
			log.Error("release no-shows", "err", err)
		} else if n > 0 {
			log.Info("released no-shows", "n", n)
		}
		if i%60 == 0 && retention > 0 {
			if _, err := store.PruneChanges(ctx, clock.Now().Add(-retention)); err != nil {
				log.Error("prune changes", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
