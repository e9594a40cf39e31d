// Package updater runs the kiosk's signed software updates (onestop/
// update): it follows the release central's feed brought, verifies it,
// downloads and checks the package, and at an idle moment inside the
// hall's maintenance window hands it over. On Linux the kiosk user only
// drops the verified files into its updates folder, where a root-owned
// path unit re-verifies them with the same code (Installer) and
// installs; on Windows the kiosk swaps its own .exe (SwapExe).
package updater

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"aead.dev/minisign"

	"onestop/kiosk"
	"onestop/update"
)

// Store keeps the releases and what the kiosk accepted (kiosk/store).
type Store interface {
	Release(ctx context.Context, channel string) (update.Release, bool, error)
	UpdateState(ctx context.Context) (update.Stored, error)
	SaveUpdateState(ctx context.Context, s update.Stored) error
}

// Fetcher downloads a release's package from central.
type Fetcher interface {
	Package(ctx context.Context, seq int64, file string) (io.ReadCloser, error)
}

// Config says what the updater follows and when it may act.
type Config struct {
	Channel  string // "stable" when empty
	Running  string // this binary's version
	Platform string // runtime.GOOS/GOARCH when empty
	// Dir holds downloads/ (verified, not handed over yet) and updates/
	// (what the installer takes).
	Dir   string
	Kiosk func() string // the kiosk's id, for the rollout
	Clock kiosk.Clock
	// Idle reports whether now is an idle moment: nobody touched the
	// screen for a while and no sync is in flight.
	Idle func() bool
	// Window reports whether now is inside the hall's maintenance window.
	Window func(now time.Time) bool
	// Keys are the trusted release keys; the embedded ones when nil.
	Keys []minisign.PublicKey
	Log  *slog.Logger
}

// Updater checks for and stages updates; Check is safe to call often.
type Updater struct {
	cfg   Config
	store Store
	fetch Fetcher
	mu    sync.Mutex
}

// New returns an updater over the kiosk's store and central.
func New(s Store, f Fetcher, cfg Config) (*Updater, error) {
	if cfg.Channel == "" {
		cfg.Channel = "stable"
	}
	if cfg.Platform == "" {
		cfg.Platform = runtime.GOOS + "/" + runtime.GOARCH
	}
	if cfg.Clock == nil {
		cfg.Clock = kiosk.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Keys == nil {
		ks, err := update.TrustedKeys()
		if err != nil {
			return nil, err
		}
		cfg.Keys = ks
	}
	for _, d := range []string{downloads(cfg.Dir), Updates(cfg.Dir)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	return &Updater{cfg: cfg, store: s, fetch: f}, nil
}

func downloads(dir string) string { return filepath.Join(dir, "downloads") }

// Updates is the folder the installer takes verified releases from.
func Updates(dir string) string { return filepath.Join(dir, "updates") }

// Status is what the heartbeat reports: the last accepted manifest and
// the last refusal or failure.
func (u *Updater) Status(ctx context.Context) (seq int64, lastError string) {
	s, err := u.store.UpdateState(ctx)
	if err != nil {
		return 0, ""
	}
	return s.Seq, s.LastError
}

// state is the verifier's view: trusted keys (a rotation's, once one
// was accepted), the channel, the accepted seq and the running version.
func (u *Updater) state(s update.Stored) (update.State, error) {
	st := update.State{Keys: u.cfg.Keys, Channel: u.cfg.Channel, Seq: s.Seq, Running: u.cfg.Running}
	if len(s.Keys) > 0 {
		st.Keys = nil
		for _, k := range s.Keys {
			pk, err := update.ParseKey(k)
			if err != nil {
				return st, err
			}
			st.Keys = append(st.Keys, pk)
		}
	}
	return st, nil
}

// Check verifies the release on offer and, when it is for this kiosk,
// downloads and checks its package; then, at an idle moment in the
// window, hands a verified package over. A refusal is kept for the
// heartbeat and returned; nothing on offer, or not yet for this kiosk,
// is not an error.
func (u *Updater) Check(ctx context.Context) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if err := u.fetchRelease(ctx); err != nil {
		return err
	}
	return u.handOver(ctx)
}

func (u *Updater) fetchRelease(ctx context.Context) error {
	rel, found, err := u.store.Release(ctx, u.cfg.Channel)
	if err != nil || !found {
		return err
	}
	stored, err := u.store.UpdateState(ctx)
	if err != nil {
		return err
	}
	if rel.Seq != 0 && rel.Seq == stored.Seq {
		return nil // accepted already; the unverified copy only saves work
	}
	st, err := u.state(stored)
	if err != nil {
		return err
	}
	now := u.cfg.Clock.Now()
	a, err := update.Verify(st, rel.Manifest, rel.Sig, now, u.cfg.Platform)
	if update.ReasonOf(err) == update.ReasonNotNewer && rel.Seq < stored.Seq {
		return nil
	}
	if err != nil {
		return u.failed(ctx, stored, err)
	}
	v, _ := update.ParseVersion(a.Package.Version)
	if u.cfg.Kiosk == nil || !rel.For(u.cfg.Kiosk(), v) {
		return nil // the rollout has not reached this kiosk
	}
	if err := u.download(ctx, a, rel); err != nil {
		return u.failed(ctx, stored, err)
	}
	next, err := a.Commit(st)
	if err != nil {
		return u.failed(ctx, stored, err)
	}
	keys := stored.Keys
	if len(a.Manifest.Keys) > 0 {
		keys = a.Manifest.Keys
	}
	u.cfg.Log.Info("update verified", "seq", next.Seq, "version", a.Package.Version)
	return u.store.SaveUpdateState(ctx, update.Stored{Seq: next.Seq, Keys: keys})
}

// download fetches the package into downloads/ beside its manifest and
// signature, and keeps it only when size and hash are right.
func (u *Updater) download(ctx context.Context, a update.Accepted, rel update.Release) error {
	dir := downloads(u.cfg.Dir)
	body, err := u.fetch.Package(ctx, a.Manifest.Seq, a.Package.File)
	if err != nil {
		return fmt.Errorf("download %s: %w", a.Package.File, err)
	}
	defer body.Close()
	dst := filepath.Join(dir, a.Package.File)
	if err := writeVerified(dst, func(w io.Writer) error { return update.VerifyPackage(a, body, w) }); err != nil {
		return err
	}
	if err := writeFile(dst+".manifest", rel.Manifest); err != nil {
		return err
	}
	return writeFile(dst+".minisig", rel.Sig)
}

// failed keeps err for the heartbeat (the sequence stays) and returns it.
func (u *Updater) failed(ctx context.Context, stored update.Stored, err error) error {
	msg := err.Error()
	if r := update.ReasonOf(err); r != "" {
		var e *update.Error
		errors.As(err, &e)
		msg = string(r) + ": " + e.Detail
	}
	if len(msg) > 500 {
		msg = msg[:500]
	}
	if stored.LastError != msg {
		stored.LastError = msg
		if serr := u.store.SaveUpdateState(ctx, stored); serr != nil {
			return errors.Join(err, serr)
		}
		u.cfg.Log.Warn("update refused", "err", msg)
	}
	return err
}

// handOver moves a verified download into updates/ at an idle moment in
// the window: the manifest and signature first, the package last, so
// the installer's trigger (the package) finds them complete.
func (u *Updater) handOver(ctx context.Context) error {
	dir := downloads(u.cfg.Dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var pkgs []string
	for _, e := range entries {
		if n := e.Name(); filepath.Ext(n) != ".manifest" && filepath.Ext(n) != ".minisig" && filepath.Ext(n) != ".part" {
			pkgs = append(pkgs, n)
		}
	}
	if len(pkgs) == 0 {
		return nil
	}
	now := u.cfg.Clock.Now()
	if u.cfg.Idle == nil || !u.cfg.Idle() || u.cfg.Window == nil || !u.cfg.Window(now) {
		return nil
	}
	for _, p := range pkgs {
		for _, ext := range []string{".manifest", ".minisig", ""} {
			if err := os.Rename(filepath.Join(dir, p+ext), filepath.Join(Updates(u.cfg.Dir), p+ext)); err != nil {
				return err
			}
		}
		u.cfg.Log.Info("update handed over for installation", "package", p)
	}
	return syncDir(Updates(u.cfg.Dir))
}

// writeVerified writes dst through a temporary file that becomes dst
// only when fill returns nil, so unverified bytes never carry its name.
func writeVerified(dst string, fill func(io.Writer) error) error {
	tmp := dst + ".part"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	err = fill(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}

func writeFile(path string, b []byte) error {
	return writeVerified(path, func(w io.Writer) error { _, err := w.Write(b); return err })
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
