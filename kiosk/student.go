package kiosk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// CredentialKind says how a student identified, which decides what they
// may see: a typed number alone never unlocks personal details.
type CredentialKind string

const (
	// CredScan is a campus card on the reader or a QR code on the scanner;
	// both arrive as keyboard-wedge input and count as strong.
	CredScan CredentialKind = "scan"
	// CredNumber is a student number typed on the on-screen keypad.
	CredNumber CredentialKind = "number"
)

// Credential is what a student presented at the kiosk. It is plain text
// and lives only in memory for the length of one lookup.
type Credential struct {
	Kind  CredentialKind
	Value string
}

// Strong reports whether the credential proves possession (card or QR)
// rather than knowledge of a number anyone could type.
func (c Credential) Strong() bool { return c.Kind == CredScan }

// Validate checks the shape of the credential before any lookup.
func (c Credential) Validate() error {
	v := strings.TrimSpace(c.Value)
	switch c.Kind {
	case CredNumber:
		if !IsStudentNumber(v) {
			return Errorf(EINVALID, MsgErrInvalidNumber, "student number must be %d to %d digits", MinStudentNumberLen, MaxStudentNumberLen)
		}
	case CredScan:
		if v == "" || len(v) > 128 {
			return Errorf(EINVALID, MsgErrInvalidNumber, "scanned value has %d bytes", len(v))
		}
	default:
		return Errorf(EINVALID, MsgErrInvalidNumber, "unknown credential kind %q", c.Kind)
	}
	return nil
}

// Student number length bounds; campus numbers are 8–12 digits in
// practice, the bounds leave room for other schemes.
const (
	MinStudentNumberLen = 4
	MaxStudentNumberLen = 20
)

// IsStudentNumber reports whether s is all digits and of a plausible length.
func IsStudentNumber(s string) bool {
	if len(s) < MinStudentNumberLen || len(s) > MaxStudentNumberLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Hash kinds keep a card id and a student number with the same digits
// from ever hashing alike.
const (
	HashStudentNumber = "student_number"
	HashCard          = "card"
)

// HashIdentifier returns the salted hash under which the kiosk and the
// central server store an identifier. The salt is campus-wide so that both
// sides compute the same key; the plain value is never stored.
func HashIdentifier(salt []byte, kind, value string) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(strings.TrimSpace(value)))
	return hex.EncodeToString(m.Sum(nil))
}

// MaskName hides the middle of a name the way Chinese public notices do:
// 张三华 → 张*华, 欧阳娜娜 → 欧**娜, 张华 → 张*. Latin names keep each
// word's first letter: "Li Hua" → "L* H*".
func MaskName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if strings.ContainsRune(name, ' ') {
		words := strings.Fields(name)
		for i, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			words[i] = string(r) + "*"
		}
		return strings.Join(words, " ")
	}
	rs := []rune(name)
	switch len(rs) {
	case 1:
		return "*"
	case 2:
		return string(rs[0]) + "*"
	default:
		return string(rs[0]) + strings.Repeat("*", len(rs)-2) + string(rs[len(rs)-1])
	}
}

// Role names a student may hold in the roster.
const (
	RoleStudent   = "student"
	RoleVolunteer = "volunteer"
)

// Student is a roster entry as the kiosk keeps it: a key derived from the
// student number, a masked name and where they live. Nothing in it
// identifies the student to someone reading the kiosk's disk.
type Student struct {
	Key          string // HashIdentifier(salt, HashStudentNumber, number)
	MaskedName   string // MaskName(name)
	BuildingID   string
	BuildingName LocalName // resolved from BuildingID
	Floor        int
	Roles        []string
}

// HasRole reports whether the student holds role.
func (s *Student) HasRole(role string) bool {
	for _, r := range s.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// RosterEntry is one student as an import or the demo provides it, with
// plain identifiers. The store hashes and masks them on the way in and
// keeps none of the plain values.
type RosterEntry struct {
	Number     string
	CardID     string
	Name       string
	BuildingID string
	Floor      int
	Roles      []string
	PIN        string // optional; issue-3 flows unlock details with it
}

// Validate checks an entry before it is stored.
func (e RosterEntry) Validate() error {
	if !IsStudentNumber(e.Number) {
		return Errorf(EINVALID, MsgErrInvalidNumber, "roster entry has invalid student number")
	}
	if strings.TrimSpace(e.Name) == "" {
		return Errorf(EINVALID, MsgErrInvalidNumber, "roster entry %s has no name", MaskName(e.Number))
	}
	return nil
}
