package ui

import (
	"context"

	"onestop/kiosk"
)

// Open starts what a home tile offers: identification first, then the
// flow for goal.
func (f *Flow) Open(goal Goal) {
	f.S.Screen, f.S.Goal = ScreenIdentify, goal
	f.S.clearMessages()
}

// OpenCheckIn shows the identify screen for a check-in.
func (f *Flow) OpenCheckIn() { f.Open(GoalCheckIn) }

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
// screen: one scan on the home screen is a whole check-in, a scan of the
// same student's card on the PIN prompt unlocks like the PIN. It reports
// whether there was a value.
func (f *Flow) Enter(ctx context.Context) bool {
	f.Touch()
	v, ok := f.Wedge.Enter(f.d.Clock.Now())
	if ok {
		f.identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: v})
	}
	return ok
}

// finished reports whether the screen is a flow's last one, where a new
// scan starts afresh rather than continuing.
func (s Screen) finished() bool {
	switch s {
	case ScreenHome, ScreenDone, ScreenRoomDone, ScreenMentorDone, ScreenRequestDone:
		return true
	}
	return false
}

func (f *Flow) identify(ctx context.Context, c kiosk.Credential) {
	if f.DeskOpen() {
		f.deskIdentify(ctx, c)
		return
	}
	// A scan continues the flow on screen; on home or a flow's last
	// screen it is the next person checking in.
	goal := f.S.Goal
	if f.S.Screen.finished() {
		goal = GoalCheckIn
	}
	st, err := f.lookup(ctx, c)
	if err != nil {
		// Someone presented a credential: whoever was identified before
		// is no longer the person at the screen. Typed digits stay.
		digits := f.S.Digits
		f.S.Wipe()
		f.S.Goal, f.S.Digits, f.S.Screen = goal, digits, ScreenIdentify
		f.S.Fail(err)
		return
	}
	if cur := f.S.Student; cur != nil && cur.Key == st.Key && !f.S.Screen.finished() {
		f.sameStudent(ctx, c.Strong())
		return
	}
	f.S.Wipe()
	f.S.Goal = goal
	f.S.Identified(st, c.Strong())
	f.afterIdentify(ctx)
}

// sameStudent: the person at the screen showed their card again. It
// counts as strong identification and satisfies a waiting PIN prompt.
func (f *Flow) sameStudent(ctx context.Context, strong bool) {
	f.S.Strong = f.S.Strong || strong
	f.S.clearMessages()
	if f.S.Screen == ScreenPIN && f.S.Strong {
		p := f.S.PIN
		f.S.PIN = PINPrompt{}
		f.runUnlock(ctx, p.For, p.ID)
	}
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

// afterIdentify shows central's refusals first, if any, then the goal.
// A failing read only delays them to the next identification: they stay
// unacknowledged, so nothing is dropped.
func (f *Flow) afterIdentify(ctx context.Context) {
	if rs, err := f.d.Records.Rejections(ctx, f.studentKey()); err == nil && len(rs) > 0 {
		f.S.Rejections = rs
		f.S.Screen = ScreenRejections
		return
	}
	f.enterGoal(ctx)
}

// RejectionsPerScreen is how many refusals one screen explains (fewer
// in large text); more come on the next screen, so none is marked seen
// without being shown.
func (f *Flow) RejectionsPerScreen() int {
	if f.S.Large {
		return 2
	}
	return 3
}

// AckRejections marks the refusals on screen seen and shows the next
// ones, or goes on to the goal. If marking fails they show again next
// time, which is the safe side.
func (f *Flow) AckRejections(ctx context.Context) {
	shown := f.S.Rejections[:min(len(f.S.Rejections), f.RejectionsPerScreen())]
	seqs := make([]int64, 0, len(shown))
	for _, r := range shown {
		seqs = append(seqs, r.Seq)
	}
	_ = f.d.Records.AckRejections(ctx, f.studentKey(), seqs)
	f.S.Rejections = f.S.Rejections[len(shown):]
	if len(f.S.Rejections) == 0 {
		f.S.Rejections = nil
		f.enterGoal(ctx)
	}
}

func (f *Flow) enterGoal(ctx context.Context) {
	f.S.clearMessages()
	switch f.S.Goal {
	case GoalMentor:
		f.S.Screen = ScreenMentorTypes
	case GoalRooms:
		f.openRooms(ctx)
	case GoalRequests:
		f.openRequests()
	case GoalRecords:
		f.openRecords(ctx)
	default:
		f.openCheckIn(ctx)
	}
}

func (f *Flow) studentKey() string {
	if f.S.Student == nil {
		return ""
	}
	return f.S.Student.Key
}

// actor is who acts: the student on screen, with the volunteer who
// helps them at the desk, if any.
func (f *Flow) actor() kiosk.Actor {
	return kiosk.Actor{StudentKey: f.studentKey(), AssistedBy: f.S.AssistedBy}
}
