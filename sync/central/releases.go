package central

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"

	"onestop/kiosk"
	"onestop/update"
)

// ReleaseStore keeps the kiosk software releases admins publish (issue
// 12) and sends each channel's latest, with its rollout, to every hall
// as the release entity. Central never vouches for a release: it parses
// the manifest only to know which package files to accept and serve,
// and the kiosk verifies the signature itself.
type ReleaseStore interface {
	// PublishRelease stores a signed manifest, its signature and the
	// packages it declares (by file name; each of exactly the declared
	// size and SHA-256, no more, no fewer) and puts the release into
	// every hall's feed. Its seq must exceed the channel's last. The
	// channel's canary ring and pins carry over: with a ring the release
	// starts at the canary stage, else at all.
	PublishRelease(ctx context.Context, manifest, sig []byte, packages map[string][]byte) (Release, error)
	// SetRollout sets the rollout of the channel's latest release and
	// sends it to every hall; ENOTFOUND for a channel never published.
	SetRollout(ctx context.Context, channel, stage string, canary []string, pins map[string]string) error
	// Package opens a published package for reading, with its size;
	// ENOTFOUND for an unknown seq or file.
	Package(ctx context.Context, seq int64, file string) (io.ReadCloser, int64, error)
	// Releases lists every release, the latest published first.
	Releases(ctx context.Context) ([]Release, error)
}

// Release is a published release as the console shows it. Manifest is
// parsed from ManifestBytes, unverified.
type Release struct {
	Channel       string
	Seq           int64
	ManifestBytes []byte
	Sig           []byte
	Manifest      update.Manifest
	PublishedAt   time.Time
	Stage         string
	Canary        []string
	Pins          map[string]string
}

// Message ids of a refused publish or rollout, translated in i18n like
// the domain's own: the console shows them to the admin.
const (
	MsgReleaseManifest  = "ReleaseManifestInvalid" // data: detail
	MsgReleaseSignature = "ReleaseSignatureInvalid"
	MsgReleaseMissing   = "ReleasePackageMissing" // data: file
	MsgReleaseExtra     = "ReleasePackageExtra"   // data: file
	MsgReleaseSize      = "ReleasePackageSize"    // data: file, want, got
	MsgReleaseHash      = "ReleasePackageHash"    // data: file
	MsgReleaseSeq       = "ReleaseSeqNotNewer"    // data: seq, last
	MsgReleaseFileTaken = "ReleaseFileTaken"      // data: seq, file
	MsgReleaseRollout   = "ReleaseRolloutInvalid" // data: detail
)

// MaxReleaseSig bounds a signature file, as update.Release.Validate does.
const MaxReleaseSig = 4096

// releaseErr is a refused publish or rollout.
func releaseErr(code, msg string, data map[string]any, format string, args ...any) error {
	return kiosk.Errorf(code, msg, format, args...).With(data)
}

// CheckRelease parses a manifest (without its key: central cannot
// verify it) and checks the signature's size and that packages hold
// exactly the declared files, each of its declared size and SHA-256.
// It returns the manifest and its package files by name.
func CheckRelease(manifest, sig []byte, packages map[string][]byte) (update.Manifest, map[string]update.Package, error) {
	if len(manifest) > update.MaxManifest {
		return update.Manifest{}, nil, releaseErr(kiosk.EINVALID, MsgReleaseManifest, map[string]any{"Detail": "too large"},
			"manifest of %d bytes", len(manifest))
	}
	m, err := update.ParseManifest(manifest)
	if err != nil {
		return m, nil, releaseErr(kiosk.EINVALID, MsgReleaseManifest, map[string]any{"Detail": err.Error()}, "%v", err)
	}
	if len(sig) == 0 || len(sig) > MaxReleaseSig {
		return m, nil, releaseErr(kiosk.EINVALID, MsgReleaseSignature, nil, "signature of %d bytes", len(sig))
	}
	files := map[string]update.Package{}
	for platform, p := range m.Packages {
		if q, ok := files[p.File]; ok && (q.Size != p.Size || q.SHA256 != p.SHA256) {
			// Two platforms may share a file, not with two contents.
			return m, nil, releaseErr(kiosk.EINVALID, MsgReleaseManifest, map[string]any{"Detail": "file " + p.File + " declared twice"},
				"%s: file %s declared twice with different contents", platform, p.File)
		}
		files[p.File] = p
	}
	for file, p := range files {
		b, ok := packages[file]
		switch {
		case !ok:
			return m, nil, releaseErr(kiosk.EINVALID, MsgReleaseMissing, map[string]any{"File": file}, "package %s not given", file)
		case int64(len(b)) != p.Size:
			return m, nil, releaseErr(kiosk.EINVALID, MsgReleaseSize, map[string]any{"File": file, "Want": p.Size, "Got": len(b)},
				"package %s: %d bytes, manifest says %d", file, len(b), p.Size)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != p.SHA256 {
			return m, nil, releaseErr(kiosk.EINVALID, MsgReleaseHash, map[string]any{"File": file}, "package %s: SHA-256 differs from the manifest's", file)
		}
	}
	for file := range packages {
		if _, ok := files[file]; !ok {
			return m, nil, releaseErr(kiosk.EINVALID, MsgReleaseExtra, map[string]any{"File": file}, "package %s is not in the manifest", file)
		}
	}
	return m, files, nil
}

// ErrReleaseSeq refuses a release not newer than the channel's last.
func ErrReleaseSeq(seq, last int64) error {
	return releaseErr(kiosk.ECONFLICT, MsgReleaseSeq, map[string]any{"Seq": seq, "Last": last},
		"release seq %d is not above the channel's last, %d", seq, last)
}

// ErrReleaseFileTaken refuses a package whose (seq, file), the address
// kiosks download it from, another channel's release holds already.
func ErrReleaseFileTaken(seq int64, file string) error {
	return releaseErr(kiosk.ECONFLICT, MsgReleaseFileTaken, map[string]any{"Seq": seq, "File": file},
		"release %d already has a package %s on another channel", seq, file)
}

// ErrRollout refuses a rollout, saying what is wrong.
func ErrRollout(format string, args ...any) error {
	e := kiosk.Errorf(kiosk.EINVALID, MsgReleaseRollout, format, args...)
	return e.With(map[string]any{"Detail": e.Message})
}
