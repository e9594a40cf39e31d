package kiosk

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PIN hashes are made by whoever imports the roster (central, or the
// kiosk demo) and checked on the kiosk, so the format lives here.
//
// pinIterations is deliberately low: a PIN has at most a million values,
// so no iteration count stops an offline search; the hash only keeps PINs
// from being read off the disk, and a 50,000-student import with PINs
// must still take seconds. The count is stored with each hash so it can
// be raised without invalidating old ones.
const (
	pinIterations = 200
	pinSaltLen    = 16
	pinKeyLen     = 32
	pinScheme     = "pbkdf2-sha256"
)

var b64 = base64.RawStdEncoding

// Wrong-PIN throttling the kiosk applies per student.
const (
	PINAttempts = 5
	PINLockout  = 15 * time.Minute
)

// HashPIN returns "pbkdf2-sha256$iter$salt$key" for pin with a fresh
// random salt.
func HashPIN(pin string) (string, error) {
	salt := make([]byte, pinSaltLen)
	rand.Read(salt) // never fails since Go 1.24
	key, err := pbkdf2.Key(sha256.New, strings.TrimSpace(pin), salt, pinIterations, pinKeyLen)
	if err != nil {
		return "", fmt.Errorf("hash pin: %w", err)
	}
	return fmt.Sprintf("%s$%d$%s$%s", pinScheme, pinIterations, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPIN reports whether pin matches a hash from HashPIN; a malformed
// hash matches nothing.
func VerifyPIN(hash, pin string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != pinScheme {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter <= 0 {
		return false
	}
	salt, err1 := b64.DecodeString(parts[2])
	want, err2 := b64.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, strings.TrimSpace(pin), salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}
