package central

import (
	"context"
	"time"

	"onestop/sync/central/community"
)

// DashboardStore is what the console's community dashboard reads: one
// hall's records of [From, To), aggregated in SQL over indexed time
// ranges (never the rows themselves). Hour buckets count whole hours
// from From, which callers set to a local midnight.
type DashboardStore interface {
	// DashboardVisits counts visits per hour bucket and purpose.
	DashboardVisits(ctx context.Context, q DashboardQuery) ([]community.HourCount, error)
	// DashboardBookings sums bookings starting in the range per room
	// and status.
	DashboardBookings(ctx context.Context, q DashboardQuery) ([]community.BookingSum, error)
	// DashboardRequests counts students' requests (not proactive ones)
	// submitted in the range per category, building, floor and hour.
	DashboardRequests(ctx context.Context, q DashboardQuery) ([]community.RequestCount, error)
	// DashboardStudentMeetings counts each student's held meetings
	// (community.HeldMeetings) with the mentors listed.
	DashboardStudentMeetings(ctx context.Context, q DashboardQuery, mentorIDs []string) ([]community.StudentCount, error)
	// DashboardMentorMeetings counts the listed mentors' held meetings
	// per hour bucket.
	DashboardMentorMeetings(ctx context.Context, q DashboardQuery, mentorIDs []string) ([]community.MentorCount, error)
	// DashboardShifts sums ended volunteer shifts per volunteer and the
	// hour bucket they started in.
	DashboardShifts(ctx context.Context, q DashboardQuery) ([]community.ShiftSum, error)
	// DashboardAttendance counts check-ins at each event starting in the
	// range; events nobody attended are left out.
	DashboardAttendance(ctx context.Context, q DashboardQuery) ([]community.EventCount, error)
}

// DashboardQuery is one hall's range.
type DashboardQuery struct {
	HallID   string
	From, To time.Time
}
