package central

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"onestop/kiosk"
)

// RosterImportStore serves the console's roster import: a hall's roster
// as it stands, to preview a file against, and the previewed change
// applied as one.
type RosterImportStore interface {
	// HallRoster lists the students on the hall's roster by key.
	HallRoster(ctx context.Context, hallID string) ([]Student, error)
	// StudentHalls returns the hall of each of keys on some hall's
	// roster; keys on none are left out.
	StudentHalls(ctx context.Context, keys []string) (map[string]string, error)
	// CardHalls returns the hall of the student holding each of cardKeys;
	// cards nobody holds are left out.
	CardHalls(ctx context.Context, cardKeys []string) (map[string]string, error)
	// ApplyRoster makes the change in one transaction, with one audit
	// entry for it all, if the hall's roster is still the one the change
	// was computed from (ErrRosterChanged otherwise, and nothing is
	// written); a new student who joined another hall's roster
	// meanwhile is ErrRosterChanged too. A changed student keeps the
	// PIN set on a kiosk.
	ApplyRoster(ctx context.Context, hallID string, c RosterChange) error
	// PutRosterPreview keeps a preview until it expires, in place of the
	// admin's earlier preview for the same hall.
	PutRosterPreview(ctx context.Context, p RosterPreview) error
	// TakeRosterPreview removes and returns the admin's unexpired
	// preview of the token hash; ENOTFOUND for none (another admin's
	// stays where it is).
	TakeRosterPreview(ctx context.Context, tokenHash, admin string) (RosterPreview, error)
}

// RosterPreview is a roster import waiting for its confirmation; Data
// is the console's own (hashes and masked names only, never a plain
// student number).
type RosterPreview struct {
	TokenHash string
	Admin     string
	HallID    string
	Expires   time.Time
	Data      []byte
}

// ErrRosterChanged refuses a roster change computed from a roster that
// is no longer the hall's: the admin previews the file again.
var ErrRosterChanged = kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "the hall's roster changed since the preview")

// RosterChange is what an import does to a hall's roster.
type RosterChange struct {
	// Basis is RosterFingerprint of the roster the change was computed
	// from.
	Basis   string
	New     []Student
	Changed []Student
	Removed []string // keys
	File    string   // the uploaded file's name, for the audit log
}

// RosterFingerprint identifies a roster's content as an import sees it:
// PINs and their locks, which kiosks change, are not part of it.
func RosterFingerprint(ss []Student) string {
	lines := make([]string, len(ss))
	for i, s := range ss {
		lines[i] = rosterLine(s)
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rosterLine is what an import sets of a student, as one line.
func rosterLine(s Student) string {
	roles := s.Roles
	if len(roles) == 0 {
		roles = []string{kiosk.RoleStudent}
	}
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%d\x00%s\n", s.Key, s.CardKey, s.MaskedName, s.BuildingID, s.Floor, strings.Join(roles, ","))
}

// DiffRoster is the change that makes current (a hall's roster) into
// next (a file's students, already hashed): who is new, who changed,
// and who is removed. Keys in keep (students of rejected lines) are
// left as they are rather than removed.
func DiffRoster(current, next []Student, keep map[string]bool) RosterChange {
	c := RosterChange{Basis: RosterFingerprint(current)}
	old := make(map[string]Student, len(current))
	for _, s := range current {
		old[s.Key] = s
	}
	inFile := make(map[string]bool, len(next))
	for _, s := range next {
		inFile[s.Key] = true
		o, ok := old[s.Key]
		switch {
		case !ok:
			c.New = append(c.New, s)
		case rosterLine(o) != rosterLine(s):
			c.Changed = append(c.Changed, s)
		}
	}
	for _, s := range current {
		if !inFile[s.Key] && !keep[s.Key] {
			c.Removed = append(c.Removed, s.Key)
		}
	}
	return c
}
