package ui

import (
	"context"

	"onestop/kiosk"
)

// Unlock names an action that needs strong identification: details of
// a booking or request, or a cancel (DESIGN.md: a typed number alone
// never unlocks them).
type Unlock int

const (
	UnlockNone Unlock = iota
	UnlockCancelAppointment
	UnlockRequestDetail
	UnlockCancelBooking
)

// MaxPINLen caps the PIN a keypad accepts.
const MaxPINLen = 12

// PINPrompt is the PIN screen's state: what was typed, the action that
// waits for it and the screen to go back to.
type PINPrompt struct {
	Digits string
	For    Unlock
	ID     string // the appointment, booking or request the action is about
	Back   Screen
}

// unlock runs the action at once for a card or QR identification or a
// PIN verified earlier in the session; otherwise it asks for the PIN.
func (f *Flow) unlock(ctx context.Context, u Unlock, id string) {
	f.S.clearMessages()
	if f.S.Strong || f.S.PINOK {
		f.runUnlock(ctx, u, id)
		return
	}
	f.S.PIN = PINPrompt{For: u, ID: id, Back: f.S.Screen}
	f.S.Screen = ScreenPIN
}

func (f *Flow) runUnlock(ctx context.Context, u Unlock, id string) {
	switch u {
	case UnlockCancelAppointment:
		f.askCancel(id)
	case UnlockRequestDetail:
		f.showRequest(ctx, id)
	case UnlockCancelBooking:
		f.askCancelBooking(id)
	}
}

// PINDigit types a PIN digit.
func (f *Flow) PINDigit(d rune) {
	f.S.Err = nil
	typeDigit(&f.S.PIN.Digits, d, MaxPINLen)
}

// PINBackspace removes the last PIN digit.
func (f *Flow) PINBackspace() {
	f.S.Err = nil
	backspace(&f.S.PIN.Digits)
}

// typeDigit appends digit d to a PIN being typed, up to max digits.
func typeDigit(digits *string, d rune, max int) {
	if d >= '0' && d <= '9' && len(*digits) < max {
		*digits += string(d)
	}
}

// backspace removes the last digit of a PIN being typed.
func backspace(digits *string) {
	if n := len(*digits); n > 0 {
		*digits = (*digits)[:n-1]
	}
}

// PINClear removes every PIN digit.
func (f *Flow) PINClear() {
	f.S.Err = nil
	f.S.PIN.Digits = ""
}

// SubmitPIN checks the typed PIN. A wrong one shows ErrWrongPIN and
// keeps the digits, so a slip can be corrected with Delete. Too many
// wrong ones lock the PIN for a while: the prompt stays, with the digits
// cleared and the lockout's end, and a card or QR scan still unlocks.
func (f *Flow) SubmitPIN(ctx context.Context) {
	f.S.clearMessages()
	ok, err := f.d.Records.VerifyPIN(ctx, f.studentKey(), f.S.PIN.Digits)
	if err != nil {
		f.S.Fail(err)
		if kiosk.ErrorCode(err) == kiosk.ELIMIT {
			f.S.PIN.Digits = ""
		}
		return
	}
	if !ok {
		f.S.Fail(kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrWrongPIN, "wrong PIN"))
		return
	}
	p := f.S.PIN
	f.S.PIN, f.S.PINOK = PINPrompt{}, true
	f.runUnlock(ctx, p.For, p.ID)
}
