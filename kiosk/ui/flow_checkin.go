package ui

import (
	"context"

	"onestop/kiosk"
)

// OpenCheckIn shows the identify screen for a check-in.
func (f *Flow) OpenCheckIn() {
	f.S.Screen, f.S.Err = ScreenIdentify, nil
}

// Digit types a keypad digit; typing again also dismisses an error.
func (f *Flow) Digit(d rune) {
	f.S.Err = nil
	f.S.TypeDigit(d)
}

// Backspace removes the last typed digit.
func (f *Flow) Backspace() {
	f.S.Err = nil
	f.S.Backspace()
}

// ClearDigits removes every typed digit.
func (f *Flow) ClearDigits() {
	f.S.Err = nil
	f.S.ClearDigits()
}

// Retry dismisses the error; what was typed stays.
func (f *Flow) Retry() { f.S.Err = nil }

// SubmitNumber identifies by the typed student number.
func (f *Flow) SubmitNumber(ctx context.Context) {
	f.identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: f.S.Digits})
}

// Rune collects a keyboard-wedge character; it counts as a touch.
func (f *Flow) Rune(r rune) {
	f.Touch()
	f.Wedge.Add(r, f.now())
}

// Enter ends a keyboard-wedge value and identifies with it, from any
// screen: one scan on the home screen is a whole check-in. It reports
// whether there was a value.
func (f *Flow) Enter(ctx context.Context) bool {
	f.Touch()
	v, ok := f.Wedge.Enter()
	if ok {
		f.identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: v})
	}
	return ok
}

func (f *Flow) identify(ctx context.Context, c kiosk.Credential) {
	st, err := f.lookup(ctx, c)
	if err != nil {
		// Someone presented a credential: whoever was identified before
		// is no longer the person at the screen. Typed digits stay.
		f.S.Student, f.S.Strong, f.S.Pending, f.S.LastVisit = nil, false, nil, nil
		f.S.Screen = ScreenIdentify
		f.S.Fail(err)
		return
	}
	f.S.Identified(st, c.Strong())
}

func (f *Flow) lookup(ctx context.Context, c kiosk.Credential) (*kiosk.Student, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	st, err := f.d.Roster.Identify(ctx, c)
	if err == nil && st == nil {
		err = kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "roster returned no student")
	}
	return st, err
}

// Choose checks the identified student in with purpose p. On failure the
// error shows and the student stays on the purpose screen.
func (f *Flow) Choose(ctx context.Context, p kiosk.Purpose) {
	v := f.S.Pending
	if v == nil || v.Purpose != p || v.StudentKey != f.studentKey() {
		var err error
		v, err = kiosk.NewVisit(f.d.IDs, f.d.Clock, f.S.Student, f.Settings.HallID, p)
		if err != nil {
			f.S.Fail(err)
			return
		}
	}
	f.S.Pending = v
	if err := f.d.Visits.CheckInVisit(ctx, v); err != nil {
		f.S.Fail(err)
		return
	}
	f.S.CheckedIn(v)
}

func (f *Flow) studentKey() string {
	if f.S.Student == nil {
		return ""
	}
	return f.S.Student.Key
}
