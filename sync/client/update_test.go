package client_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"aead.dev/minisign"

	"onestop/kiosk/updater"
	"onestop/sync/central/storetest"
	"onestop/sync/client"
	"onestop/update"
)

// A signed release end to end over HTTP on loopback: the admin publishes
// it on the real central, the kiosk's pull brings the release entity,
// its updater verifies it, downloads the package from central's route
// and checks it, hands it over at an idle moment, and its heartbeat
// tells central the manifest it accepted; a refused one is reported.
func TestReleaseReachesKiosk(t *testing.T) {
	ctx := context.Background()
	c := newCampus(t)
	kit := storetest.NewReleaseKit(t)
	var status func(context.Context) (int64, string)
	k := c.enrolledKiosk(kioskOpts{cfg: client.Config{UpdateStatus: func(ctx context.Context) (int64, string) {
		if status == nil {
			return 0, ""
		}
		return status(ctx)
	}}})
	id, err := k.db.KioskIdentity(ctx)
	must(t, err)
	pkg := storetest.TestPackage{Platform: "linux/amd64", Version: "1.5.0", File: "onestop-kiosk_1.5.0_amd64.deb",
		Data: storetest.Bytes(3<<20+17, 7)} // more than one of central's 1 MiB chunks
	man, sig, files := kit.Release(t, "stable", 1, c.clock.Now(), pkg)
	_, err = c.store.PublishRelease(ctx, man, sig, files)
	must(t, err)
	k.mustSync()

	dir := t.TempDir()
	u, err := updater.New(k.db, k.api, updater.Config{Running: "1.4.0", Platform: "linux/amd64", Dir: dir, Clock: c.clock,
		Kiosk: func() string { return id.KioskID }, Keys: []minisign.PublicKey{kit.Pub},
		Idle: func() bool { return true }, Window: func(time.Time) bool { return true }})
	must(t, err)
	status = u.Status
	must(t, u.Check(ctx))
	got, err := os.ReadFile(filepath.Join(updater.Updates(dir), pkg.File))
	if err != nil || len(got) != len(pkg.Data) {
		t.Fatalf("handed over %d bytes, %v; want %d", len(got), err, len(pkg.Data))
	}
	c.clock.Advance(2 * time.Minute) // the next heartbeat is due
	k.mustSync()
	ks, err := c.store.Kiosks(ctx)
	must(t, err)
	for _, kk := range ks {
		if kk.ID == id.KioskID && (kk.Health.ManifestSeq != 1 || kk.Health.UpdateError != "") {
			t.Errorf("central heard manifest %d, error %q", kk.Health.ManifestSeq, kk.Health.UpdateError)
		}
	}

	// A release signed by a key the kiosk does not trust: refused,
	// reported at the next heartbeat, the accepted manifest stays 1.
	other := storetest.NewReleaseKit(t)
	pkg.Version, pkg.File = "1.6.0", "onestop-kiosk_1.6.0_amd64.deb"
	man, sig, files = other.Release(t, "stable", 2, c.clock.Now(), pkg)
	_, err = c.store.PublishRelease(ctx, man, sig, files)
	must(t, err)
	k.mustSync()
	if err := u.Check(ctx); update.ReasonOf(err) != update.ReasonSignature {
		t.Fatalf("an untrusted release: %v", err)
	}
	c.clock.Advance(2 * time.Minute)
	k.mustSync()
	ks, err = c.store.Kiosks(ctx)
	must(t, err)
	for _, kk := range ks {
		if kk.ID == id.KioskID && (kk.Health.ManifestSeq != 1 || kk.Health.UpdateError == "") {
			t.Errorf("after the untrusted release central heard manifest %d, error %q", kk.Health.ManifestSeq, kk.Health.UpdateError)
		}
	}
}
