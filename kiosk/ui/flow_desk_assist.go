package ui

import (
	"context"

	"onestop/kiosk"
)

// Helping a student at the desk: the student shows their card (or the
// volunteer scans it), or gives their number and then their PIN, or the
// number alone with the volunteer's word that they know who it is. The
// usual flows then run for that student, each write recorded as
// assisted by the volunteer.

// OpenAssist asks who the student to help is.
func (f *Flow) OpenAssist() {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	f.clearStudent()
	f.S.Desk.Assist = AssistState{}
	f.S.Screen = ScreenDeskAssist
}

// AssistDigit, AssistBackspace and AssistClear edit the typed number.
func (f *Flow) AssistDigit(d rune) {
	f.S.Err = nil
	typeDigit(&f.S.Desk.Assist.Digits, d, kiosk.MaxStudentNumberLen)
}

// AssistBackspace removes the last typed digit.
func (f *Flow) AssistBackspace() { f.S.Err = nil; backspace(&f.S.Desk.Assist.Digits) }

// AssistClear removes every typed digit.
func (f *Flow) AssistClear() { f.S.Err = nil; f.S.Desk.Assist.Digits = "" }

// SubmitAssistNumber looks the typed number up; the student then proves
// it with their PIN, or the volunteer vouches.
func (f *Flow) SubmitAssistNumber(ctx context.Context) {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	a := &f.S.Desk.Assist
	st, err := f.lookup(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: a.Digits})
	if err != nil {
		f.S.Fail(err)
		return
	}
	*a = AssistState{Student: st}
	f.S.Screen = ScreenDeskAssistHow
}

// deskIdentify is a card or QR scan while the desk is open: the student
// in front of the volunteer. The volunteer's own card only counts as a
// touch.
func (f *Flow) deskIdentify(ctx context.Context, c kiosk.Credential) {
	if !f.deskUsable() {
		f.identify(ctx, c) // locked just now: the scan is a student's again
		return
	}
	st, err := f.lookup(ctx, c)
	if err != nil {
		f.clearStudent()
		f.S.Screen = ScreenDeskAssist
		f.S.Fail(err)
		return
	}
	if st.Key == f.volunteer() {
		return
	}
	f.clearStudent()
	f.S.Desk.Assist = AssistState{Student: st, How: kiosk.IdentCard}
	f.S.Screen = ScreenDeskAssistAction
}

// AssistWithPIN asks the student for their PIN.
func (f *Flow) AssistWithPIN() {
	f.S.clearMessages()
	f.S.Desk.Assist.PIN = ""
	f.S.Screen = ScreenDeskAssistPIN
}

// AssistAttest is the volunteer's word that the student is who the
// number says: they know them or saw their student card.
func (f *Flow) AssistAttest() {
	f.S.clearMessages()
	a := &f.S.Desk.Assist
	a.How, a.Attest = kiosk.IdentNumber, true
	f.S.Screen = ScreenDeskAssistAction
}

// AssistPINDigit, AssistPINBackspace and AssistPINClear edit the PIN.
func (f *Flow) AssistPINDigit(d rune) { f.S.Err = nil; typeDigit(&f.S.Desk.Assist.PIN, d, MaxPINLen) }

// AssistPINBackspace removes the last PIN digit.
func (f *Flow) AssistPINBackspace() { f.S.Err = nil; backspace(&f.S.Desk.Assist.PIN) }

// AssistPINClear removes every PIN digit.
func (f *Flow) AssistPINClear() { f.S.Err = nil; f.S.Desk.Assist.PIN = "" }

// SubmitAssistPIN checks the student's PIN, with the hall-wide lock
// after too many wrong ones.
func (f *Flow) SubmitAssistPIN(ctx context.Context) {
	f.S.clearMessages()
	a := &f.S.Desk.Assist
	if a.Student == nil || !f.deskUsable() {
		return
	}
	ok, err := f.d.Records.VerifyPIN(ctx, a.Student.Key, a.PIN)
	if err == nil && !ok {
		err = kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrWrongPIN, "wrong PIN")
	}
	if err != nil {
		f.S.Fail(err)
		if kiosk.ErrorCode(err) == kiosk.ELIMIT {
			a.PIN = ""
		}
		return
	}
	a.How, a.PIN = kiosk.IdentNumberPIN, ""
	f.S.Screen = ScreenDeskAssistAction
}

// Assist starts the service goal for the student being helped. The
// desk's rules decide whether it may (unlocked, attested when by
// number alone); the flow then runs as the student's own, with the
// volunteer recorded on every write.
func (f *Flow) Assist(ctx context.Context, g Goal) {
	f.S.clearMessages()
	a := f.S.Desk.Assist
	d := f.S.Desk.Desk
	if a.Student == nil || d == nil {
		return
	}
	act, err := d.Assist(f.now(), a.Student.Key, a.How, a.Attest)
	if err != nil {
		if d.Locked(f.now()) {
			f.LockDesk()
			return
		}
		f.S.Fail(err)
		return
	}
	f.S.Student, f.S.AssistedBy = a.Student, act.AssistedBy
	f.S.Strong = a.How == kiosk.IdentCard
	f.S.PINOK = a.How == kiosk.IdentNumberPIN
	f.S.Goal = g
	f.afterIdentify(ctx)
}

// Assisting reports whether the session serves a student at the desk.
func (f *Flow) Assisting() bool { return f.DeskOpen() && f.S.AssistedBy != "" }
