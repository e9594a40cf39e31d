package update_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"

	"onestop/update"
)

var now = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

const platform = "linux/amd64"

type signer struct {
	pub  minisign.PublicKey
	priv minisign.PrivateKey
}

func newSigner(t *testing.T) signer {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return signer{pub, priv}
}

func (s signer) sign(m []byte) []byte { return minisign.Sign(s.priv, m) }

var pkg = []byte("the kiosk package, version 1.5.0")

func manifest(mod ...func(*update.Manifest)) update.Manifest {
	sum := sha256.Sum256(pkg)
	m := update.Manifest{Channel: "stable", Seq: 7, Issued: now.Add(-time.Hour), Expires: now.Add(30 * 24 * time.Hour),
		Packages: map[string]update.Package{platform: {Version: "1.5.0", File: "onestop-kiosk_1.5.0_amd64.deb",
			Size: int64(len(pkg)), SHA256: hex.EncodeToString(sum[:])}}}
	for _, f := range mod {
		f(&m)
	}
	return m
}

func raw(t *testing.T, m update.Manifest) []byte {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func state(s signer) update.State {
	return update.State{Keys: []minisign.PublicKey{s.pub}, Channel: "stable", Seq: 6, Running: "1.4.0"}
}

// Each attack is refused with its reason, and the state it would have
// committed is never reached: the stored sequence stays.
func TestVerifyRefusesEachAttack(t *testing.T) {
	key, other := newSigner(t), newSigner(t)
	good := raw(t, manifest())
	cases := []struct {
		name     string
		st       func(update.State) update.State
		manifest []byte
		sig      []byte
		body     []byte
		want     update.Reason
	}{
		{name: "wrong signature", manifest: good, sig: other.sign(good), want: update.ReasonSignature},
		{name: "bytes changed after signing", manifest: bytes.Replace(good, []byte(`"seq":7`), []byte(`"seq":9`), 1),
			sig: key.sign(good), want: update.ReasonSignature},
		{name: "other channel", manifest: raw(t, manifest(func(m *update.Manifest) { m.Channel = "beta" })), want: update.ReasonChannel},
		{name: "replayed older manifest", manifest: raw(t, manifest(func(m *update.Manifest) { m.Seq = 5 })), want: update.ReasonReplay},
		{name: "expired", manifest: raw(t, manifest(func(m *update.Manifest) { m.Expires = now })), want: update.ReasonExpired},
		{name: "downgrade", manifest: raw(t, manifest(func(m *update.Manifest) {
			p := m.Packages[platform]
			p.Version = "1.3.9"
			m.Packages[platform] = p
		})), want: update.ReasonNotNewer},
		{name: "same version", st: func(s update.State) update.State { s.Running = "1.5.0"; return s }, manifest: good, want: update.ReasonNotNewer},
		{name: "other platform only", manifest: raw(t, manifest(func(m *update.Manifest) {
			m.Packages = map[string]update.Package{"windows/amd64": m.Packages[platform]}
		})), want: update.ReasonNoPackage},
		{name: "wrong hash", manifest: good, body: []byte("the kiosk package, version 1.5.X"), want: update.ReasonHash},
		{name: "larger than declared", manifest: good, body: append(bytes.Clone(pkg), '!'), want: update.ReasonSize},
		{name: "shorter than declared", manifest: good, body: pkg[:10], want: update.ReasonSize},
		{name: "signed garbage", manifest: []byte(`{"channel":"stable"`), want: update.ReasonMalformed},
		{name: "unknown field", manifest: []byte(`{"channel":"stable","seq":8,"evil":1}`), want: update.ReasonMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := state(key)
			if c.st != nil {
				st = c.st(st)
			}
			sig := c.sig
			if sig == nil {
				sig = key.sign(c.manifest)
			}
			a, err := update.Verify(st, c.manifest, sig, now, platform)
			if err == nil {
				body := c.body
				if body == nil {
					body = pkg
				}
				var out bytes.Buffer
				err = update.VerifyPackage(a, bytes.NewReader(body), &out)
			}
			if got := update.ReasonOf(err); got != c.want {
				t.Fatalf("refused with %q (%v), want %q", got, err, c.want)
			}
			if st.Seq != 6 {
				t.Errorf("stored seq moved to %d", st.Seq)
			}
		})
	}
}

// A good release passes; committing it moves the sequence, and a
// manifest of the same sequence again is still fine (a retried
// download) while the older one is now a replay.
func TestVerifyAcceptsAndCommits(t *testing.T) {
	key := newSigner(t)
	m := raw(t, manifest())
	st := state(key)
	a, err := update.Verify(st, m, key.sign(m), now, platform)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := update.VerifyPackage(a, bytes.NewReader(pkg), &out); err != nil || !bytes.Equal(out.Bytes(), pkg) {
		t.Fatalf("package: %v", err)
	}
	st, err = a.Commit(st)
	if err != nil || st.Seq != 7 {
		t.Fatalf("commit: %+v %v", st, err)
	}
	old := raw(t, manifest(func(m *update.Manifest) { m.Seq = 6 }))
	if _, err := update.Verify(st, old, key.sign(old), now, platform); update.ReasonOf(err) != update.ReasonReplay {
		t.Errorf("older manifest after commit: %v", err)
	}
}

// Rotating the key is a signed release: after it, the new key signs and
// the old one no longer does.
func TestKeyRotation(t *testing.T) {
	oldKey, newKey := newSigner(t), newSigner(t)
	text, err := newKey.pub.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	rot := raw(t, manifest(func(m *update.Manifest) { m.Keys = []string{string(text)} }))
	st := state(oldKey)
	a, err := update.Verify(st, rot, oldKey.sign(rot), now, platform)
	if err != nil {
		t.Fatal(err)
	}
	if st, err = a.Commit(st); err != nil {
		t.Fatal(err)
	}
	st.Running = "1.5.0"
	next := raw(t, manifest(func(m *update.Manifest) {
		m.Seq = 8
		p := m.Packages[platform]
		p.Version = "1.6.0"
		m.Packages[platform] = p
	}))
	if _, err := update.Verify(st, next, oldKey.sign(next), now, platform); update.ReasonOf(err) != update.ReasonSignature {
		t.Errorf("the retired key still signs: %v", err)
	}
	if _, err := update.Verify(st, next, newKey.sign(next), now, platform); err != nil {
		t.Errorf("the new key does not sign: %v", err)
	}
}

// The admin signs with Debian's minisign; the kiosk verifies that.
func TestDebianMinisignInterop(t *testing.T) {
	bin, err := exec.LookPath("minisign")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("minisign is not installed (make deps installs it)")
		}
		t.Skip("minisign not installed")
	}
	dir := t.TempDir()
	pub, sec := filepath.Join(dir, "k.pub"), filepath.Join(dir, "k.key")
	gen := exec.Command(bin, "-G", "-W", "-f", "-p", pub, "-s", sec)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("minisign -G: %v: %s", err, out)
	}
	m := raw(t, manifest())
	mf := filepath.Join(dir, "manifest.json")
	if err := os.WriteFile(mf, m, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-S", "-s", sec, "-m", mf).CombinedOutput(); err != nil {
		t.Fatalf("minisign -S: %v: %s", err, out)
	}
	sig, err := os.ReadFile(mf + ".minisig")
	if err != nil {
		t.Fatal(err)
	}
	pubText, _ := os.ReadFile(pub)
	k, err := update.ParseKey(string(pubText))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := update.Verify(update.State{Keys: []minisign.PublicKey{k}, Channel: "stable", Running: "1.0.0"}, m, sig, now, platform); err != nil {
		t.Fatalf("Debian minisign's signature: %v", err)
	}
	// And Debian's minisign verifies what update.Sign makes.
	secText, _ := os.ReadFile(sec)
	ours, err := update.Sign(secText, "", m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mf+".minisig", ours, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-V", "-p", pub, "-m", mf).CombinedOutput(); err != nil || !strings.Contains(string(out), "verified") {
		t.Fatalf("minisign -V of update.Sign: %v: %s", err, out)
	}
}

func TestTrustedKeys(t *testing.T) {
	ks, err := update.TrustedKeys()
	if err != nil || len(ks) != 2 || ks[0].ID() == ks[1].ID() {
		t.Fatalf("embedded keys %v %v: want a primary and a distinct backup", ks, err)
	}
}

// The rollout: canary kiosks first, then all; a pin holds a kiosk back.
func TestReleaseFor(t *testing.T) {
	v150, _ := update.ParseVersion("1.5.0")
	r := update.Release{Stage: update.StageCanary, Canary: []string{"k1"}, Pins: map[string]string{"k3": "1.4.9", "k4": "1.5.0"}}
	for kiosk, want := range map[string]bool{"k1": true, "k2": false, "k3": false} {
		if got := r.For(kiosk, v150); got != want {
			t.Errorf("canary stage, %s: %v, want %v", kiosk, got, want)
		}
	}
	r.Stage = update.StageAll
	for kiosk, want := range map[string]bool{"k1": true, "k2": true, "k3": false, "k4": true} {
		if got := r.For(kiosk, v150); got != want {
			t.Errorf("all stage, %s: %v, want %v", kiosk, got, want)
		}
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]string{"1.4.2": "1.4.2", "v1.4.2": "1.4.2", "v1.4.2-3-gabc1234-dirty": "1.4.2",
		"1.4.2+3.gabc1234": "1.4.2", "0.0.0+12.gabc": "0.0.0"} {
		v, err := update.ParseVersion(in)
		if err != nil || v.String() != want {
			t.Errorf("%q: %v %v, want %s", in, v, err, want)
		}
	}
	for _, bad := range []string{"dev", "abc1234", "1.4", "1.04.2", "1.4.x"} {
		if _, err := update.ParseVersion(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
