package kiosk

import (
	"errors"
	"fmt"
)

// Error codes shared by the kiosk and the central server. They are few on
// purpose: callers branch on the code, people read the message id.
const (
	ECONFLICT     = "conflict"      // the action clashes with existing state
	EINTERNAL     = "internal"      // a bug or an unexpected failure
	EINVALID      = "invalid"       // bad input from the user or a client
	ENOTFOUND     = "not_found"     // no such entity
	EUNAUTHORIZED = "unauthorized"  // identity missing or wrong
	EFORBIDDEN    = "forbidden"     // identity known, action not allowed
	ELIMIT        = "limit_reached" // a rule's limit refuses the action
	EUNAVAILABLE  = "unavailable"   // a dependency is down; try again later
)

// Error is a failure the user is meant to see. MessageID names the i18n
// message that explains it; Data fills that message's template.
type Error struct {
	Code      string
	MessageID string
	Data      map[string]any
	// Message is a developer-facing English summary, used in logs and
	// protocol errors; the screen shows the translated MessageID instead.
	Message string
	// Field names the input at fault, as the protocol spells it, when
	// one is ("start", "room_id"); a 400 tells the client which.
	Field string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and message id.
func Errorf(code, messageID string, format string, args ...any) *Error {
	return &Error{Code: code, MessageID: messageID, Message: fmt.Sprintf(format, args...)}
}

// With returns a copy of e whose message template gets data.
func (e *Error) With(data map[string]any) *Error {
	c := *e
	c.Data = data
	return &c
}

// WithField returns a copy of e that names the input at fault.
func (e *Error) WithField(name string) *Error {
	c := *e
	c.Field = name
	return &c
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessageID returns the i18n message id for err; errors that carry
// none get the generic "something went wrong" message.
func ErrorMessageID(err error) (id string, data map[string]any) {
	var e *Error
	if errors.As(err, &e) && e.MessageID != "" {
		return e.MessageID, e.Data
	}
	return MsgErrInternal, nil
}

// Message ids of the domain's errors. The i18n test checks that every one
// is translated in every language. Data keys holding a time.Time are
// formatted for the reader's language by the screen.
const (
	MsgErrInternal           = "ErrInternal"
	MsgErrUnknownStudent     = "ErrUnknownStudent"
	MsgErrInvalidNumber      = "ErrInvalidNumber"
	MsgErrInvalidPurpose     = "ErrInvalidPurpose"
	MsgErrNotIdentified      = "ErrNotIdentified"
	MsgErrStoreUnavailable   = "ErrStoreUnavailable"
	MsgErrNotFound           = "ErrNotFound" // the item is gone (cancelled elsewhere, removed by admin)
	MsgErrWrongPIN           = "ErrWrongPIN"
	MsgErrPINRequired        = "ErrPINRequired"        // details need a card, QR or PIN
	MsgErrRoomClosed         = "ErrRoomClosed"         // room not bookable
	MsgErrRoomHours          = "ErrRoomHours"          // .Opens .Closes
	MsgErrBookingLength      = "ErrBookingLength"      // .SlotMinutes .MaxHours
	MsgErrBookingPast        = "ErrBookingPast"        //
	MsgErrBookingWindow      = "ErrBookingWindow"      // .Days .Opens (when this date becomes bookable)
	MsgErrBookingSuspended   = "ErrBookingSuspended"   // .Until .NoShows .Days .SuspendDays
	MsgErrBookingDayLimit    = "ErrBookingDayLimit"    // .Max .Day .Lifts
	MsgErrBookingWeekLimit   = "ErrBookingWeekLimit"   // .MaxHours .UsedHours .Lifts
	MsgErrBookingOverlap     = "ErrBookingOverlap"     // .Start .End of the student's other booking
	MsgErrSlotTaken          = "ErrSlotTaken"          // someone else holds it
	MsgErrAppointmentWindow  = "ErrAppointmentWindow"  // .Days .Opens
	MsgErrAppointmentOverlap = "ErrAppointmentOverlap" // .Start .End
	MsgErrNotActive          = "ErrNotActive"          // cancelled, missed or released already
	MsgErrCancelTooLate      = "ErrCancelTooLate"      // .Deadline
	MsgErrAlreadyCheckedIn   = "ErrAlreadyCheckedIn"
	MsgErrCheckInTooEarly    = "ErrCheckInTooEarly" // .Opens .Closes
	MsgErrCheckInClosed      = "ErrCheckInClosed"   // .Opens .Closes
	MsgErrRequestCategory    = "ErrRequestCategory"
	MsgErrRequestPresets     = "ErrRequestPresets"
	MsgErrRequestPlace       = "ErrRequestPlace"
	MsgErrRequestContact     = "ErrRequestContact"
	MsgErrRequestNotResolved = "ErrRequestNotResolved"
	MsgErrRating             = "ErrRating"
	MsgErrSyncRejected       = "ErrSyncRejected"       // central refused an action made offline
	MsgErrPINLocked          = "ErrPINLocked"          // .Until
	MsgErrNotVolunteer       = "ErrNotVolunteer"       // desk actions need the volunteer role
	MsgErrShiftOpen          = "ErrShiftOpen"          // .Start of the shift still open
	MsgErrBadInput           = "ErrBadInput"           // .Field: missing or malformed, so nothing was saved
	MsgErrNewPIN             = "ErrNewPIN"             // .Digits: a PIN to set must be that many digits, not a repeat or run
	MsgErrPINMismatch        = "ErrPINMismatch"        // the two entries of a new PIN differ
	MsgErrRequestStatus      = "ErrRequestStatus"      // .Status: the request's status does not allow the action
	MsgErrRequestNote        = "ErrRequestNote"        // a note, reason or description is missing or too long
	MsgErrRequestUnit        = "ErrRequestUnit"        // no such active unit for the hall
	MsgErrRequestDispatchDue = "ErrRequestDispatchDue" // a dispatch's due time is past or after the deadline
	MsgErrRequestExtendDue   = "ErrRequestExtendDue"   // an extension is not later than the deadline
	MsgErrWorkHours          = "ErrWorkHours"          // working hours are not HH:MM-HH:MM, in order
	MsgErrCalendarDate       = "ErrCalendarDate"       // a date is not YYYY-MM-DD, or too many
	MsgErrCalendarClash      = "ErrCalendarClash"      // .Date is a holiday and a make-up day
	MsgErrSLALength          = "ErrSLALength"          // an SLA length is out of range
	MsgErrUnitName           = "ErrUnitName"           // a unit needs a name
)

// MessageIDs lists every message id the domain can return.
var MessageIDs = []string{
	MsgErrInternal, MsgErrUnknownStudent, MsgErrInvalidNumber, MsgErrInvalidPurpose,
	MsgErrNotIdentified, MsgErrStoreUnavailable, MsgErrNotFound, MsgErrWrongPIN,
	MsgErrPINRequired, MsgErrRoomClosed, MsgErrRoomHours, MsgErrBookingLength,
	MsgErrBookingPast, MsgErrBookingWindow, MsgErrBookingSuspended, MsgErrBookingDayLimit,
	MsgErrBookingWeekLimit, MsgErrBookingOverlap, MsgErrSlotTaken, MsgErrAppointmentWindow,
	MsgErrAppointmentOverlap, MsgErrNotActive, MsgErrCancelTooLate, MsgErrAlreadyCheckedIn,
	MsgErrCheckInTooEarly, MsgErrCheckInClosed, MsgErrRequestCategory, MsgErrRequestPresets,
	MsgErrRequestPlace, MsgErrRequestContact, MsgErrRequestNotResolved, MsgErrRating,
	MsgErrSyncRejected, MsgErrPINLocked, MsgErrNotVolunteer,
	MsgErrShiftOpen, MsgErrBadInput, MsgErrNewPIN, MsgErrPINMismatch,
	MsgErrRequestStatus, MsgErrRequestNote, MsgErrRequestUnit, MsgErrRequestDispatchDue,
	MsgErrRequestExtendDue, MsgErrWorkHours, MsgErrCalendarDate, MsgErrCalendarClash,
	MsgErrSLALength, MsgErrUnitName,
}
