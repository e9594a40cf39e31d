package ui

import (
	"context"
	"reflect"
	"time"

	"onestop/kiosk"
)

// The duty volunteer's desk (issue 11). A volunteer identified by card
// or QR scan is offered the desk on the welcome screen; their PIN opens
// it. While it is open the session holds the kiosk.Desk and the desk's
// screens; a student helped at the desk becomes the session's Student
// for the usual flows, with AssistedBy set, and the header's Home goes
// back to the desk instead of wiping. The lock button, the desk's idle
// lock and a restart wipe everything.

// DeskState is the open desk and what its screens show.
type DeskState struct {
	Desk       *kiosk.Desk // nil while the desk is not open
	PIN        string      // typed on the desk's PIN prompt
	OnDuty     kiosk.Shift // zero when off duty
	Correction kiosk.Shift // a capped shift to say when they left; zero for none
	Left       time.Time   // the correction being set
	ShiftID    string      // the id a retried clock-in tap reuses
	Hours      kiosk.ShiftHours
	Board      kiosk.DeskBoard
	Rooms      map[string]kiosk.Room // names for the board's bookings
	Section    BoardSection
	Page       int
	Sync       kiosk.DeskSync
	SyncPage   int
	LastMark   *QueueMark // the last queue mark, for its undo
	Assist     AssistState
}

// QueueMark is a queue move the volunteer may undo.
type QueueMark struct {
	ApptID  string
	Student string // masked name, or "" for a personal appointment
	From    kiosk.AppointmentQueue
	To      kiosk.AppointmentQueue
}

// AssistState is the student the volunteer is about to help and how
// they showed who they are.
type AssistState struct {
	Digits  string
	Student *kiosk.Student
	How     kiosk.Identified
	Attest  bool
	PIN     string
}

// BoardSection is one part of today's board; each has its own pages.
type BoardSection int

const (
	BoardWaiting BoardSection = iota
	BoardRooms
	BoardRequests
	BoardVisits
	BoardEvents
)

// BoardSections in the order of the board's tabs.
var BoardSections = []BoardSection{BoardWaiting, BoardRooms, BoardRequests, BoardVisits, BoardEvents}

// CorrectionStep is how finely a volunteer sets when they left.
const CorrectionStep = 15 * time.Minute

// deskSyncLimit bounds the refusals the sync screen reads at once.
const deskSyncLimit = 60

// DeskOffered reports whether the welcome offers the desk: only to a
// volunteer identified by card or QR on a kiosk with a desk, never to
// anyone else (they do not see the button at all).
func (f *Flow) DeskOffered() bool {
	st := f.S.Student
	return f.d.Desk != nil && f.S.Desk.Desk == nil && st != nil && f.S.Strong && st.HasRole(kiosk.RoleVolunteer)
}

// DeskOpen reports whether the desk is unlocked on this kiosk.
func (f *Flow) DeskOpen() bool { return f.S.Desk.Desk != nil }

// OpenDesk asks the volunteer on screen for their PIN.
func (f *Flow) OpenDesk() {
	if !f.DeskOffered() {
		return
	}
	f.S.clearMessages()
	f.S.Desk.PIN = ""
	f.S.Screen = ScreenDeskPIN
}

// DeskPINDigit, DeskPINBackspace and DeskPINClear edit the desk PIN.
func (f *Flow) DeskPINDigit(d rune) { f.S.Err = nil; typeDigit(&f.S.Desk.PIN, d, MaxPINLen) }

// DeskPINBackspace removes the last desk PIN digit.
func (f *Flow) DeskPINBackspace() { f.S.Err = nil; backspace(&f.S.Desk.PIN) }

// DeskPINClear removes every desk PIN digit.
func (f *Flow) DeskPINClear() { f.S.Err = nil; f.S.Desk.PIN = "" }

// SubmitDeskPIN unlocks the desk. A wrong PIN keeps the digits for a
// correction; a locked PIN clears them and shows until when.
func (f *Flow) SubmitDeskPIN(ctx context.Context) {
	f.S.clearMessages()
	st := f.S.Student
	if st == nil || !f.S.Strong {
		return
	}
	u, err := f.d.Desk.UnlockDesk(ctx, st, kiosk.Credential{Kind: kiosk.CredScan}, f.S.Desk.PIN)
	if err != nil {
		f.S.Fail(err)
		if kiosk.ErrorCode(err) == kiosk.ELIMIT {
			f.S.Desk.PIN = ""
		}
		return
	}
	desk := u.Desk
	f.S.Desk = DeskState{Desk: &desk, OnDuty: u.OnDuty, Correction: u.Correction, Left: u.Correction.End}
	f.clearStudent()
	if !u.Correction.Start.IsZero() {
		f.S.Screen = ScreenDeskCorrection
		return
	}
	f.deskHome(ctx)
}

// clearStudent forgets the person being served and every flow's state,
// keeping the desk and the display preferences.
func (f *Flow) clearStudent() {
	keep := f.S.Desk
	f.S.Wipe()
	f.S.Desk = keep
	f.Wedge.Reset()
}

// DeskHome shows the desk's first screen, forgetting the student being
// helped; it is Home while the desk is open.
func (f *Flow) DeskHome(ctx context.Context) {
	f.clearStudent()
	f.deskHome(ctx)
}

func (f *Flow) deskHome(ctx context.Context) {
	f.S.Screen = ScreenDesk
	f.S.Desk.Assist = AssistState{}
	f.loadHours(ctx)
}

func (f *Flow) loadHours(ctx context.Context) {
	if h, err := f.d.Desk.ShiftHours(ctx, f.volunteer()); err == nil {
		f.S.Desk.Hours = h
	}
}

// LockDesk locks the desk: home, everything wiped.
func (f *Flow) LockDesk() { f.leave() }

// volunteer is the key of the volunteer holding the desk.
func (f *Flow) volunteer() string {
	if d := f.S.Desk.Desk; d != nil {
		return d.Volunteer
	}
	return ""
}

// deskUsable reports whether the desk may act now; a desk found locked
// is locked at once, so nothing runs on a desk that timed out.
func (f *Flow) deskUsable() bool {
	d := f.S.Desk.Desk
	if d == nil {
		return false
	}
	if d.Locked(f.now()) {
		f.LockDesk()
		return false
	}
	return true
}

// StepCorrection moves the time the volunteer left by d steps, within
// the capped shift.
func (f *Flow) StepCorrection(d int) {
	c, ds := f.S.Desk.Correction, &f.S.Desk
	left := ds.Left.Add(time.Duration(d) * CorrectionStep)
	switch {
	case left.Before(c.Start):
		left = c.Start
	case left.After(c.End):
		left = c.End
	}
	ds.Left = left
}

// CanStepCorrection reports whether the correction can go d steps.
func (f *Flow) CanStepCorrection(d int) bool {
	c, left := f.S.Desk.Correction, f.S.Desk.Left
	if d < 0 {
		return left.After(c.Start)
	}
	return left.Before(c.End)
}

// SubmitCorrection records when the volunteer left the capped shift.
func (f *Flow) SubmitCorrection(ctx context.Context) {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	c := f.S.Desk.Correction
	if _, err := f.d.Desk.CorrectShift(ctx, f.volunteer(), c.ID, f.S.Desk.Left); err != nil {
		f.S.Fail(err)
		return
	}
	f.S.Desk.Correction = kiosk.Shift{}
	f.deskHome(ctx)
	f.S.Notice = &Message{ID: "DeskCorrected"}
}

// SkipCorrection leaves the question for the next unlock.
func (f *Flow) SkipCorrection(ctx context.Context) {
	f.S.clearMessages()
	f.S.Desk.Correction = kiosk.Shift{}
	f.deskHome(ctx)
}

// ClockIn starts the volunteer's shift now; a retried tap reuses the id.
func (f *Flow) ClockIn(ctx context.Context) {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	ds := &f.S.Desk
	if ds.ShiftID == "" {
		id, err := f.d.IDs.NewID()
		if err != nil {
			f.S.Fail(err)
			return
		}
		ds.ShiftID = id
	}
	s, err := f.d.Desk.StartShift(ctx, f.volunteer(), ds.ShiftID)
	if err != nil {
		f.S.Fail(err)
		return
	}
	ds.OnDuty, ds.ShiftID = s, ""
	f.loadHours(ctx)
	f.S.Notice = &Message{ID: "DeskClockedIn", Data: map[string]any{"Time": f.S.Desk.OnDuty.Start}}
}

// ClockOut ends the volunteer's shift now.
func (f *Flow) ClockOut(ctx context.Context) {
	f.S.clearMessages()
	if !f.deskUsable() || f.S.Desk.OnDuty.ID == "" {
		return
	}
	s, err := f.d.Desk.EndShift(ctx, f.volunteer(), f.S.Desk.OnDuty.ID)
	if err != nil {
		f.S.Fail(err)
		return
	}
	f.S.Desk.OnDuty = kiosk.Shift{}
	f.loadHours(ctx)
	f.S.Notice = &Message{ID: "DeskClockedOut", Data: map[string]any{"Hours": hours(s.End.Sub(s.Start))}}
}

// OpenBoard shows today's board.
func (f *Flow) OpenBoard(ctx context.Context) {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	f.S.Screen = ScreenDeskBoard
	f.S.Desk.Rooms = f.roomIndex(ctx)
	f.loadBoard(ctx)
}

func (f *Flow) loadBoard(ctx context.Context) bool {
	b, err := f.d.Desk.DeskBoard(ctx)
	if err != nil {
		f.S.Fail(err)
		return true
	}
	if reflect.DeepEqual(b, f.S.Desk.Board) {
		return false
	}
	f.S.Desk.Board = b
	return true
}

// ShowSection switches the board to section s, at its first page.
func (f *Flow) ShowSection(s BoardSection) {
	f.S.clearMessages()
	f.S.Desk.Section, f.S.Desk.Page = s, 0
}

// BoardPageSize is how many rows one board page shows.
func (f *Flow) BoardPageSize() int {
	if f.S.Large {
		return 2
	}
	return 5
}

// SectionLen is how many rows section s of the board has.
func (f *Flow) SectionLen(s BoardSection) int {
	b := &f.S.Desk.Board
	switch s {
	case BoardWaiting:
		return len(b.Waiting)
	case BoardRooms:
		return len(b.RoomsNow) + len(b.NoShows)
	case BoardRequests:
		return len(b.Requests)
	case BoardVisits:
		return len(VisitHours(b.Visits))
	case BoardEvents:
		return len(b.Events)
	}
	return 0
}

// TurnBoard pages the board's section.
func (f *Flow) TurnBoard(d int) {
	turn(&f.S.Desk.Page, d, Pages(f.SectionLen(f.S.Desk.Section), f.BoardPageSize()))
}

// VisitHour is one hour's walk-ins by purpose.
type VisitHour struct {
	Hour   int
	Counts []kiosk.VisitCount // in kiosk.Purposes order
	Total  int
}

// VisitHours groups the board's walk-in counts by hour, earliest first.
func VisitHours(vs []kiosk.VisitCount) []VisitHour {
	var out []VisitHour
	for h := 0; h < 24; h++ {
		var vh VisitHour
		for _, p := range kiosk.Purposes {
			for _, v := range vs {
				if v.Hour == h && v.Purpose == p && v.Count > 0 {
					vh.Counts = append(vh.Counts, v)
					vh.Total += v.Count
				}
			}
		}
		if vh.Total > 0 {
			vh.Hour = h
			out = append(out, vh)
		}
	}
	return out
}

// MarkQueue moves waiting row i of the board to q (with the mentor,
// left, or back to waiting) and keeps the move for an undo.
func (f *Flow) MarkQueue(ctx context.Context, apptID string, q kiosk.AppointmentQueue) {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	var from kiosk.AppointmentQueue
	var who string
	for _, w := range f.S.Desk.Board.Waiting {
		if w.Appointment.ID == apptID {
			from, who = w.Appointment.Queue, w.Student
		}
	}
	if f.mark(ctx, apptID, q) {
		f.S.Desk.LastMark = &QueueMark{ApptID: apptID, Student: who, From: from, To: q}
	}
}

// UndoMark puts the last queue mark back.
func (f *Flow) UndoMark(ctx context.Context) {
	f.S.clearMessages()
	m := f.S.Desk.LastMark
	if m == nil || !f.deskUsable() {
		return
	}
	if f.mark(ctx, m.ApptID, m.From) {
		f.S.Desk.LastMark = nil
		f.S.Notice = &Message{ID: "DeskMarkUndone"}
	}
}

func (f *Flow) mark(ctx context.Context, apptID string, q kiosk.AppointmentQueue) bool {
	if _, err := f.d.Desk.MarkQueue(ctx, f.volunteer(), apptID, q); err != nil {
		f.S.Fail(err)
		return false
	}
	f.loadBoard(ctx)
	f.TurnBoard(0) // a row that left may have emptied the last page
	return true
}

// OpenDeskSync shows the sync health.
func (f *Flow) OpenDeskSync(ctx context.Context) {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	f.S.Screen = ScreenDeskSync
	f.S.Desk.SyncPage = 0
	f.loadDeskSync(ctx)
}

func (f *Flow) loadDeskSync(ctx context.Context) bool {
	s, err := f.d.Desk.DeskSync(ctx, deskSyncLimit)
	if err != nil {
		f.S.Fail(err)
		return true
	}
	if reflect.DeepEqual(s, f.S.Desk.Sync) {
		return false
	}
	f.S.Desk.Sync = s
	turn(&f.S.Desk.SyncPage, 0, Pages(len(s.Rejected), f.SyncPageSize()))
	return true
}

// SyncPageSize is how many refusals the sync screen lists at once.
func (f *Flow) SyncPageSize() int {
	if f.S.Large {
		return 2
	}
	return 4
}

// TurnSync pages the refusals.
func (f *Flow) TurnSync(d int) {
	turn(&f.S.Desk.SyncPage, d, Pages(len(f.S.Desk.Sync.Rejected), f.SyncPageSize()))
}

// SyncNow asks the syncer for a sync at once.
func (f *Flow) SyncNow(ctx context.Context) {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	if f.d.SyncNow != nil {
		f.d.SyncNow()
	}
	f.S.Notice = &Message{ID: "DeskSyncAsked"}
	f.loadDeskSync(ctx)
}

// Told marks a refusal as told to its student.
func (f *Flow) Told(ctx context.Context, r kiosk.DeskRejection) {
	f.S.clearMessages()
	if !f.deskUsable() {
		return
	}
	if err := f.d.Desk.AckRejections(ctx, r.StudentKey, []int64{r.Seq}); err != nil {
		f.S.Fail(err)
		return
	}
	f.loadDeskSync(ctx)
}

// refreshDesk re-reads what the desk screen on show displays, so a
// change pulled from central shows at once.
func (f *Flow) refreshDesk(ctx context.Context) bool {
	switch f.S.Screen {
	case ScreenDeskBoard:
		return f.loadBoard(ctx)
	case ScreenDeskSync:
		return f.loadDeskSync(ctx)
	}
	return false
}
