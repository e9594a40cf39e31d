package store

import (
	"onestop/kiosk"
)

// Checks of central's entities before they are stored: the domain
// types' Validate, with what the local columns need on top.

// invalid is the error of a change that breaks a rule of the schema.
func invalid(format string, args ...any) error {
	return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, format, args...)
}

// validBooking is Booking.Validate; a row without a creation time (an
// import) takes its start, since the column needs one.
func validBooking(b *kiosk.Booking) error {
	if b.CreatedAt.IsZero() {
		b.CreatedAt = b.Start
	}
	return b.Validate()
}

// validAppointment is validBooking's counterpart.
func validAppointment(a *kiosk.Appointment) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = a.Start
	}
	return a.Validate()
}

// validRequest checks a request as central keeps it; an admin's
// proactive one need not carry the kiosk's presets.
func validRequest(r *kiosk.Request) error {
	if r.StudentKey == "" || r.Ticket == "" || r.Token == "" || !r.Status.Valid() || r.SubmittedAt.IsZero() {
		return invalid("request without student, ticket, token, status or time")
	}
	return nil
}
