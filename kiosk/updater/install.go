package updater

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"aead.dev/minisign"

	"onestop/kiosk"
	"onestop/update"
)

// Installer is the root-owned side on Linux, run by a path unit when a
// package appears in the kiosk's updates folder. It trusts nothing the
// kiosk user wrote: it verifies manifest, signature and package again
// with its own stored sequence and keys, installs, and keeps the
// package so the next update can be rolled back to it. CheckHealth,
// run by a timer, rolls back a version that did not report healthy
// within Grace.
type Installer struct {
	Dir        string // the kiosk's updates folder
	StateFile  string // root-owned: what was accepted and installed
	Kept       string // root-owned folder for the installed and the previous package
	HealthFile string // the kiosk writes its version here after a good heartbeat
	Channel    string
	Platform   string
	Keys       []minisign.PublicKey // the embedded keys when nil
	Grace      time.Duration        // how long a new version has to report healthy
	// Installed returns the installed version; Install installs a
	// package file (dpkg -i).
	Installed func(ctx context.Context) (string, error)
	Install   func(ctx context.Context, path string) error
	Clock     kiosk.Clock
	Log       *slog.Logger
}

// installState is the installer's own record.
type installState struct {
	Seq       int64    `json:"seq"`
	Keys      []string `json:"keys,omitempty"`
	Current   string   `json:"current,omitempty"` // the kept package now installed
	Pending   *pending `json:"pending,omitempty"`
	LastError string   `json:"last_error,omitempty"`
}

type pending struct {
	Version  string    `json:"version"`
	Deadline time.Time `json:"deadline"`
	Previous string    `json:"previous,omitempty"` // the kept package to go back to
}

func (in *Installer) defaults() error {
	if in.Clock == nil {
		in.Clock = kiosk.SystemClock{}
	}
	if in.Log == nil {
		in.Log = slog.New(slog.DiscardHandler)
	}
	if in.Grace <= 0 {
		in.Grace = 5 * time.Minute
	}
	if in.Keys == nil {
		ks, err := update.TrustedKeys()
		if err != nil {
			return err
		}
		in.Keys = ks
	}
	return os.MkdirAll(in.Kept, 0o700)
}

func (in *Installer) load() (installState, error) {
	var s installState
	b, err := os.ReadFile(in.StateFile)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	return s, json.Unmarshal(b, &s)
}

func (in *Installer) save(s installState) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(in.StateFile, b)
}

// Run installs every complete, verified release in the updates folder
// (in practice one). Whatever it refuses is removed, so a bad drop
// cannot trigger the unit forever; the refusal stays in the state.
func (in *Installer) Run(ctx context.Context) error {
	if err := in.defaults(); err != nil {
		return err
	}
	matches, err := filepath.Glob(filepath.Join(in.Dir, "*.manifest"))
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range matches {
		pkg := strings.TrimSuffix(m, ".manifest")
		err := in.installOne(ctx, pkg)
		for _, p := range []string{pkg, pkg + ".manifest", pkg + ".minisig"} {
			os.Remove(p)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (in *Installer) installOne(ctx context.Context, pkg string) error {
	st, err := in.load()
	if err != nil {
		return err
	}
	fail := func(err error) error {
		st.LastError = err.Error()
		in.Log.Warn("update not installed", "package", filepath.Base(pkg), "err", err)
		return errors.Join(err, in.save(st))
	}
	manifest, err := readCapped(pkg+".manifest", update.MaxManifest)
	if err != nil {
		return fail(err)
	}
	sig, err := readCapped(pkg+".minisig", 4096)
	if err != nil {
		return fail(err)
	}
	installed, err := in.Installed(ctx)
	if err != nil {
		return fail(fmt.Errorf("installed version: %w", err))
	}
	keys := in.Keys
	if len(st.Keys) > 0 {
		keys = nil
		for _, k := range st.Keys {
			pk, err := update.ParseKey(k)
			if err != nil {
				return fail(err)
			}
			keys = append(keys, pk)
		}
	}
	vs := update.State{Keys: keys, Channel: in.Channel, Seq: st.Seq, Running: installed}
	a, err := update.Verify(vs, manifest, sig, in.Clock.Now(), in.Platform)
	if err != nil {
		return fail(err)
	}
	f, err := os.Open(pkg)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	kept := filepath.Join(in.Kept, a.Package.File)
	if err := writeVerified(kept, func(w io.Writer) error { return update.VerifyPackage(a, f, w) }); err != nil {
		return fail(err)
	}
	if err := in.Install(ctx, kept); err != nil {
		return fail(fmt.Errorf("install %s: %w", a.Package.File, err))
	}
	next, err := a.Commit(vs)
	if err != nil {
		return fail(err)
	}
	st.Seq = next.Seq
	if len(a.Manifest.Keys) > 0 {
		st.Keys = a.Manifest.Keys
	}
	st.Pending = &pending{Version: a.Package.Version, Deadline: in.Clock.Now().Add(in.Grace), Previous: st.Current}
	st.Current, st.LastError = kept, ""
	in.prune(st)
	in.Log.Info("update installed", "version", a.Package.Version, "seq", st.Seq)
	return in.save(st)
}

// prune keeps the installed package and the one to roll back to.
func (in *Installer) prune(st installState) {
	entries, err := os.ReadDir(in.Kept)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(in.Kept, e.Name())
		if p != st.Current && (st.Pending == nil || p != st.Pending.Previous) {
			os.Remove(p)
		}
	}
}

// CheckHealth confirms a new version that reported healthy, or rolls it
// back to the previous package once Grace has passed without.
func (in *Installer) CheckHealth(ctx context.Context) error {
	if err := in.defaults(); err != nil {
		return err
	}
	st, err := in.load()
	if err != nil || st.Pending == nil {
		return err
	}
	p := st.Pending
	if b, err := os.ReadFile(in.HealthFile); err == nil && strings.TrimSpace(string(b)) == p.Version {
		st.Pending = nil
		in.Log.Info("update healthy", "version", p.Version)
		return in.save(st)
	}
	if in.Clock.Now().Before(p.Deadline) {
		return nil
	}
	st.Pending = nil
	if p.Previous == "" {
		st.LastError = fmt.Sprintf("version %s not healthy within %s, and no previous package to go back to", p.Version, in.Grace)
		return errors.Join(errors.New(st.LastError), in.save(st))
	}
	if err := in.Install(ctx, p.Previous); err != nil {
		st.LastError = fmt.Sprintf("rollback from %s failed: %v", p.Version, err)
		return errors.Join(errors.New(st.LastError), in.save(st))
	}
	st.LastError = fmt.Sprintf("version %s not healthy within %s: rolled back", p.Version, in.Grace)
	st.Current = p.Previous
	in.Log.Warn("update rolled back", "version", p.Version)
	in.prune(st)
	return in.save(st)
}

func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("%s is larger than %d bytes", filepath.Base(path), max)
	}
	return b, err
}

// SwapExe is the Windows install: the running .exe cannot be replaced
// but can be renamed, so it moves aside to exe.old and the verified new
// one takes its name; the next start runs it. The old one stays for a
// rollback until the next swap.
func SwapExe(exe, verified string) error {
	old := exe + ".old"
	os.Remove(old)
	if err := os.Rename(exe, old); err != nil {
		return err
	}
	if err := os.Rename(verified, exe); err != nil {
		return errors.Join(err, os.Rename(old, exe))
	}
	return nil
}
