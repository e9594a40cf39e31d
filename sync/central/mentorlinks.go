package central

import (
	"context"
	"time"

	"onestop/kiosk"
)

// MentorLinkStore keeps each mentor's private link to their day page
// (public /m/{token}) and reads what that page shows. Like every other
// token, a link is kept only as HashSecret of it: a leaked database
// leaks no link.
type MentorLinkStore interface {
	// CreateMentorLink gives the mentor a new link, revoking the one it
	// had in the same transaction; ENOTFOUND for an unknown mentor.
	CreateMentorLink(ctx context.Context, mentorID, tokenHash string) (MentorLink, error)
	// RevokeMentorLink revokes the mentor's link, if it has one;
	// ENOTFOUND for an unknown mentor.
	RevokeMentorLink(ctx context.Context, mentorID string) error
	// MentorLinks lists the hall's mentors by name, each with its active
	// link's state.
	MentorLinks(ctx context.Context, hallID string) ([]MentorLink, error)
	// MentorByLink returns the mentor of an active link; ENOTFOUND for an
	// unknown or revoked one, telling nothing about which.
	MentorByLink(ctx context.Context, tokenHash string) (MentorLink, error)
	// MentorAppointments returns the mentor's appointments starting in
	// [from, to) by start, in their current state, each with the
	// student's masked name.
	MentorAppointments(ctx context.Context, mentorID string, from, to time.Time) ([]MentorAppointment, error)
}

// MentorLink is a mentor and the state of their day-page link.
type MentorLink struct {
	Mentor    kiosk.Mentor
	HallID    string
	CreatedAt time.Time // of the active link; zero when there is none
}

// Active reports whether the mentor has a working link.
func (l MentorLink) Active() bool { return !l.CreatedAt.IsZero() }

// MentorAppointment is one appointment on a mentor's day: the student
// appears only by masked name.
type MentorAppointment struct {
	kiosk.Appointment
	StudentName string
}
