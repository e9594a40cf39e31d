package update

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"aead.dev/minisign"
)

// Reason says why an update was refused, for the heartbeat and the
// console; Error wraps it with the detail.
type Reason string

const (
	ReasonSignature Reason = "signature" // not signed by a trusted key
	ReasonMalformed Reason = "malformed" // signed, but not a valid manifest
	ReasonChannel   Reason = "channel"   // for another channel
	ReasonReplay    Reason = "replay"    // older than the last accepted manifest
	ReasonExpired   Reason = "expired"
	ReasonNoPackage Reason = "no_package" // nothing for this platform
	ReasonNotNewer  Reason = "not_newer"  // a downgrade, or what runs already
	ReasonSize      Reason = "size"       // the package is not the declared size
	ReasonHash      Reason = "hash"       // the package's SHA-256 differs
)

// Error is a refused update.
type Error struct {
	Reason Reason
	Detail string
}

func (e *Error) Error() string { return "update refused (" + string(e.Reason) + "): " + e.Detail }

func refuse(r Reason, format string, args ...any) error {
	return &Error{Reason: r, Detail: fmt.Sprintf(format, args...)}
}

// ReasonOf returns why err refused an update, "" for other errors.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// ParseKey reads a minisign public key: the file's two lines, or the
// base64 key line alone.
func ParseKey(s string) (minisign.PublicKey, error) {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	line := strings.TrimSpace(lines[len(lines)-1])
	var k minisign.PublicKey
	if err := k.UnmarshalText([]byte(line)); err != nil {
		return k, fmt.Errorf("public key: %w", err)
	}
	return k, nil
}

// State is what a kiosk knows about its updates: the trusted keys, its
// channel, the last manifest it accepted and the version running.
type State struct {
	Keys    []minisign.PublicKey
	Channel string
	Seq     int64  // the last accepted manifest's; 0 for none
	Running string // this binary's version
}

// Accepted is a manifest that passed every check but the package's:
// the package to fetch, and the manifest to keep once it is verified.
type Accepted struct {
	Manifest Manifest
	Platform string
	Package  Package
}

// Verify checks a manifest for the kiosk in state st at now on
// platform, in this order, failing closed at the first that fails: the
// signature over the exact bytes, before they are parsed; the channel;
// a sequence not below the stored one; not expired; a package for the
// platform with a version newer than the one running. The package's
// size and hash are checked by VerifyPackage when it is downloaded;
// only then may the stored sequence move (Accepted.Commit).
func Verify(st State, manifest, sig []byte, now time.Time, platform string) (Accepted, error) {
	if len(manifest) > MaxManifest {
		return Accepted{}, refuse(ReasonMalformed, "manifest of %d bytes", len(manifest))
	}
	signed := false
	for _, k := range st.Keys {
		if minisign.Verify(k, manifest, sig) {
			signed = true
			break
		}
	}
	if !signed {
		return Accepted{}, refuse(ReasonSignature, "no trusted key signed this manifest")
	}
	m, err := ParseManifest(manifest)
	if err != nil {
		return Accepted{}, err
	}
	if m.Channel != st.Channel {
		return Accepted{}, refuse(ReasonChannel, "manifest for channel %q, kiosk follows %q", m.Channel, st.Channel)
	}
	if m.Seq < st.Seq {
		return Accepted{}, refuse(ReasonReplay, "manifest seq %d is older than the accepted %d", m.Seq, st.Seq)
	}
	if !now.Before(m.Expires) {
		return Accepted{}, refuse(ReasonExpired, "manifest %d expired at %s", m.Seq, m.Expires.UTC().Format(time.RFC3339))
	}
	p, ok := m.Packages[platform]
	if !ok {
		return Accepted{}, refuse(ReasonNoPackage, "manifest %d has nothing for %s", m.Seq, platform)
	}
	v, _ := ParseVersion(p.Version) // Validate checked it
	if running, err := ParseVersion(st.Running); err == nil && !v.Newer(running) {
		return Accepted{}, refuse(ReasonNotNewer, "manifest %d offers %s, %s runs", m.Seq, v, running)
	}
	return Accepted{Manifest: m, Platform: platform, Package: p}, nil
}

// VerifyPackage copies the package from r to w, reading at most one
// byte more than declared, and checks its size and SHA-256. w holds
// unverified bytes until it returns nil: write to a temporary file and
// rename it only then.
func VerifyPackage(a Accepted, r io.Reader, w io.Writer) error {
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(r, a.Package.Size+1))
	if err != nil {
		return fmt.Errorf("download %s: %w", a.Package.File, err)
	}
	if n != a.Package.Size {
		return refuse(ReasonSize, "%s: %d bytes, declared %d", a.Package.File, min(n, a.Package.Size+1), a.Package.Size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != a.Package.SHA256 {
		return refuse(ReasonHash, "%s: sha256 %s, declared %s", a.Package.File, got, a.Package.SHA256)
	}
	return nil
}

// Commit returns st after a (and its package) passed every check: the
// sequence moves up, and a key rotation takes effect.
func (a Accepted) Commit(st State) (State, error) {
	st.Seq = a.Manifest.Seq
	if len(a.Manifest.Keys) > 0 {
		keys := make([]minisign.PublicKey, 0, len(a.Manifest.Keys))
		for _, s := range a.Manifest.Keys {
			k, err := ParseKey(s)
			if err != nil {
				return st, err
			}
			keys = append(keys, k)
		}
		st.Keys = keys
	}
	return st, nil
}
