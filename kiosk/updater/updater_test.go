package updater_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
	"onestop/kiosk/updater"
	"onestop/sync/client"
	"onestop/update"
)

const platform = "linux/amd64"

var t0 = time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)

// rig is a kiosk store, a stand-in for central's package endpoint over
// loopback HTTP, and a release key.
type rig struct {
	t      *testing.T
	db     *store.DB
	clock  *kiosktest.Clock
	pub    minisign.PublicKey
	priv   minisign.PrivateKey
	served map[string][]byte // what the endpoint serves, by "seq/file"
	api    *client.Client
	dir    string
	idle   bool
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, clock: kiosktest.NewClock(t0), served: map[string][]byte{}, dir: t.TempDir()}
	var err error
	if r.pub, r.priv, err = minisign.GenerateKey(rand.Reader); err != nil {
		t.Fatal(err)
	}
	if r.db, err = store.Open(filepath.Join(t.TempDir(), "kiosk.db"), r.clock); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.db.Close() })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, ok := r.served[strings.TrimPrefix(req.URL.Path, "/api/v1/releases/")]
		if !ok || req.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, `{"error":{"code":"not_found","message":"no"}}`, http.StatusNotFound)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	if r.api, err = client.New(client.Options{BaseURL: srv.URL, Token: "tok"}); err != nil {
		t.Fatal(err)
	}
	return r
}

// publish offers version with body as release seq, served as body.
func (r *rig) publish(seq int64, version string, body, served []byte, mod ...func(*update.Release)) {
	r.t.Helper()
	sum := sha256.Sum256(body)
	file := "onestop-kiosk_" + version + "_amd64.deb"
	m := update.Manifest{Channel: "stable", Seq: seq, Issued: t0.Add(-time.Hour), Expires: t0.Add(30 * 24 * time.Hour),
		Packages: map[string]update.Package{platform: {Version: version, File: file, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}}}
	raw, err := json.Marshal(m)
	if err != nil {
		r.t.Fatal(err)
	}
	rel := update.Release{Channel: "stable", Seq: seq, Manifest: raw, Sig: minisign.Sign(r.priv, raw), Stage: update.StageAll}
	for _, f := range mod {
		f(&rel)
	}
	data, _ := json.Marshal(rel)
	ctx := context.Background()
	cur, err := r.db.SyncCursor(ctx)
	if err != nil {
		r.t.Fatal(err)
	}
	st, err := r.db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: cur,
		Changes: []kiosk.Change{{Entity: kiosk.EntityRelease, ID: "hall-1/stable", Data: data}}})
	if err != nil || len(st.Skipped) > 0 {
		r.t.Fatalf("apply release: %+v %v", st, err)
	}
	r.served[strconv.FormatInt(seq, 10)+"/"+file] = served
}

func (r *rig) updater(running string) *updater.Updater {
	r.t.Helper()
	u, err := updater.New(r.db, r.api, updater.Config{Running: running, Platform: platform, Dir: r.dir,
		Kiosk: func() string { return "k1" }, Clock: r.clock, Keys: []minisign.PublicKey{r.pub},
		Idle: func() bool { return r.idle }, Window: kiosk.UpdateWindow{Start: 2, Hours: 3}.Contains})
	if err != nil {
		r.t.Fatal(err)
	}
	return u
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

var pkg = []byte("kiosk 1.5.0 package bytes")

// A good release is verified and downloaded at once, and handed to the
// installer only at an idle moment in the maintenance window.
func TestUpdaterStagesAtIdle(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.publish(7, "1.5.0", pkg, pkg)
	u := r.updater("1.4.0")
	if err := u.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if got := files(t, updater.Updates(r.dir)); len(got) != 0 {
		t.Fatalf("handed over while busy: %v", got)
	}
	if seq, msg := u.Status(ctx); seq != 7 || msg != "" {
		t.Fatalf("status %d %q", seq, msg)
	}
	r.idle = true
	r.clock.Set(t0.Add(3 * time.Hour)) // 06:00 UTC: outside 02:00–05:00
	if err := u.Check(ctx); err != nil || len(files(t, updater.Updates(r.dir))) != 0 {
		t.Fatalf("handed over outside the window: %v %v", err, files(t, updater.Updates(r.dir)))
	}
	r.clock.Set(t0)
	if err := u.Check(ctx); err != nil {
		t.Fatal(err)
	}
	got := files(t, updater.Updates(r.dir))
	want := []string{"onestop-kiosk_1.5.0_amd64.deb", "onestop-kiosk_1.5.0_amd64.deb.manifest", "onestop-kiosk_1.5.0_amd64.deb.minisig"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("updates folder %v, want %v", got, want)
	}
}

// A package that is not what the manifest declares is refused and
// reported; nothing is kept and the accepted sequence stays.
func TestUpdaterRefusesTamperedPackage(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.publish(7, "1.5.0", pkg, []byte("kiosk 1.5.0 package bytez"))
	u := r.updater("1.4.0")
	if err := u.Check(ctx); update.ReasonOf(err) != update.ReasonHash {
		t.Fatalf("Check = %v, want a hash refusal", err)
	}
	seq, msg := u.Status(ctx)
	if seq != 0 || !strings.HasPrefix(msg, "hash: ") {
		t.Fatalf("status %d %q", seq, msg)
	}
	if got := files(t, filepath.Join(r.dir, "downloads")); len(got) != 0 {
		t.Errorf("downloads kept %v", got)
	}
}

// The rollout holds kiosks outside the canary ring, and pinned ones.
func TestUpdaterFollowsRollout(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	r.publish(7, "1.5.0", pkg, pkg, func(rel *update.Release) { rel.Stage, rel.Canary = update.StageCanary, []string{"k9"} })
	u := r.updater("1.4.0")
	if err := u.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if seq, _ := u.Status(ctx); seq != 0 {
		t.Fatalf("a kiosk outside the ring accepted seq %d", seq)
	}
	r.publish(7, "1.5.0", pkg, pkg, func(rel *update.Release) { rel.Pins = map[string]string{"k1": "1.4.0"} })
	if err := u.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if seq, _ := u.Status(ctx); seq != 0 {
		t.Fatalf("a pinned kiosk accepted seq %d", seq)
	}
	r.publish(7, "1.5.0", pkg, pkg)
	if err := u.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if seq, _ := u.Status(ctx); seq != 7 {
		t.Fatalf("seq %d after the rollout reached the kiosk", seq)
	}
}

// installer is a root side over the rig's updates folder with a fake
// dpkg that records what it installed.
type installer struct {
	*updater.Installer
	version   string
	installed []string
}

func (r *rig) installer() *installer {
	root := r.t.TempDir()
	in := &installer{version: "1.4.0"}
	in.Installer = &updater.Installer{Dir: updater.Updates(r.dir), StateFile: filepath.Join(root, "state.json"),
		Kept: filepath.Join(root, "kept"), HealthFile: filepath.Join(r.dir, "healthy"), Channel: "stable",
		Platform: platform, Keys: []minisign.PublicKey{r.pub}, Grace: 5 * time.Minute, Clock: r.clock,
		Installed: func(context.Context) (string, error) { return in.version, nil },
		Install: func(_ context.Context, path string) error {
			b, err := os.ReadFile(path)
			in.installed = append(in.installed, filepath.Base(path))
			in.version = strings.Fields(string(b))[1]
			return err
		}}
	return in
}

// stage takes a release through the kiosk side into the updates folder.
func (r *rig) stage(seq int64, version string, body []byte, running string) {
	r.t.Helper()
	r.publish(seq, version, body, body)
	r.idle = true
	if err := r.updater(running).Check(context.Background()); err != nil {
		r.t.Fatal(err)
	}
}

// The installer verifies again, installs, keeps the package; a version
// that never reports healthy goes back to the previous package.
func TestInstallerInstallsAndRollsBack(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	in := r.installer()
	r.stage(7, "1.5.0", pkg, "1.4.0")
	if err := in.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if in.version != "1.5.0" || len(files(t, updater.Updates(r.dir))) != 0 {
		t.Fatalf("installed %v, left %v", in.installed, files(t, updater.Updates(r.dir)))
	}
	if err := os.WriteFile(filepath.Join(r.dir, "healthy"), []byte("1.5.0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := in.CheckHealth(ctx); err != nil {
		t.Fatal(err)
	}

	r.stage(8, "1.6.0", []byte("kiosk 1.6.0 package bytes"), "1.5.0")
	if err := in.Run(ctx); err != nil || in.version != "1.6.0" {
		t.Fatalf("second install: %v, %s", err, in.version)
	}
	r.clock.Advance(4 * time.Minute)
	if err := in.CheckHealth(ctx); err != nil || in.version != "1.6.0" {
		t.Fatalf("rolled back before the grace ran out: %v %s", err, in.version)
	}
	r.clock.Advance(2 * time.Minute)
	if err := in.CheckHealth(ctx); err != nil {
		t.Fatal(err)
	}
	if in.version != "1.5.0" || in.installed[len(in.installed)-1] != "onestop-kiosk_1.5.0_amd64.deb" {
		t.Fatalf("after an unhealthy 1.6.0: %s, installs %v", in.version, in.installed)
	}
}

// What the kiosk user drops is checked again: a package swapped after
// the hand-over, or an older manifest, is refused and removed, and
// nothing is installed.
func TestInstallerTrustsNothingDropped(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	in := r.installer()
	r.stage(7, "1.5.0", pkg, "1.4.0")
	p := filepath.Join(updater.Updates(r.dir), "onestop-kiosk_1.5.0_amd64.deb")
	if err := os.WriteFile(p, []byte("kiosk 1.5.0 package evil!"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := in.Run(ctx); update.ReasonOf(err) != update.ReasonHash {
		t.Fatalf("Run = %v, want a hash refusal", err)
	}
	if len(in.installed) != 0 || len(files(t, updater.Updates(r.dir))) != 0 {
		t.Fatalf("installed %v, left %v", in.installed, files(t, updater.Updates(r.dir)))
	}
}

func TestSwapExe(t *testing.T) {
	dir := t.TempDir()
	exe, next := filepath.Join(dir, "kiosk.exe"), filepath.Join(dir, "kiosk.exe.new")
	os.WriteFile(exe, []byte("old"), 0o700)
	os.WriteFile(next, []byte("new"), 0o700)
	if err := updater.SwapExe(exe, next); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(exe); string(b) != "new" {
		t.Errorf("exe is %q", b)
	}
	if b, _ := os.ReadFile(exe + ".old"); string(b) != "old" {
		t.Errorf("old exe is %q", b)
	}
}
