package admin

import (
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
)

// Secrets. Kiosk and admin tokens carry 256 random bits, enrollment
// codes 80 (they are typed, used once and expire in a day). All are
// stored as central.HashSecret.

// NewToken returns a URL-safe random token of n bytes; the kiosk API
// makes kiosk tokens with it too.
func NewToken(r io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("read random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// codeAlphabet leaves out 0/O and 1/I so codes survive being read aloud.
var codeEnc = base32.NewEncoding("23456789ABCDEFGHJKLMNPQRSTUVWXYZ").WithPadding(base32.NoPadding)

// newEnrollCode returns a code like "7KQ3-M9XA-2BCD-EF4G".
func newEnrollCode(r io.Reader) (string, error) {
	b := make([]byte, 10)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("read random: %w", err)
	}
	c := codeEnc.EncodeToString(b)
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12] + "-" + c[12:16], nil
}

// NormalizeCode forgives case, spaces and dashes in a typed code. A code
// is hashed normalized, so the kiosk API normalizes what it redeems.
func NormalizeCode(c string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, c)
}
