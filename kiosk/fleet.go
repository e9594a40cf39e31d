package kiosk

import "time"

// KioskCommand is what the console asks of one kiosk (feed entity
// "kiosk_command", id the kiosk's id, in its hall's feed; issue 12). Each
// counter grows with every ask, so the kiosk acts once per ask: it
// remembers the counters it saw when it started, and an ask made while
// it was down needs no action (it synced and started fresh anyway).
type KioskCommand struct {
	Kiosk   string `json:"kiosk"`
	Sync    int64  `json:"sync"`    // sync now
	Restart int64  `json:"restart"` // restart at the next idle moment
}

// Kinds of ask.
const (
	AskSync    = "sync"
	AskRestart = "restart"
)

// Validate checks a command's fields.
func (c *KioskCommand) Validate() error {
	if c.Kiosk == "" || c.Sync < 0 || c.Restart < 0 {
		return invalidField("kiosk", "kiosk command %+v", *c)
	}
	return nil
}

// SettingRestartHour is the hour (hall time) of a kiosk's nightly
// restart at its next idle moment; 24 turns it off.
const SettingRestartHour = "kiosk.restart_hour"

// NightlyRestartDue reports whether a kiosk started at started has
// passed the nightly restart hour since (both in the hall's zone): it
// then restarts at its next idle moment. A kiosk started after the hour
// waits for the next night.
func NightlyRestartDue(started, now time.Time, hour int) bool {
	if hour < 0 || hour > 23 {
		return false
	}
	next := time.Date(started.Year(), started.Month(), started.Day(), hour, 0, 0, 0, started.Location())
	if !next.After(started) {
		next = next.AddDate(0, 0, 1)
	}
	return !now.Before(next)
}
