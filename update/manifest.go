// Package update is the kiosk's signed software update: the release
// manifest, its minisign signature, and the checks a kiosk (and the
// root-owned installer, with the same code) makes before anything is
// installed. Central stores and serves releases but is never trusted:
// only a manifest signed by an offline release key, for the kiosk's
// channel, not older than the last one it accepted, not expired, newer
// than what runs, and a package of exactly the declared size and hash
// gets through. Every check fails closed.
package update

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Manifest is one signed release. Its exact bytes are what the
// signature covers; it is parsed only after the signature checked out.
type Manifest struct {
	Channel string    `json:"channel"` // e.g. "stable"; a kiosk follows one
	Seq     int64     `json:"seq"`     // grows with every release of the channel
	Issued  time.Time `json:"issued"`
	Expires time.Time `json:"expires"` // a kiosk installs nothing from it after this
	// Packages by platform, "linux/amd64" (runtime.GOOS/GOARCH).
	Packages map[string]Package `json:"packages"`
	// Keys, when set, are the release public keys (minisign text form)
	// that sign the next releases: rotating the key is itself a signed
	// release, signed by a key the kiosk trusts now.
	Keys []string `json:"keys,omitempty"`
}

// Package is one platform's build in a release.
type Package struct {
	Version string `json:"version"` // MAJOR.MINOR.PATCH
	File    string `json:"file"`    // the file name central serves it under
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256"` // lowercase hex
}

// MaxManifest caps a manifest download: a few platforms' lines.
const MaxManifest = 64 << 10

// MaxPackage caps any package download, whatever a manifest declares.
const MaxPackage = 512 << 20

var (
	channelRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)
	fileRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$`)
	hashRE    = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// ParseManifest parses and validates a manifest's bytes. Call it only
// on bytes whose signature was verified (Verify does both, in order).
func ParseManifest(b []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, refuse(ReasonMalformed, "manifest: %v", err)
	}
	return m, m.Validate()
}

// Validate checks a manifest's fields, for publishing and after parsing.
func (m Manifest) Validate() error {
	switch {
	case !channelRE.MatchString(m.Channel):
		return refuse(ReasonMalformed, "manifest channel %q", m.Channel)
	case m.Seq <= 0:
		return refuse(ReasonMalformed, "manifest seq %d", m.Seq)
	case m.Issued.IsZero() || !m.Expires.After(m.Issued):
		return refuse(ReasonMalformed, "manifest issued %s, expires %s", m.Issued, m.Expires)
	case len(m.Packages) == 0:
		return refuse(ReasonMalformed, "manifest lists no package")
	}
	for platform, p := range m.Packages {
		if _, err := ParseVersion(p.Version); err != nil {
			return refuse(ReasonMalformed, "%s: %v", platform, err)
		}
		if !fileRE.MatchString(p.File) || p.Size <= 0 || p.Size > MaxPackage || !hashRE.MatchString(p.SHA256) {
			return refuse(ReasonMalformed, "%s: package %q, %d bytes, sha256 %q", platform, p.File, p.Size, p.SHA256)
		}
	}
	for _, k := range m.Keys {
		if _, err := ParseKey(k); err != nil {
			return refuse(ReasonMalformed, "manifest key: %v", err)
		}
	}
	return nil
}

// Version is a MAJOR.MINOR.PATCH release number.
type Version [3]int

// ParseVersion reads "1.4.2" or "v1.4.2"; what follows a "-" or "+"
// (git describe's "v1.4.2-3-gabc", Debian's "1.4.2+3.gabc") is a build
// after that release and compares as it. A build with no release
// number ("dev", a bare commit) has none: such a kiosk takes any signed
// release.
func ParseVersion(s string) (Version, error) {
	core, _, _ := strings.Cut(strings.TrimPrefix(s, "v"), "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	var v Version
	if len(parts) != 3 {
		return v, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", s)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (len(p) > 1 && p[0] == '0') {
			return v, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", s)
		}
		v[i] = n
	}
	return v, nil
}

// Newer reports whether v is a later release than w.
func (v Version) Newer(w Version) bool {
	for i := range v {
		if v[i] != w[i] {
			return v[i] > w[i]
		}
	}
	return false
}

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v[0], v[1], v[2]) }
