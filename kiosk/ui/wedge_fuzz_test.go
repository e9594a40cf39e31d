package ui_test

import (
	"strings"
	"testing"
	"time"

	"onestop/kiosk/ui"
)

// FuzzWedge types what a card reader, a QR scanner or a passer-by may
// send into the keyboard-wedge capture. keys is the stream: '\n' is the
// Enter key and '\x1b' going home (the session's end resets the
// buffer), every other rune is typed as is. pauses[i] is how long,
// in tenths of a second, the kiosk waited before key i (none past its
// end). Every Enter must give what was typed since the last Enter, reset
// or pause over WedgeGap between two typed runes, trimmed and cut at the
// buffer's bound.
func FuzzWedge(f *testing.F) {
	f.Add(" CARD-1 \n", []byte{})
	f.Add("x\nAB\n", []byte{0, 0, 21})
	f.Add("xAB\n", []byte{0, 21, 0, 0})
	f.Add("stale\x1bfresh\n", []byte{})
	f.Add(strings.Repeat("9", 300)+"\n", []byte{})
	f.Add("学号2024\xff\n\n \t\n", []byte{20, 20, 20, 21})
	f.Fuzz(func(t *testing.T, keys string, pauses []byte) {
		const bound = 256 // runes: well over any valid credential
		var (
			w       ui.Wedge
			typed   []rune // what the wedge should hold
			now     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			lastKey time.Time // when the last rune was typed
		)
		for i, r := range []rune(keys) {
			if i < len(pauses) {
				now = now.Add(time.Duration(pauses[i]) * 100 * time.Millisecond)
			}
			switch r {
			case '\n':
				if now.Sub(lastKey) > ui.WedgeGap {
					typed = typed[:0] // an Enter long after the keys is no scan
				}
				want := strings.TrimSpace(string(typed))
				v, ok := w.Enter(now)
				if v != want || ok != (want != "") {
					t.Fatalf("Enter after %q = %q %v, want %q", string(typed), v, ok, want)
				}
				if n := len([]rune(v)); n > bound {
					t.Fatalf("Enter gave %d runes", n)
				}
				typed = typed[:0]
			case '\x1b':
				w.Reset()
				typed = typed[:0]
			default:
				if now.Sub(lastKey) > ui.WedgeGap {
					typed = typed[:0] // a stray key from before the pause
				}
				lastKey = now
				w.Add(r, now)
				if len(typed) < bound {
					typed = append(typed, r)
				}
			}
			if w.Len() != len(typed) {
				t.Fatalf("wedge holds %d runes, want %d (%q)", w.Len(), len(typed), string(typed))
			}
		}
	})
}
