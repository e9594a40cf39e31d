package ui

import "time"

// Phase is where the idle timer stands.
type Phase int

const (
	PhaseActive  Phase = iota // someone touched the screen recently
	PhaseWarning              // the countdown shows
	PhaseExpired              // time to go home and wipe the session
)

// Idle times out a session nobody is touching any more, so the next
// person never sees the previous one's screen.
type Idle struct {
	Last    time.Time     // the last touch or key
	Timeout time.Duration // no touch for this long → warning
	Warning time.Duration // warning shows this long → expired
}

// Touch records a touch at now.
func (i *Idle) Touch(now time.Time) { i.Last = now }

// Phase returns the phase at now and, while warning, the whole seconds
// left before expiry (rounded up, so the countdown never shows 0 while
// still waiting).
func (i Idle) Phase(now time.Time) (Phase, int) {
	idle := now.Sub(i.Last)
	switch {
	case idle < i.Timeout:
		return PhaseActive, 0
	case idle < i.Timeout+i.Warning:
		left := i.Timeout + i.Warning - idle
		return PhaseWarning, int((left + time.Second - 1) / time.Second)
	default:
		return PhaseExpired, 0
	}
}
