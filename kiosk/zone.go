package kiosk

import (
	"strings"
	"time"
	// Kiosks on Windows and slim servers have no zoneinfo of their own;
	// the hall's zone must load everywhere.
	_ "time/tzdata"
)

// DefaultZone is the hall time zone when an admin has set none.
const DefaultZone = "Asia/Shanghai"

var defaultLoc = mustZone(DefaultZone)

func mustZone(name string) *time.Location {
	loc, err := LoadZone(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// LoadZone returns the IANA zone name, refusing "" and "Local": a hall's
// days must never depend on the zone a process happens to run in.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" {
		return nil, Errorf(EINVALID, MsgErrInternal, "time zone %q is not an IANA zone name", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, Errorf(EINVALID, MsgErrInternal, "time zone %q: %v", name, err)
	}
	return loc, nil
}

// DefaultLocation is DefaultZone loaded.
func DefaultLocation() *time.Location { return defaultLoc }

// zoneOr returns loc, or the default zone for rules built without one.
func zoneOr(loc *time.Location) *time.Location {
	if loc == nil {
		return defaultLoc
	}
	return loc
}
