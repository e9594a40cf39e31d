package ui_test

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onestop/kiosk/ui"
)

func TestNewRejectsMissingDeps(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	if _, err := ui.New(a, w, ui.Deps{}); err == nil {
		t.Fatal("New accepted empty Deps")
	}
}

func TestNewRejectsEachMissingService(t *testing.T) {
	a := test.NewTempApp(t)
	for name, drop := range map[string]func(*ui.Deps){
		"Appointments": func(d *ui.Deps) { d.Appointments = nil },
		"Rooms":        func(d *ui.Deps) { d.Rooms = nil },
		"Events":       func(d *ui.Deps) { d.Events = nil },
		"Requests":     func(d *ui.Deps) { d.Requests = nil },
		"Records":      func(d *ui.Deps) { d.Records = nil },
		"Roster":       func(d *ui.Deps) { d.Roster = nil },
		"Clock":        func(d *ui.Deps) { d.Clock = nil },
	} {
		d := newFakes().deps()
		drop(&d)
		if _, err := ui.New(a, test.NewTempWindow(t, nil), d); err == nil {
			t.Errorf("New accepted Deps without %s", name)
		}
	}
	if _, err := ui.New(a, test.NewTempWindow(t, nil), newFakes().deps()); err != nil {
		t.Fatalf("complete Deps: %v", err)
	}
}

// Run only starts the ticker goroutine; with a done context it must
// return at once and the goroutine must end without touching widgets.
func TestRunReturnsImmediately(t *testing.T) {
	r := newRig(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r.k.Run(ctx)
	r.shows("签到")
}

var keyEnter = fyne.KeyEvent{Name: fyne.KeyEnter}

// The keypad Enter key with nothing scanned does nothing.
func TestEnterWithoutScanIsHarmless(t *testing.T) {
	r := newRig(t)
	r.tap("tile.checkin")
	r.keypad("2023")
	r.win.Canvas().OnTypedKey()(&keyEnter)
	if !r.line("2023") {
		t.Fatal("a bare Enter lost the typed digits")
	}
	if calls := r.roster.Calls(); len(calls) != 0 {
		t.Fatalf("a bare Enter looked someone up: %v", calls)
	}
}
