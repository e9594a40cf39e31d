package ui_test

import (
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/ui"
)

// These tests drive the plain-Go state with no Fyne app at all.

func TestSessionDigits(t *testing.T) {
	s := ui.NewSession(kiosk.LangZh)
	for _, r := range "12a3" {
		s.TypeDigit(r)
	}
	if s.Digits != "123" {
		t.Fatalf("digits = %q, want 123 (letters ignored)", s.Digits)
	}
	s.Backspace()
	if s.Digits != "12" {
		t.Fatalf("after backspace %q", s.Digits)
	}
	s.ClearDigits()
	s.Backspace() // on empty: no panic, nothing happens
	if s.Digits != "" {
		t.Fatalf("after clear %q", s.Digits)
	}
	for i := 0; i < kiosk.MaxStudentNumberLen+5; i++ {
		s.TypeDigit('9')
	}
	if len(s.Digits) != kiosk.MaxStudentNumberLen {
		t.Fatalf("typed %d digits, want the cap %d", len(s.Digits), kiosk.MaxStudentNumberLen)
	}
}

func TestSessionWipeKeepsPreferencesOnly(t *testing.T) {
	s := ui.NewSession(kiosk.LangEn)
	s.Large = true
	s.Digits = "2023"
	s.Fail(kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "x"))
	s.Identified(&kiosk.Student{Key: "k", MaskedName: "张*华"}, true)
	s.CheckedIn(&kiosk.Visit{ID: "v"})
	s.Goal, s.PINOK = ui.GoalMentor, true
	s.PIN.Digits = "12"
	s.Rejections = []kiosk.Rejection{{Seq: 1}}
	s.Room.Booked = &kiosk.Booking{ID: "b"}
	s.Mentor.Mine = []kiosk.Appointment{{ID: "a"}}
	s.Req.Presets = []string{"repair.light"}
	s.Records.Rows = []ui.RecordRow{{Kind: "RecordVisit"}}
	s.Wipe()
	if s.Personal() || s.Screen != ui.ScreenHome || s.Lang != kiosk.LangEn || !s.Large || s.Goal != ui.GoalCheckIn {
		t.Fatalf("after wipe: %+v", s)
	}
}

// Personal covers every part of the session, including flow state added
// later: anything but the screen, goal and display preferences counts.
func TestSessionPersonal(t *testing.T) {
	for name, set := range map[string]func(*ui.Session){
		"pin digits":  func(s *ui.Session) { s.PIN.Digits = "1" },
		"room choice": func(s *ui.Session) { s.Room.Slots = 2 },
		"mentor":      func(s *ui.Session) { s.Mentor.Week = 1 },
		"request":     func(s *ui.Session) { s.Req.Floor = 3 },
		"records":     func(s *ui.Session) { s.Records.Page = 1 },
		"notice":      func(s *ui.Session) { s.Notice = &ui.Message{ID: "x"} },
	} {
		s := ui.NewSession(kiosk.LangZh)
		s.Screen, s.Goal = ui.ScreenIdentify, ui.GoalRooms
		if s.Personal() {
			t.Fatalf("%s: a fresh session on a flow's identify screen is not personal", name)
		}
		set(&s)
		if !s.Personal() {
			t.Errorf("%s: not counted as personal", name)
		}
	}
}

func TestMessageFor(t *testing.T) {
	m := ui.MessageFor(kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInvalidNumber, "short"))
	if m.ID != kiosk.MsgErrInvalidNumber {
		t.Errorf("id = %s", m.ID)
	}
	if m := ui.MessageFor(errString("boom")); m.ID != kiosk.MsgErrInternal {
		t.Errorf("plain error id = %s, want the generic message", m.ID)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestIdlePhases(t *testing.T) {
	t0 := start
	i := ui.Idle{Timeout: 60 * time.Second, Warning: 15 * time.Second}
	i.Touch(t0)
	for _, tc := range []struct {
		after time.Duration
		phase ui.Phase
		left  int
	}{
		{0, ui.PhaseActive, 0},
		{59 * time.Second, ui.PhaseActive, 0},
		{60 * time.Second, ui.PhaseWarning, 15},
		{60*time.Second + 500*time.Millisecond, ui.PhaseWarning, 15},
		{61 * time.Second, ui.PhaseWarning, 14},
		{74*time.Second + 1, ui.PhaseWarning, 1},
		{75 * time.Second, ui.PhaseExpired, 0},
		{time.Hour, ui.PhaseExpired, 0},
		{-time.Minute, ui.PhaseActive, 0}, // clock stepped back
	} {
		p, left := i.Phase(t0.Add(tc.after))
		if p != tc.phase || left != tc.left {
			t.Errorf("after %v: phase %v left %d, want %v %d", tc.after, p, left, tc.phase, tc.left)
		}
	}
}

func TestWedge(t *testing.T) {
	var w ui.Wedge
	if _, ok := w.Enter(start); ok {
		t.Fatal("empty wedge entered a value")
	}
	for _, r := range " CARD-1 " {
		w.Add(r, start)
	}
	if v, ok := w.Enter(start); !ok || v != "CARD-1" {
		t.Fatalf("enter = %q %v", v, ok)
	}
	if w.Len() != 0 {
		t.Fatal("buffer not emptied by Enter")
	}
	w.Add('x', start)
	w.Add('A', start.Add(ui.WedgeGap+time.Millisecond)) // stale 'x' is dropped
	w.Add('B', start.Add(ui.WedgeGap+2*time.Millisecond))
	if v, _ := w.Enter(start.Add(ui.WedgeGap + 3*time.Millisecond)); v != "AB" {
		t.Fatalf("after a pause got %q, want AB", v)
	}
	for i := 0; i < 1000; i++ {
		w.Add('9', start)
	}
	if v, _ := w.Enter(start); len(v) > 256 || !strings.HasPrefix(v, "999") {
		t.Fatalf("overlong scan kept %d runes", len(v))
	}
	// A stray key, and an Enter long after it, make no scan.
	w.Add('7', start)
	if v, ok := w.Enter(start.Add(ui.WedgeGap + time.Second)); ok {
		t.Fatalf("a late Enter scanned %q", v)
	}
}

func TestNewsRotation(t *testing.T) {
	a := func(id string) kiosk.Announcement { return kiosk.Announcement{ID: id} }
	var n ui.News
	if _, ok := n.Current(); ok {
		t.Fatal("current with no announcements")
	}
	n.Advance(start) // no panic on empty
	if !n.Set([]kiosk.Announcement{a("x"), a("y"), a("z")}, start) {
		t.Fatal("Set reported no change")
	}
	if n.Set([]kiosk.Announcement{a("x"), a("y"), a("z")}, start) {
		t.Fatal("same list reported as a change")
	}
	n.Next(start)
	if c, _ := n.Current(); c.ID != "y" {
		t.Fatalf("after next: %s", c.ID)
	}
	// A refreshed list keeps the announcement on screen in place.
	n.Set([]kiosk.Announcement{a("new"), a("x"), a("y")}, start)
	if c, _ := n.Current(); c.ID != "y" {
		t.Fatalf("after refresh: %s", c.ID)
	}
	if n.Advance(start.Add(ui.NewsEvery - time.Second)) {
		t.Fatal("advanced too early")
	}
	if !n.Advance(start.Add(ui.NewsEvery)) {
		t.Fatal("did not advance")
	}
	if c, _ := n.Current(); c.ID != "new" {
		t.Fatalf("wrap-around: %s", c.ID)
	}
	n.Prev(start)
	if c, _ := n.Current(); c.ID != "y" {
		t.Fatalf("prev wraps: %s", c.ID)
	}
}
