package storetest

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	"aead.dev/minisign"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
	"onestop/update"
)

// ReleaseKit signs test releases with a key made for the test, as the
// release office's offline key would.
type ReleaseKit struct {
	Pub  minisign.PublicKey
	priv minisign.PrivateKey
}

// NewReleaseKit makes a fresh release key.
func NewReleaseKit(t testing.TB) *ReleaseKit {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &ReleaseKit{Pub: pub, priv: priv}
}

// TestPackage is one platform's build of a test release.
type TestPackage struct {
	Platform, Version, File string
	Data                    []byte
}

// Release returns a signed manifest of the packages, its signature and
// the packages by file name, as PublishRelease takes them.
func (k *ReleaseKit) Release(t testing.TB, channel string, seq int64, issued time.Time, pkgs ...TestPackage) (manifest, sig []byte, files map[string][]byte) {
	t.Helper()
	m := update.Manifest{Channel: channel, Seq: seq, Issued: issued, Expires: issued.Add(30 * 24 * time.Hour),
		Packages: map[string]update.Package{}}
	files = map[string][]byte{}
	for _, p := range pkgs {
		sum := sha256.Sum256(p.Data)
		m.Packages[p.Platform] = update.Package{Version: p.Version, File: p.File, Size: int64(len(p.Data)), SHA256: hex.EncodeToString(sum[:])}
		files[p.File] = p.Data
	}
	manifest, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return manifest, minisign.Sign(k.priv, manifest), files
}

// Bytes returns n bytes of a repeating pattern, a stand-in package.
func Bytes(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i%251)
	}
	return b
}

// testReleases: a release is refused unless every declared package is
// given at its size and hash and its seq is the channel's newest; a
// published one reaches every hall's feed byte for byte (the kiosk's
// Verify accepts it), its packages read back whole, and the rollout is
// the channel's, kept from release to release.
func testReleases(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	kit := NewReleaseKit(t)
	amd := TestPackage{"linux/amd64", "1.5.0", "onestop_1.5.0_amd64.deb", Bytes(1<<20+17, 1)} // two chunks
	arm := TestPackage{"linux/arm64", "1.5.0", "onestop_1.5.0_arm64.deb", Bytes(300, 7)}
	man, sig, files := kit.Release(t, "stable", 1, f.Clock.Now(), amd, arm)

	refused := func(msg string, manifest, sig []byte, files map[string][]byte) {
		t.Helper()
		_, err := f.S.PublishRelease(f.Ctx, manifest, sig, files)
		if id, _ := kiosk.ErrorMessageID(err); id != msg {
			t.Errorf("want %s, got %v", msg, err)
		}
	}
	without := func(file string) map[string][]byte {
		m := map[string][]byte{}
		for k, v := range files {
			if k != file {
				m[k] = v
			}
		}
		return m
	}
	with := func(file string, b []byte) map[string][]byte {
		m := without(file)
		m[file] = b
		return m
	}
	refused(central.MsgReleaseMissing, man, sig, without(arm.File))
	refused(central.MsgReleaseSize, man, sig, with(arm.File, arm.Data[:299]))
	tampered := slices.Clone(arm.Data)
	tampered[10] ^= 1
	refused(central.MsgReleaseHash, man, sig, with(arm.File, tampered))
	refused(central.MsgReleaseExtra, man, sig, with("extra.deb", []byte("x")))
	refused(central.MsgReleaseManifest, []byte(`{"channel": "stable"}`), sig, files)
	refused(central.MsgReleaseManifest, append(slices.Clone(man[:len(man)-1]), []byte(`,"extra":1}`)...), sig, files)
	refused(central.MsgReleaseSignature, man, nil, files)
	if rs, err := f.S.Releases(f.Ctx); err != nil || len(rs) != 0 {
		t.Fatalf("refused releases are not stored: %v, %v", rs, err)
	}

	rel, err := f.S.PublishRelease(f.Ctx, man, sig, files)
	f.Must(err)
	if rel.Seq != 1 || rel.Channel != "stable" || rel.Stage != update.StageAll || !rel.PublishedAt.Equal(f.Clock.Now()) {
		t.Fatalf("published: %+v", rel)
	}
	// Every hall's feed carries it untouched: the kiosk's own check passes.
	entity := func(hall, channel string) update.Release {
		t.Helper()
		h, data, err := f.S.Entity(f.Ctx, wire.EntityRelease, hall+"/"+channel)
		f.Must(err)
		if h != hall {
			t.Fatalf("release of %s filed under %s", hall, h)
		}
		return Decode[update.Release](t, data)
	}
	for _, hall := range []string{HallA, HallB} {
		r := entity(hall, "stable")
		if !bytes.Equal(r.Manifest, man) || !bytes.Equal(r.Sig, sig) || r.Seq != 1 || r.Stage != update.StageAll || r.Canary != nil {
			t.Fatalf("%s: release entity %+v", hall, r)
		}
		st := update.State{Keys: []minisign.PublicKey{kit.Pub}, Channel: "stable", Running: "1.4.0"}
		if _, err := update.Verify(st, r.Manifest, r.Sig, f.Clock.Now(), "linux/arm64"); err != nil {
			t.Fatalf("%s: kiosk refuses what central sent: %v", hall, err)
		}
	}
	changes, _, _ := PullAll(t, f.S, HallB, central.Cursor{}, 500)
	if _, ok := Find(changes, wire.EntityRelease, HallB+"/stable"); !ok {
		t.Fatalf("hall B's snapshot has no release")
	}

	read := func(seq int64, file string) []byte {
		t.Helper()
		rc, size, err := f.S.Package(f.Ctx, seq, file)
		f.Must(err)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		f.Must(err)
		if int64(len(b)) != size {
			t.Fatalf("package %d/%s: read %d bytes of %d", seq, file, len(b), size)
		}
		return b
	}
	if !bytes.Equal(read(1, amd.File), amd.Data) || !bytes.Equal(read(1, arm.File), arm.Data) {
		t.Fatalf("packages do not read back whole")
	}
	for _, c := range []struct {
		seq  int64
		file string
	}{{2, amd.File}, {1, "nope.deb"}} {
		if _, _, err := f.S.Package(f.Ctx, c.seq, c.file); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
			t.Errorf("package %d/%s: %v", c.seq, c.file, err)
		}
	}

	// The same seq again, or an older one, is refused.
	f.Clock.Advance(time.Hour)
	refused(central.MsgReleaseSeq, man, sig, files)

	// Rollout: refused for a bad stage, an unknown kiosk, a bad pin or
	// an unknown channel.
	for _, c := range []struct {
		channel, stage string
		canary         []string
		pins           map[string]string
		code           string
	}{
		{"stable", "half", nil, nil, kiosk.EINVALID},
		{"stable", update.StageCanary, []string{"k-none"}, nil, kiosk.EINVALID},
		{"stable", update.StageAll, nil, map[string]string{"k-none": "1.0.0"}, kiosk.EINVALID},
		{"stable", update.StageAll, nil, map[string]string{f.KB.ID: "latest"}, kiosk.EINVALID},
		{"beta", update.StageAll, nil, nil, kiosk.ENOTFOUND},
	} {
		if err := f.S.SetRollout(f.Ctx, c.channel, c.stage, c.canary, c.pins); kiosk.ErrorCode(err) != c.code {
			t.Errorf("rollout %+v: %v", c, err)
		}
	}
	if r := entity(HallA, "stable"); r.Stage != update.StageAll {
		t.Fatalf("a refused rollout changed the release: %+v", r)
	}
	pins := map[string]string{f.KB.ID: "1.4.0"}
	f.Must(f.S.SetRollout(f.Ctx, "stable", update.StageCanary, []string{f.K2.ID, f.K1.ID, f.K1.ID}, pins))
	for _, hall := range []string{HallA, HallB} {
		r := entity(hall, "stable")
		if r.Stage != update.StageCanary || !slices.Equal(r.Canary, []string{f.K1.ID, f.K2.ID}) || r.Pins[f.KB.ID] != "1.4.0" || len(r.Pins) != 1 {
			t.Fatalf("%s: rollout %+v", hall, r)
		}
		if !bytes.Equal(r.Manifest, man) {
			t.Fatalf("%s: the rollout changed the manifest", hall)
		}
	}

	// The next release keeps the ring and pins and starts in the ring.
	amd2 := TestPackage{"linux/amd64", "1.6.0", "onestop_1.6.0_amd64.deb", Bytes(500, 3)}
	man2, sig2, files2 := kit.Release(t, "stable", 2, f.Clock.Now(), amd2)
	rel2, err := f.S.PublishRelease(f.Ctx, man2, sig2, files2)
	f.Must(err)
	if rel2.Stage != update.StageCanary || !slices.Equal(rel2.Canary, []string{f.K1.ID, f.K2.ID}) || rel2.Pins[f.KB.ID] != "1.4.0" {
		t.Fatalf("release 2 rollout: %+v", rel2)
	}
	if r := entity(HallB, "stable"); r.Seq != 2 || !bytes.Equal(r.Manifest, man2) || r.Stage != update.StageCanary {
		t.Fatalf("hall B after release 2: %+v", r)
	}
	f.Must(f.S.SetRollout(f.Ctx, "stable", update.StageAll, nil, nil))
	if r := entity(HallA, "stable"); r.Stage != update.StageAll || r.Canary != nil || r.Pins != nil || r.Seq != 2 {
		t.Fatalf("rollout to all: %+v", r)
	}
	// Release 1's packages stay downloadable for kiosks still on it.
	if !bytes.Equal(read(1, arm.File), arm.Data) {
		t.Fatalf("release 1's package after release 2")
	}

	// Another channel: a package address (seq, file) is taken across
	// channels; its own file names are fine.
	f.Clock.Advance(time.Hour)
	taken, takenSig, takenFiles := kit.Release(t, "beta", 2, f.Clock.Now(), amd2)
	refused(central.MsgReleaseFileTaken, taken, takenSig, takenFiles)
	beta := TestPackage{"linux/amd64", "1.7.0", "onestop_1.7.0-beta_amd64.deb", Bytes(64, 9)}
	man3, sig3, files3 := kit.Release(t, "beta", 2, f.Clock.Now(), beta)
	_, err = f.S.PublishRelease(f.Ctx, man3, sig3, files3)
	f.Must(err)
	if r := entity(HallA, "beta"); r.Seq != 2 || r.Stage != update.StageAll {
		t.Fatalf("beta: %+v", r)
	}
	if r := entity(HallA, "stable"); r.Seq != 2 || !bytes.Equal(r.Manifest, man2) {
		t.Fatalf("stable after beta: %+v", r)
	}

	rs, err := f.S.Releases(f.Ctx)
	f.Must(err)
	var got []string
	for _, r := range rs {
		got = append(got, fmt.Sprintf("%s/%d", r.Channel, r.Seq))
	}
	if !slices.Equal(got, []string{"beta/2", "stable/2", "stable/1"}) {
		t.Fatalf("releases, latest first: %v", got)
	}
	if r := rs[2]; r.Manifest.Packages["linux/arm64"].File != arm.File || !bytes.Equal(r.Sig, sig) || r.Stage != update.StageCanary {
		t.Fatalf("release 1 as listed, with the rollout it last had: %+v", r)
	}

	// A hall created later gets every channel's latest release; deleting
	// it takes them along.
	const hallC = "hall-c"
	f.Must(f.S.PutHall(f.Ctx, central.Hall{ID: hallC, Name: kiosk.LocalName{Zh: "丙大厅"}}))
	if r := entity(hallC, "stable"); r.Seq != 2 || r.Stage != update.StageAll {
		t.Fatalf("new hall's stable release: %+v", r)
	}
	if r := entity(hallC, "beta"); r.Seq != 2 {
		t.Fatalf("new hall's beta release: %+v", r)
	}
	f.Must(f.S.PutHall(f.Ctx, central.Hall{ID: hallC, Name: kiosk.LocalName{Zh: "丙大厅", En: "Hall C"}}))
	f.Must(f.S.DeleteHall(f.Ctx, hallC))
	if _, _, err := f.S.Entity(f.Ctx, wire.EntityRelease, hallC+"/stable"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("a deleted hall's release stays: %v", err)
	}

	// A reopened store reads the same.
	s2 := f.Open(t, f.Clock)
	rs2, err := s2.Releases(f.Ctx)
	f.Must(err)
	if len(rs2) != 3 || !bytes.Equal(rs2[1].ManifestBytes, man2) {
		t.Fatalf("reopened: %+v", rs2)
	}
}

// testHeartbeatUpdates: a heartbeat's manifest seq and update error are
// kept with the rest and listed with the kiosk.
func testHeartbeatUpdates(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Must(errOf(f.S.Heartbeat(f.Ctx, f.K1.ID, central.Health{Version: "1.5.0", ManifestSeq: 7, UpdateError: "hash: package differs"})))
	f.Must(errOf(f.S.Heartbeat(f.Ctx, f.K2.ID, central.Health{Version: "1.4.0"})))
	ks, err := f.S.Kiosks(f.Ctx)
	f.Must(err)
	by := map[string]central.Health{}
	for _, k := range ks {
		by[k.ID] = k.Health
	}
	if h := by[f.K1.ID]; h.ManifestSeq != 7 || h.UpdateError != "hash: package differs" || h.Version != "1.5.0" {
		t.Errorf("k1: %+v", h)
	}
	if h := by[f.K2.ID]; h.ManifestSeq != 0 || h.UpdateError != "" {
		t.Errorf("k2: %+v", h)
	}
	// A good update clears the error.
	f.Must(errOf(f.S.Heartbeat(f.Ctx, f.K1.ID, central.Health{Version: "1.6.0", ManifestSeq: 8})))
	k, err := f.S.KioskByToken(f.Ctx, Hash("token-"+f.K1.ID))
	f.Must(err)
	if k.Health.ManifestSeq != 8 || k.Health.UpdateError != "" {
		t.Errorf("k1 after a good update: %+v", k.Health)
	}
}

// testConcurrentPublish: central processes publishing one channel at
// once (two handles on one database) never leave a hall on an older
// release than the newest stored, and a seq published twice is refused
// as not newer, not as a database error.
func testConcurrentPublish(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	stores := []central.Store{f.S, f.Open(t, f.Clock)}
	kit := NewReleaseKit(t)
	type pub struct {
		man, sig []byte
		files    map[string][]byte
	}
	var pubs []pub
	for seq := int64(1); seq <= 6; seq++ {
		p := TestPackage{"linux/amd64", "1.5.0", fmt.Sprintf("onestop-%d.deb", seq), Bytes(2048, byte(seq))}
		man, sig, files := kit.Release(t, "stable", seq, f.Clock.Now(), p)
		// Each seq twice, once from each handle.
		pubs = append(pubs, pub{man, sig, files}, pub{man, sig, files})
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(pubs))
	for i, p := range pubs {
		wg.Go(func() {
			_, err := stores[i%2].PublishRelease(f.Ctx, p.man, p.sig, p.files)
			if id, _ := kiosk.ErrorMessageID(err); err != nil && id != central.MsgReleaseSeq {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent publish: %v", err)
	}
	rs, err := f.S.Releases(f.Ctx)
	f.Must(err)
	seen := map[int64]bool{}
	var newest int64
	for _, r := range rs {
		if seen[r.Seq] {
			t.Fatalf("seq %d stored twice", r.Seq)
		}
		seen[r.Seq] = true
		newest = max(newest, r.Seq)
	}
	if newest != 6 {
		t.Fatalf("the newest release stored is %d", newest)
	}
	for _, hall := range []string{HallA, HallB} {
		_, data, err := f.S.Entity(f.Ctx, wire.EntityRelease, hall+"/stable")
		f.Must(err)
		if r := Decode[update.Release](t, data); r.Seq != newest {
			t.Errorf("%s is left on release %d, the newest is %d", hall, r.Seq, newest)
		}
	}
}

// errOf drops a result to check only the error.
func errOf[T any](_ T, err error) error { return err }
