package kiosk

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"golang.org/x/crypto/argon2"
	"strconv"
	"strings"
	"time"
)

// PIN hashes are made where a PIN is set (the kiosk, central's roster
// import) and checked on the kiosk, so the format lives here.
//
// A PIN has a million values at most, so its hash must make each guess
// expensive: argon2id (golang.org/x/crypto) at OWASP's minimum of
// 19 MiB, 2 passes, 1 lane costs tens of milliseconds a guess, hours for
// every 6-digit PIN from a pulled hash (BenchmarkPINHash), and keeps a
// kiosk's PIN check well under 300 ms. The parameters are stored with
// each hash; hashes of the older PBKDF2 scheme still verify and are
// replaced at the next right entry (PINNeedsUpgrade).
const (
	pinMemoryKiB = 19 * 1024
	pinPasses    = 2
	pinLanes     = 1
	pinSaltLen   = 16
	pinKeyLen    = 32
	pinScheme    = "argon2id"
	legacyScheme = "pbkdf2-sha256"
	// Bounds on the parameters a hash may claim: a roster row is data
	// from elsewhere, and one asking for gigabytes must not stall the
	// kiosk.
	maxPINMemoryKiB = 256 * 1024
	maxPINPasses    = 10
)

// NewPINLen is the length of a PIN a student sets.
const NewPINLen = 6

var b64 = base64.RawStdEncoding

// Wrong-PIN throttling, per student, on every kiosk of the hall.
const (
	PINAttempts = 5
	PINLockout  = 15 * time.Minute
)

// HashPIN returns "argon2id$v=19$m=…,t=…,p=…$salt$key" for pin with a
// fresh random salt.
func HashPIN(pin string) (string, error) {
	salt := make([]byte, pinSaltLen)
	rand.Read(salt) // never fails since Go 1.24
	key := argon2.IDKey([]byte(strings.TrimSpace(pin)), salt, pinPasses, pinMemoryKiB, pinLanes, pinKeyLen)
	return fmt.Sprintf("%s$v=%d$m=%d,t=%d,p=%d$%s$%s", pinScheme, argon2.Version, pinMemoryKiB, pinPasses, pinLanes,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPIN reports whether pin matches a hash from HashPIN (or the
// older PBKDF2 scheme); a malformed hash, or one asking for more than
// the bounds, matches nothing.
func VerifyPIN(hash, pin string) bool {
	pin = strings.TrimSpace(pin)
	if strings.HasPrefix(hash, legacyScheme+"$") {
		return verifyLegacyPIN(hash, pin)
	}
	p, ok := parseArgon(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pin), p.salt, p.passes, p.memory, p.lanes, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(got, p.key) == 1
}

// PINNeedsUpgrade reports whether a hash is of the older scheme or
// weaker than today's parameters: after a right entry the kiosk hashes
// the PIN anew.
func PINNeedsUpgrade(hash string) bool {
	p, ok := parseArgon(hash)
	return !ok || p.memory < pinMemoryKiB || p.passes < pinPasses
}

// MemoryHardPIN reports whether hash is an argon2id hash at least as
// strong as HashPIN's: all central takes from a kiosk.
func MemoryHardPIN(hash string) bool {
	_, ok := parseArgon(hash)
	return ok && !PINNeedsUpgrade(hash)
}

type argonParams struct {
	memory, passes uint32
	lanes          uint8
	salt, key      []byte
}

func parseArgon(hash string) (argonParams, bool) {
	var p argonParams
	parts := strings.Split(hash, "$")
	if len(parts) != 5 || parts[0] != pinScheme || parts[1] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, false
	}
	var lanes uint32
	if _, err := fmt.Sscanf(parts[2], "m=%d,t=%d,p=%d", &p.memory, &p.passes, &lanes); err != nil {
		return p, false
	}
	var err1, err2 error
	p.salt, err1 = b64.DecodeString(parts[3])
	p.key, err2 = b64.DecodeString(parts[4])
	switch {
	case err1 != nil || err2 != nil || len(p.salt) < 8 || len(p.key) < 16 || len(p.key) > 64:
		return p, false
	case p.memory < 8 || p.memory > maxPINMemoryKiB || p.passes < 1 || p.passes > maxPINPasses || lanes < 1 || lanes > 4:
		return p, false
	}
	p.lanes = uint8(lanes)
	return p, true
}

// verifyLegacyPIN checks a "pbkdf2-sha256$iter$salt$key" hash.
func verifyLegacyPIN(hash, pin string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter <= 0 || iter > 1_000_000 {
		return false
	}
	salt, err1 := b64.DecodeString(parts[2])
	want, err2 := b64.DecodeString(parts[3])
	if err1 != nil || err2 != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, pin, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// CheckNewPIN refuses a PIN a student may not set: it must be
// NewPINLen digits, and not one digit repeated or a plain run up or
// down, the first a passer-by would try.
func CheckNewPIN(pin string) error {
	bad := Errorf(EINVALID, MsgErrNewPIN, "a new PIN needs %d digits, not a repeat or a run", NewPINLen).
		With(map[string]any{"Digits": NewPINLen})
	if len(pin) != NewPINLen {
		return bad
	}
	same, up, down := true, true, true
	for i := range len(pin) {
		if pin[i] < '0' || pin[i] > '9' {
			return bad
		}
		if i > 0 {
			same = same && pin[i] == pin[0]
			up = up && pin[i] == pin[i-1]+1
			down = down && pin[i] == pin[i-1]-1
		}
	}
	if same || up || down {
		return bad
	}
	return nil
}
