package ui

import (
	"strings"
	"time"
)

// Card readers and QR scanners are keyboard wedges: they type the value
// and then Enter. A pause longer than WedgeGap drops what came before it,
// so a stray key pressed earlier does not prefix the next scan.
const (
	WedgeGap = 2 * time.Second
	wedgeMax = 256 // runes; well over any valid credential (128 bytes)
)

// Wedge collects keyboard-wedge characters until Enter.
type Wedge struct {
	buf  []rune
	last time.Time
}

// Add appends r typed at now.
func (w *Wedge) Add(r rune, now time.Time) {
	if len(w.buf) > 0 && now.Sub(w.last) > WedgeGap {
		w.buf = w.buf[:0]
	}
	w.last = now
	if len(w.buf) < wedgeMax {
		w.buf = append(w.buf, r)
	}
}

// Enter, pressed at now, returns the collected value and empties the
// buffer; ok is false when there was nothing but blanks. A reader types
// its Enter right after the value: one pressed more than WedgeGap after
// the last key ends no scan, so a stray key and a later Enter on a
// keyboard are not taken for a card (found by FuzzWedge).
func (w *Wedge) Enter(now time.Time) (value string, ok bool) {
	if now.Sub(w.last) > WedgeGap {
		w.Reset()
	}
	value = strings.TrimSpace(string(w.buf))
	w.Reset()
	return value, value != ""
}

// Reset drops anything collected.
func (w *Wedge) Reset() { w.buf = w.buf[:0] }

// Len returns how many characters wait for Enter.
func (w *Wedge) Len() int { return len(w.buf) }
