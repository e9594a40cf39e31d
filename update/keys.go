package update

import (
	"embed"

	"aead.dev/minisign"
)

// The release public keys the kiosk binary trusts: the primary, and a
// backup whose secret half stays sealed offline for when the primary is
// lost. An IT office running its own releases puts its own two keys
// here (`minisign -G`, see README "Operating it") before building.
//
//go:embed keys/primary.pub keys/backup.pub
var keyFiles embed.FS

// TrustedKeys returns the embedded release keys, primary first.
func TrustedKeys() ([]minisign.PublicKey, error) {
	var out []minisign.PublicKey
	for _, name := range []string{"keys/primary.pub", "keys/backup.pub"} {
		b, err := keyFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		k, err := ParseKey(string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// Sign signs a manifest's exact bytes with a minisign secret key file's
// contents, as Debian's `minisign -S` would; password opens an
// encrypted key (an unencrypted one, `minisign -G -W`, takes none).
func Sign(secretKey []byte, password string, manifest []byte) ([]byte, error) {
	var k minisign.PrivateKey
	if minisign.IsEncrypted(secretKey) {
		var err error
		if k, err = minisign.DecryptKey(password, secretKey); err != nil {
			return nil, err
		}
	} else if err := k.UnmarshalText(secretKey); err != nil {
		return nil, err
	}
	return minisign.Sign(k, manifest), nil
}
