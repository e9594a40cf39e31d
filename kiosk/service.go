package kiosk

import (
	"context"
	"time"
)

// RosterService identifies students.
type RosterService interface {
	// Identify finds the student a credential belongs to. An unknown
	// credential is ENOTFOUND with MsgErrUnknownStudent.
	Identify(ctx context.Context, c Credential) (*Student, error)
}

// VisitService records hall visits.
type VisitService interface {
	// CheckInVisit stores v and its outbox entry in one durable
	// transaction. Storing the same visit id twice is a no-op, so a
	// retried tap never makes two visits.
	CheckInVisit(ctx context.Context, v *Visit) error
}

// HallService tells the screens what to show around the flows.
type HallService interface {
	Settings(ctx context.Context) (Settings, error)
	Announcements(ctx context.Context, now time.Time) ([]Announcement, error)
	SyncStatus(ctx context.Context) (SyncStatus, error)
}
