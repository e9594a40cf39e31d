package kiosk

import "time"

// Clock tells the time. Rules, the store and the syncer take one so that
// tests can drive time by hand instead of sleeping.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }
