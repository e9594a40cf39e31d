package ui_test

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
)

// box returns where the named button is on screen.
func (r *rig) box(name string) (pos, end fyne.Position) {
	r.t.Helper()
	b := r.k.Button(name)
	if b == nil {
		r.t.Fatalf("no button %q on screen", name)
	}
	pos = r.app.Driver().AbsolutePositionForObject(b)
	return pos, pos.Add(fyne.NewPos(b.Size().Width, b.Size().Height))
}

// On a 1920×1080 screen the check-in items and the purposes fill the
// height with big buttons, and their rows line up across the columns,
// with or without the items' pager.
func TestCheckInFillsATallScreen(t *testing.T) {
	for _, tc := range []struct {
		name  string
		clock func(r *rig)
		items int
	}{
		{"three items", func(r *rig) { r.clock.Set(at(13, 0)) }, 3},
		{"with a pager", func(r *rig) {}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			today(r)
			tc.clock(r)
			r.scan(zhangCard)
			var lowest float32
			for i := range tc.items {
				pos, end := r.box(fmt.Sprintf("checkin.%d", i))
				if h := end.Y - pos.Y; h < 2*bigHeight {
					t.Errorf("checkin.%d is %v high; a tall screen has room for more", i, h)
				}
				lowest = max(lowest, end.Y)
			}
			for _, p := range kiosk.Purposes {
				pos, end := r.box("purpose." + string(p))
				if h := end.Y - pos.Y; h < 2*bigHeight {
					t.Errorf("purpose.%s is %v high; a tall screen has room for more", p, h)
				}
			}
			if r.has("checkin.next") {
				_, end := r.box("checkin.next")
				lowest = end.Y
			}
			if lowest < 0.85*1080 {
				t.Errorf("the lowest button ends at %v: the lower part of the screen stays empty", lowest)
			}
			for _, row := range [][2]string{{"checkin.0", "purpose.study"}, {"checkin.2", "purpose.other"}} {
				a, ae := r.box(row[0])
				b, be := r.box(row[1])
				if abs(a.Y-b.Y) > 1 || abs(ae.Y-be.Y) > 1 {
					t.Errorf("%s %v–%v and %s %v–%v do not line up", row[0], a.Y, ae.Y, row[1], b.Y, be.Y)
				}
			}
		})
	}
}

// bigHeight mirrors the ui package's big button height at scale 1.
const bigHeight = 104

func abs(x float32) float32 { return max(x, -x) }

// texts returns the canvas texts on screen that read exactly s.
func texts(o fyne.CanvasObject, s string) []*canvas.Text {
	var out []*canvas.Text
	switch w := o.(type) {
	case *canvas.Text:
		if w.Text == s {
			out = append(out, w)
		}
	case *fyne.Container:
		for _, c := range w.Objects {
			out = append(out, texts(c, s)...)
		}
	case *widget.Button, *widget.Label, *widget.RichText:
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			out = append(out, texts(c, s)...)
		}
	}
	return out
}

// The caption under a QR code keeps the phrases its translation gives,
// whole and unclipped, in large text as in normal, in both languages:
// no line of one character, none that starts with "、".
func TestQRCaptionKeepsItsPhrases(t *testing.T) {
	receipt := func(r *rig) {
		r.tap("tile.requests")
		r.scan(zhangCard)
		r.tap("reqcat.other")
		r.tap("keypad.ok")
		r.tap("preset.other.praise")
		r.tap("req.next")
		r.tap("contact.kiosk")
		r.tap("req.submit")
	}
	appointment := func(r *rig) {
		r.tap("tile.mentor")
		r.scan(zhangCard)
		r.tap("mentortype.leader")
		r.tap("mentor.m-chen")
		r.tap("mslot.0306.1000")
		r.tap("mentor.book")
	}
	for _, tc := range []struct {
		name    string
		en      bool
		goTo    func(*rig)
		phrases []string
	}{
		{"request zh", false, receipt, []string{"用手机扫码", "补充文字、照片", "随时查看进度"}},
		{"request en", true, receipt, []string{"Scan to add text", "and photos and", "follow progress"}},
		{"appointment zh", false, appointment, []string{"用手机扫码", "查看预约"}},
		{"appointment en", true, appointment, []string{"Scan to see it", "on your phone"}},
	} {
		for _, large := range []bool{false, true} {
			for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
				t.Run(fmt.Sprintf("%s/large=%v/%vx%v", tc.name, large, size.Width, size.Height), func(t *testing.T) {
					r := newRig(t)
					r.win.Resize(size)
					if large {
						r.tap("largetext")
					}
					if tc.en {
						r.tap("lang")
					}
					tc.goTo(r)
					for _, p := range tc.phrases {
						ts := texts(r.win.Canvas().Content(), p)
						if len(ts) != 1 {
							t.Fatalf("caption line %q shows %d times; screen shows:\n%s", p, len(ts), r.text())
						}
						pos := r.app.Driver().AbsolutePositionForObject(ts[0])
						if w, min := ts[0].Size().Width, ts[0].MinSize().Width; w < min-0.5 || pos.X < 0 || pos.X+min > size.Width+0.5 {
							t.Errorf("caption line %q is %v wide at %v, needs %v", p, w, pos, min)
						}
					}
				})
			}
		}
	}
}
