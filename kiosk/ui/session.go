package ui

import (
	"reflect"
	"unicode/utf8"

	"onestop/kiosk"
)

// Screen names what the kiosk shows; render picks one view per screen.
type Screen int

const (
	ScreenHome       Screen = iota // announcements and tiles; nobody identified
	ScreenIdentify                 // card, QR or keypad
	ScreenPurpose                  // check-in: what can be checked into now, and visit purposes
	ScreenDone                     // check-in confirmation
	ScreenRejections               // actions central refused, shown after identification
	ScreenPIN                      // PIN prompt before details or a cancel
	ScreenRoomTypes
	ScreenRoomList
	ScreenRoomDay // day grid, start and length
	ScreenRoomNow // "book now" proposal
	ScreenRoomDone
	ScreenMyBookings    // the student's upcoming room bookings
	ScreenCancelBooking // "cancel this booking?"
	ScreenMentorTypes
	ScreenMentorList
	ScreenMentorWeek
	ScreenMentorDone
	ScreenMyAppointments
	ScreenCancelAppointment
	ScreenRequestCategory
	ScreenRequestPlace
	ScreenRequestPresets
	ScreenRequestContact
	ScreenRequestReview
	ScreenRequestDone
	ScreenMyRequests
	ScreenRequestDetail
	ScreenRecords
	ScreenNewPIN // set or change the PIN, after a card or QR scan
	// The duty volunteer's desk (flow_desk.go).
	ScreenDeskPIN          // the volunteer's PIN opens the desk
	ScreenDeskCorrection   // when did you leave the shift you forgot to end?
	ScreenDesk             // the desk's home: shift, hours and the desk's services
	ScreenDeskBoard        // today's board with the queue actions
	ScreenDeskSync         // sync health and refusals to pass on
	ScreenDeskAssist       // who is the student to help?
	ScreenDeskAssistHow    // a typed number: the student's PIN or the volunteer's word
	ScreenDeskAssistPIN    // the helped student types their PIN
	ScreenDeskAssistAction // what to do for them
)

// Goal is what the student came for: the home tile they tapped. After
// identification the kiosk goes straight there.
type Goal int

const (
	GoalCheckIn Goal = iota // also what a scan on the home screen means
	GoalMentor
	GoalRooms
	GoalRequests
	GoalRecords
)

// Message is a translatable text: an i18n message id and its template
// data. Errors are kept this way, not as strings, so a language switch
// re-translates what is already on screen.
type Message struct {
	ID   string
	Data map[string]any
}

// MessageFor returns the message that explains err to the user.
func MessageFor(err error) *Message {
	id, data := kiosk.ErrorMessageID(err)
	return &Message{ID: id, Data: data}
}

// Session is everything one person at the kiosk has done so far. It is
// plain data so flows are testable without a window; the screens are
// rebuilt from it.
type Session struct {
	Screen  Screen
	Lang    string
	Large   bool           // large-text, high-contrast mode
	Student *kiosk.Student // nil until identified
	Strong  bool           // identified by card or QR, not by a typed number
	Digits  string         // typed on the keypad so far
	Err     *Message       // the failure being shown, if any
	// Pending is a visit built but not confirmed stored. A retried tap for
	// the same purpose resends it with the same id, so a store that did
	// commit before failing cannot end up with two visits.
	Pending   *kiosk.Visit
	LastVisit *kiosk.Visit // the visit the confirmation shows
	// Synced is the sync state of the entity SyncedID, the one a
	// confirmation on screen shows, as last read (Flow.Refresh).
	SyncedID, Synced string

	Goal       Goal
	Notice     *Message // a success note shown in place, e.g. "cancelled"
	PIN        PINPrompt
	PINOK      bool              // the PIN was verified in this session
	Rejections []kiosk.Rejection // central's refusals not yet acknowledged
	CheckIn    CheckInState
	Room       RoomState
	Mentor     MentorState
	Req        RequestState
	Records    RecordsState
	NewPIN     NewPINState
	// Desk is the open desk; Wipe locks it. AssistedBy is the volunteer
	// helping Student at the desk, "" when the student acts alone.
	Desk       DeskState
	AssistedBy string
}

// NewSession returns a fresh session on the home screen.
func NewSession(lang string) Session { return Session{Lang: lang} }

// TypeDigit appends a keypad digit; it reports false and changes nothing
// for non-digits or when the number is already as long as one can be.
func (s *Session) TypeDigit(d rune) bool {
	if d < '0' || d > '9' || len(s.Digits) >= kiosk.MaxStudentNumberLen {
		return false
	}
	s.Digits += string(d)
	return true
}

// Backspace removes the last typed digit.
func (s *Session) Backspace() {
	if _, n := utf8.DecodeLastRuneInString(s.Digits); n > 0 {
		s.Digits = s.Digits[:len(s.Digits)-n]
	}
}

// ClearDigits removes every typed digit.
func (s *Session) ClearDigits() { s.Digits = "" }

// Fail records err for display; nothing the user entered is dropped.
func (s *Session) Fail(err error) { s.Err = MessageFor(err) }

// Identified records st as the person at the screen. The typed number is
// no longer needed and is dropped so it does not linger on the kiosk. The
// flow then routes to the student's goal.
func (s *Session) Identified(st *kiosk.Student, strong bool) {
	s.Student, s.Strong = st, strong
	s.Digits, s.Err, s.Pending, s.LastVisit = "", nil, nil, nil
	s.Screen = ScreenPurpose
}

// CheckedIn moves to the confirmation of v.
func (s *Session) CheckedIn(v *kiosk.Visit) {
	s.LastVisit, s.Pending, s.Err = v, nil, nil
	s.Screen = ScreenDone
}

// Wipe returns to the home screen and forgets the person: identity,
// digits, errors, PIN, every flow's choices and results. Language and text
// size are the person's own choice and stay until the idle timeout resets
// them.
func (s *Session) Wipe() {
	*s = Session{Lang: s.Lang, Large: s.Large}
}

// Personal reports whether the session holds anything beyond the screen,
// the goal and the display preferences: anything a next person must not
// see. It compares with an empty session, so new state is covered.
func (s *Session) Personal() bool {
	c := *s
	c.Screen, c.Lang, c.Large, c.Goal = 0, "", false, 0
	return !reflect.DeepEqual(c, Session{})
}

// clearMessages drops the error and notice on screen; every action
// starts with it.
func (s *Session) clearMessages() { s.Err, s.Notice = nil, nil }
