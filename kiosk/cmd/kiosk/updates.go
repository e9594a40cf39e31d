package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/store"
	"onestop/kiosk/ui"
	"onestop/kiosk/updater"
	"onestop/version"
)

// Software updates (issue 12): the running kiosk verifies and stages
// releases (runUpdates); a root-owned unit runs `kiosk install-update`
// when a package lands in the updates folder and `kiosk check-update`
// on a timer, which rolls back a version that never reported healthy.

// idleFor is how long nobody may have touched the screen before an
// update is handed over.
const idleFor = 5 * time.Minute

// runUpdates checks for updates once a minute until ctx is done, and
// records this version healthy after a good sync with central, which is
// what the installer's health check waits for.
func runUpdates(ctx context.Context, cfg config, db *store.DB, l *link, k *ui.Kiosk, log *slog.Logger, quit func()) {
	id, err := db.KioskIdentity(ctx)
	if err != nil {
		log.Warn("updates off: no kiosk identity", "err", err)
		return
	}
	clock := kiosk.SystemClock{}
	u, err := updater.New(db, l.api, updater.Config{Running: version.Version, Dir: cfg.DataDir, Clock: clock, Log: log,
		Kiosk: func() string { return id.KioskID },
		Idle: func() bool {
			return clock.Now().Sub(k.LastTouch()) >= idleFor && !l.syncer.Progress().Running
		},
		Window: func(now time.Time) bool {
			s, err := db.Settings(ctx)
			return err == nil && s.UpdateWindow.Contains(s.Local(now))
		}})
	if err != nil {
		log.Warn("updates off", "err", err)
		return
	}
	l.updates.Store(u)
	healthy := filepath.Join(cfg.DataDir, "healthy")
	var win *updater.Installer
	if runtime.GOOS == "windows" {
		if win, err = windowsInstaller(cfg, healthy, log); err != nil {
			log.Warn("updates off", "err", err)
			return
		}
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if p := l.syncer.Progress(); p.Online && p.Err == "" && !p.At.IsZero() {
			markHealthy(healthy, log)
		}
		if err := u.Check(ctx); err != nil && ctx.Err() == nil {
			log.Warn("update check", "err", err)
		}
		if win != nil {
			if swapped, err := windowsInstall(ctx, win); err != nil {
				log.Warn("update install", "err", err)
			} else if swapped {
				quit() // the shell that started the kiosk starts the new .exe
				return
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// markHealthy writes this version into the health file once.
func markHealthy(path string, log *slog.Logger) {
	if b, err := os.ReadFile(path); err == nil && strings.TrimSpace(string(b)) == version.Version {
		return
	}
	if err := os.WriteFile(path, []byte(version.Version+"\n"), 0o600); err != nil {
		log.Warn("health file", "err", err)
	}
}

// installCommand runs `kiosk install-update` or `kiosk check-update`,
// as root from the package's units. It reports whether args named one.
func installCommand(args []string, stderr io.Writer) (bool, error) {
	if len(args) == 0 || (args[0] != "install-update" && args[0] != "check-update") {
		return false, nil
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("updates", "/var/lib/onestop-kiosk/updates", "the kiosk's updates folder")
	state := fs.String("state", "/var/lib/onestop-kiosk-update/state.json", "the installer's own state (root-owned)")
	kept := fs.String("kept", "/var/lib/onestop-kiosk-update/kept", "where installed packages are kept for a rollback")
	health := fs.String("health", "/var/lib/onestop-kiosk/healthy", "the file the kiosk writes its version to after a good sync")
	channel := fs.String("channel", "stable", "the release channel")
	pkg := fs.String("package", "onestop-kiosk", "the Debian package installed")
	grace := fs.Duration("grace", 5*time.Minute, "how long a new version has to report healthy")
	if err := fs.Parse(args[1:]); err != nil {
		return true, err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	in := &updater.Installer{Dir: *dir, StateFile: *state, Kept: *kept, HealthFile: *health, Channel: *channel,
		Platform: runtime.GOOS + "/" + runtime.GOARCH, Grace: *grace, Log: log,
		Installed: func(ctx context.Context) (string, error) {
			out, err := exec.CommandContext(ctx, "dpkg-query", "-W", "-f=${Version}", *pkg).Output()
			return strings.TrimSpace(string(out)), err
		},
		Install: func(ctx context.Context, path string) error {
			// --force-confold keeps the hall's edited conffile.
			out, err := exec.CommandContext(ctx, "dpkg", "--force-confold", "-i", path).CombinedOutput()
			if err != nil {
				return fmt.Errorf("dpkg -i: %v: %s", err, out)
			}
			return nil
		}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if args[0] == "install-update" {
		return true, in.Run(ctx)
	}
	return true, in.CheckHealth(ctx)
}

// windowsInstaller installs on Windows, in the kiosk's own process: the
// install folder is the user's, so the verified .exe swaps in for the
// running one (updater.SwapExe) and the kiosk restarts.
func windowsInstaller(cfg config, healthy string, log *slog.Logger) (*updater.Installer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cfg.DataDir, "installer")
	return &updater.Installer{Dir: updater.Updates(cfg.DataDir), StateFile: filepath.Join(dir, "state.json"),
		Kept: filepath.Join(dir, "kept"), HealthFile: healthy, Channel: "stable",
		Platform: runtime.GOOS + "/" + runtime.GOARCH, Log: log,
		Installed: func(context.Context) (string, error) { return version.Version, nil },
		Install: func(_ context.Context, path string) error {
			b, err := os.ReadFile(path)
			if err == nil {
				err = os.WriteFile(exe+".new", b, 0o700)
			}
			if err != nil {
				return err
			}
			return updater.SwapExe(exe, exe+".new")
		}}, nil
}

// windowsInstall runs the installer over the handed-over release and
// reports whether the .exe was swapped; it also runs the health check.
func windowsInstall(ctx context.Context, in *updater.Installer) (bool, error) {
	if err := in.CheckHealth(ctx); err != nil {
		return false, err
	}
	before, _ := filepath.Glob(filepath.Join(in.Dir, "*.manifest"))
	if len(before) == 0 {
		return false, nil
	}
	return true, in.Run(ctx)
}
