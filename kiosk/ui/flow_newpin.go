package ui

import (
	"context"

	"onestop/kiosk"
)

// NewPINState is the set-PIN screen: the first entry, kept to compare
// with the second, and what is being typed. Only after a card or QR
// scan: a typed number alone must not let anyone set someone's PIN.
type NewPINState struct {
	First  string
	Digits string
}

// StartNewPIN opens the set-PIN screen from my records.
func (f *Flow) StartNewPIN() {
	f.S.clearMessages()
	if f.S.Student == nil || !f.S.Strong {
		return
	}
	f.S.NewPIN = NewPINState{}
	f.S.Screen = ScreenNewPIN
}

// NewPINDigit types a digit of the new PIN.
func (f *Flow) NewPINDigit(d rune) {
	f.S.Err = nil
	typeDigit(&f.S.NewPIN.Digits, d, kiosk.NewPINLen)
}

// NewPINBackspace removes the last digit typed.
func (f *Flow) NewPINBackspace() {
	f.S.Err = nil
	backspace(&f.S.NewPIN.Digits)
}

// NewPINClear removes every digit typed.
func (f *Flow) NewPINClear() {
	f.S.Err = nil
	f.S.NewPIN.Digits = ""
}

// SubmitNewPIN takes the first entry (checked at once, so a weak PIN is
// refused before it is typed twice), then the second, and sets the PIN
// when they agree. A refusal keeps what was typed.
func (f *Flow) SubmitNewPIN(ctx context.Context) {
	f.S.clearMessages()
	p := &f.S.NewPIN
	if p.First == "" {
		if err := kiosk.CheckNewPIN(p.Digits); err != nil {
			f.S.Fail(err)
			return
		}
		p.First, p.Digits = p.Digits, ""
		return
	}
	if p.Digits != p.First {
		f.S.Fail(kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrPINMismatch, "the two PINs differ"))
		p.First, p.Digits = "", ""
		return
	}
	if err := f.d.Records.SetPIN(ctx, f.studentKey(), p.First); err != nil {
		f.S.Fail(err)
		return
	}
	f.S.NewPIN = NewPINState{}
	f.S.Screen = ScreenRecords
	f.S.Notice = &Message{ID: "NewPINSet"}
}
