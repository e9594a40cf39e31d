package ui_test

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/ui"
)

// Fixtures: 张三华 lives in building 3, floor 5 and has a campus card.
const (
	zhangNumber = "2023010112"
	zhangCard   = "CARD-0042"
	zhangMasked = "张*华"
	hallID      = "hall-east"
)

// start is a Wednesday afternoon in Beijing time.
var start = time.Date(2025, 3, 5, 14, 5, 0, 0, time.FixedZone("CST", 8*3600))

var buildings = []kiosk.Building{
	{ID: "b3", Name: kiosk.LocalName{Zh: "3号楼", En: "Building 3"}, Floors: 6},
	{ID: "b5", Name: kiosk.LocalName{Zh: "5号楼", En: "Building 5"}, Floors: 12},
}

func roster() *kiosktest.Roster {
	return kiosktest.NewRoster(buildings,
		kiosk.RosterEntry{Number: zhangNumber, CardID: zhangCard, Name: "张三华", BuildingID: "b3", Floor: 5},
		kiosk.RosterEntry{Number: "2023020234", Name: "欧阳娜娜", BuildingID: "b3", Floor: 2},
	)
}

func settings() kiosk.Settings {
	s := kiosk.DefaultSettings()
	s.HallID = hallID
	return s
}

// fakes are the services of one kiosk, over one fake clock.
type fakes struct {
	clock   *kiosktest.Clock
	roster  *kiosktest.Roster
	visits  *kiosktest.Visits
	hall    *kiosktest.Hall
	appts   *kiosktest.Appointments
	rooms   *kiosktest.Rooms
	events  *kiosktest.Events
	reqs    *kiosktest.Requests
	records *kiosktest.Records
}

// newFakes returns the services with the fixture campus: buildings,
// rooms and mentors with a fortnight of slots; no bookings, appointments,
// events or requests yet.
func newFakes() *fakes {
	// One state behind every service, whose roster decides who may act,
	// as in the store.
	all := kiosktest.New(kiosktest.NewClock(start), roster())
	fk := &fakes{clock: all.Clock, roster: all.Roster, visits: all.Visits, hall: all.Hall, appts: all.Appointments,
		rooms: all.Rooms, events: all.Events, reqs: all.Requests, records: all.Records}
	fk.hall.SetSettings(settings())
	fk.hall.SetBuildings(buildings...)
	for _, m := range mentors {
		fk.appts.AddMentor(m, mentorSlots(m.ID)...)
	}
	fk.rooms.AddRooms(rooms...)
	return fk
}

func (fk *fakes) deps() ui.Deps {
	return ui.Deps{Roster: fk.roster, Visits: fk.visits, Hall: fk.hall, Clock: fk.clock,
		Appointments: fk.appts, Rooms: fk.rooms, Events: fk.events, Requests: fk.reqs, Records: fk.records}
}

// rig is one kiosk in a headless test window with fake services.
type rig struct {
	*fakes
	t   testing.TB
	app fyne.App
	win fyne.Window
	k   *ui.Kiosk
}

// newRig starts a kiosk at 1920×1080; setup may adjust the hall first.
func newRig(t testing.TB, setup ...func(*kiosktest.Hall)) *rig {
	t.Helper()
	r := &rig{t: t, app: test.NewTempApp(t), fakes: newFakes()}
	for _, f := range setup {
		f(r.hall)
	}
	r.win = test.NewTempWindow(t, nil)
	k, err := ui.New(r.app, r.win, r.deps())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	r.k = k
	r.win.Resize(fyne.NewSize(1920, 1080))
	return r
}

// tap taps the named button, failing if it is missing or disabled.
func (r *rig) tap(name string) {
	r.t.Helper()
	b := r.k.Button(name)
	if b == nil {
		r.t.Fatalf("no button %q on screen; screen shows:\n%s", name, r.text())
	}
	if b.Disabled() {
		r.t.Fatalf("button %q is disabled", name)
	}
	test.Tap(b)
}

// keypad taps the keypad keys for digits.
func (r *rig) keypad(digits string) {
	r.t.Helper()
	for _, d := range digits {
		r.tap("keypad." + string(d))
	}
}

// scan types value and Enter onto the canvas with nothing focused, the
// way a card reader or QR scanner in keyboard-wedge mode does.
func (r *rig) scan(value string) {
	r.t.Helper()
	c := r.win.Canvas()
	test.TypeOnCanvas(c, value)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// advance moves the fake clock and lets the kiosk catch up.
func (r *rig) advance(d time.Duration) {
	r.t.Helper()
	r.clock.Advance(d)
	r.k.Tick()
}

// text returns every visible text on the canvas, one per line.
func (r *rig) text() string {
	var out []string
	collect(r.win.Canvas().Content(), &out)
	return strings.Join(out, "\n")
}

func collect(o fyne.CanvasObject, out *[]string) {
	if o == nil || !o.Visible() {
		return
	}
	switch w := o.(type) {
	case *widget.Label:
		*out = append(*out, w.Text)
	case *widget.Button:
		if w.Text != "" {
			*out = append(*out, w.Text)
		}
	case *widget.RichText:
		for _, seg := range w.Segments {
			*out = append(*out, seg.Textual())
		}
	case *canvas.Text:
		*out = append(*out, w.Text)
	case *fyne.Container:
		for _, c := range w.Objects {
			collect(c, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			collect(c, out)
		}
	}
}

// shows fails unless every want is somewhere in the rendered text.
func (r *rig) shows(want ...string) {
	r.t.Helper()
	got := r.text()
	for _, w := range want {
		if !strings.Contains(got, w) {
			r.t.Errorf("screen does not show %q; it shows:\n%s", w, got)
		}
	}
}

// hides fails if any of unwanted is in the rendered text.
func (r *rig) hides(unwanted ...string) {
	r.t.Helper()
	got := r.text()
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			r.t.Errorf("screen shows %q but should not; it shows:\n%s", w, got)
		}
	}
}

// line reports whether some rendered text is exactly s, for short texts
// such as typed digits that would otherwise match inside longer ones.
func (r *rig) line(s string) bool {
	for _, l := range strings.Split(r.text(), "\n") {
		if l == s {
			return true
		}
	}
	return false
}

// has reports whether the named button is on screen.
func (r *rig) has(name string) bool { return r.k.Button(name) != nil }
