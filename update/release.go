package update

import (
	"fmt"
	"slices"
)

// Release is a published release as central's feed carries it to the
// kiosks of a hall (entity "release", id "<hall>/<channel>"): the signed
// manifest's exact bytes and its signature, which central passes on
// untouched and never vouches for, and central's rollout. The rollout is
// advice the kiosk follows to stage its fleet; the checks that keep a
// kiosk safe are Verify's, on the manifest alone.
type Release struct {
	Channel  string `json:"channel"`  // unverified copy, to pick the release of the kiosk's channel
	Seq      int64  `json:"seq"`      // unverified copy, for display
	Manifest []byte `json:"manifest"` // the exact signed bytes (base64 in JSON)
	Sig      []byte `json:"sig"`      // minisign signature file
	// Stage is "canary" while only the Canary kiosks may install, then
	// "all".
	Stage  string   `json:"stage"`
	Canary []string `json:"canary,omitempty"` // kiosk ids
	// Pins hold kiosks at a version: a pinned kiosk installs nothing
	// newer than its pin.
	Pins map[string]string `json:"pins,omitempty"`
}

// Rollout stages.
const (
	StageCanary = "canary"
	StageAll    = "all"
)

// Validate checks the envelope; the manifest inside is Verify's.
func (r Release) Validate() error {
	switch {
	case !channelRE.MatchString(r.Channel):
		return fmt.Errorf("release channel %q", r.Channel)
	case len(r.Manifest) == 0 || len(r.Manifest) > MaxManifest || len(r.Sig) == 0 || len(r.Sig) > 4096:
		return fmt.Errorf("release %d: manifest of %d bytes, signature of %d", r.Seq, len(r.Manifest), len(r.Sig))
	case r.Stage != StageCanary && r.Stage != StageAll:
		return fmt.Errorf("release stage %q", r.Stage)
	}
	for k, v := range r.Pins {
		if _, err := ParseVersion(v); err != nil || k == "" {
			return fmt.Errorf("release pin %q: %v", k, err)
		}
	}
	return nil
}

// For reports whether kiosk may install a package of version now, by
// the rollout: in the canary ring or after it, and not past its pin.
func (r Release) For(kiosk string, version Version) bool {
	if r.Stage == StageCanary && !slices.Contains(r.Canary, kiosk) {
		return false
	}
	if pin, ok := r.Pins[kiosk]; ok {
		p, err := ParseVersion(pin)
		return err == nil && !version.Newer(p)
	}
	return true
}

// Stored is what a kiosk keeps of its updates: the last accepted
// manifest's seq, the release keys a rotation brought (minisign text;
// none while the embedded ones hold) and its last refusal or failure.
type Stored struct {
	Seq       int64
	Keys      []string
	LastError string
}
