package ui_test

import (
	"fmt"
	"sort"
	"testing"

	"fyne.io/fyne/v2"
)

// Screens the layout check visits, each reached the way a student would.
var screens = []struct {
	name string
	goTo func(r *rig)
}{
	{"home", func(r *rig) {}},
	{"identify+error", func(r *rig) {
		r.tap("tile.checkin")
		r.keypad("99999999999999999999")
		r.tap("keypad.ok")
	}},
	{"purpose", func(r *rig) { r.scan(zhangCard) }},
	{"done", func(r *rig) {
		r.scan(zhangCard)
		r.tap("purpose.study")
	}},
	{"idle", func(r *rig) {
		r.tap("tile.checkin")
		r.advance(settings().IdleTimeout)
	}},
}

// TestLayoutFits checks at the two target resolutions, in normal and
// large mode and in both languages, that every screen's minimum size fits
// the window, that named buttons are big enough to tap and do not overlap.
func TestLayoutFits(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
		for _, large := range []bool{false, true} {
			for _, en := range []bool{false, true} {
				for _, sc := range screens {
					name := fmt.Sprintf("%vx%v/large=%v/en=%v/%s", size.Width, size.Height, large, en, sc.name)
					t.Run(name, func(t *testing.T) {
						r := newRig(t, announcements)
						r.win.Resize(size)
						if large {
							r.tap("largetext")
						}
						if en {
							r.tap("lang")
						}
						sc.goTo(r)
						checkLayout(t, r, size)
					})
				}
			}
		}
	}
}

func checkLayout(t *testing.T, r *rig, size fyne.Size) {
	t.Helper()
	if min := r.win.Canvas().Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
		t.Errorf("content needs %v, window is %v", min, size)
	}
	type box struct {
		name     string
		pos, end fyne.Position
	}
	var boxes []box
	d := r.app.Driver()
	names := r.buttonNames()
	for _, n := range names {
		b := r.k.Button(n)
		p := d.AbsolutePositionForObject(b)
		s := b.Size()
		if s.Height < 48 || s.Width < 48 {
			t.Errorf("%s is %v, smaller than a 48 px tap target", n, s)
		}
		end := p.Add(fyne.NewPos(s.Width, s.Height))
		if p.X < 0 || p.Y < 0 || end.X > size.Width+0.5 || end.Y > size.Height+0.5 {
			t.Errorf("%s at %v–%v is outside the %v window", n, p, end, size)
		}
		if n != "idle.continue" { // the idle card covers the screen on purpose
			boxes = append(boxes, box{n, p, end})
		}
	}
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			if a.pos.X < b.end.X-0.5 && b.pos.X < a.end.X-0.5 && a.pos.Y < b.end.Y-0.5 && b.pos.Y < a.end.Y-0.5 {
				t.Errorf("%s %v–%v overlaps %s %v–%v", a.name, a.pos, a.end, b.name, b.pos, b.end)
			}
		}
	}
}

// buttonNames lists the named buttons on screen by probing the names the
// kiosk uses.
func (r *rig) buttonNames() []string {
	cands := []string{"lang", "largetext", "home", "tile.checkin", "tile.mentor", "tile.rooms", "tile.requests",
		"tile.records", "news.prev", "news.next", "keypad.clear", "keypad.back", "keypad.ok", "error.retry",
		"error.home", "done", "idle.continue"}
	for i := 0; i < 10; i++ {
		cands = append(cands, fmt.Sprintf("keypad.%d", i))
	}
	for _, p := range []string{"study", "consult", "service", "event", "other"} {
		cands = append(cands, "purpose."+p)
	}
	var out []string
	for _, n := range cands {
		if b := r.k.Button(n); b != nil {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
