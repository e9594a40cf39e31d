package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/community"
)

// The community dashboard (central.DashboardStore). Each figure is one
// GROUP BY over an index of migration 0016 that starts (hall_id, time);
// buckets are whole hours from q.From, integer division on both
// backends (times are non-negative nanoseconds past From).

const hourNanos = int64(time.Hour)

// dashboardRows runs one aggregate and scans each row with scan.
func (db *DB) dashboardRows(ctx context.Context, what, s string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.readQuery(ctx, s, args...)
	if err != nil {
		return db.wrap(what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return db.wrap(what, err)
		}
	}
	return db.wrap(what, rows.Err())
}

func (db *DB) DashboardVisits(ctx context.Context, q central.DashboardQuery) ([]community.HourCount, error) {
	var out []community.HourCount
	from := q.From.UnixNano()
	err := db.dashboardRows(ctx, "dashboard visits", `
		SELECT
			(at - ?) / ?,
			purpose,
			COUNT(*)
		FROM visits
		WHERE hall_id = ?
			AND at >= ?
			AND at < ?
		GROUP BY 1, 2`, []any{from, hourNanos, q.HallID, from, q.To.UnixNano()}, func(rows *sql.Rows) error {
		var c community.HourCount
		out = append(out, c)
		last := &out[len(out)-1]
		return rows.Scan(&last.Bucket, &last.Key, &last.Count)
	})
	return out, err
}

func (db *DB) DashboardBookings(ctx context.Context, q central.DashboardQuery) ([]community.BookingSum, error) {
	var out []community.BookingSum
	err := db.dashboardRows(ctx, "dashboard bookings", `
		SELECT
			room_id,
			status,
			COUNT(*),
			SUM(end_at - start_at)
		FROM bookings
		WHERE hall_id = ?
			AND start_at >= ?
			AND start_at < ?
		GROUP BY room_id, status`, []any{q.HallID, q.From.UnixNano(), q.To.UnixNano()}, func(rows *sql.Rows) error {
		var s community.BookingSum
		var status string
		var length int64
		if err := rows.Scan(&s.RoomID, &status, &s.Count, &length); err != nil {
			return err
		}
		s.Status, s.Length = kiosk.BookingStatus(status), time.Duration(length)
		out = append(out, s)
		return nil
	})
	return out, err
}

func (db *DB) DashboardRequests(ctx context.Context, q central.DashboardQuery) ([]community.RequestCount, error) {
	var out []community.RequestCount
	from := q.From.UnixNano()
	err := db.dashboardRows(ctx, "dashboard requests", `
		SELECT
			category,
			building_id,
			floor,
			(submitted_at - ?) / ?,
			COUNT(*)
		FROM requests
		WHERE hall_id = ?
			AND submitted_at >= ?
			AND submitted_at < ?
			AND proactive = 0
		GROUP BY 1, 2, 3, 4`, []any{from, hourNanos, q.HallID, from, q.To.UnixNano()}, func(rows *sql.Rows) error {
		var c community.RequestCount
		var cat string
		if err := rows.Scan(&cat, &c.BuildingID, &c.Floor, &c.Bucket, &c.Count); err != nil {
			return err
		}
		c.Category = kiosk.RequestCategory(cat)
		out = append(out, c)
		return nil
	})
	return out, err
}

// heldIn is the SQL list of community.HeldMeetings and its arguments.
func heldIn() (string, []any) {
	var args []any
	for _, s := range community.HeldMeetings {
		args = append(args, string(s))
	}
	return "(?" + strings.Repeat(", ?", len(args)-1) + ")", args
}

// inList is "(?, ?, …)" for ids, with the ids as arguments.
func inList(ids []string) (string, []any) {
	var args []any
	for _, id := range ids {
		args = append(args, id)
	}
	return "(?" + strings.Repeat(", ?", len(args)-1) + ")", args
}

func (db *DB) DashboardStudentMeetings(ctx context.Context, q central.DashboardQuery, mentorIDs []string) ([]community.StudentCount, error) {
	if len(mentorIDs) == 0 {
		return nil, nil
	}
	held, heldArgs := heldIn()
	mentors, mentorArgs := inList(mentorIDs)
	args := append(append([]any{q.HallID, q.From.UnixNano(), q.To.UnixNano()}, heldArgs...), mentorArgs...)
	var out []community.StudentCount
	err := db.dashboardRows(ctx, "dashboard student meetings", `
		SELECT
			student_key,
			COUNT(*)
		FROM appointments
		WHERE hall_id = ?
			AND start_at >= ?
			AND start_at < ?
			AND status IN `+held+`
			AND mentor_id IN `+mentors+`
		GROUP BY student_key`, args, func(rows *sql.Rows) error {
		var c community.StudentCount
		if err := rows.Scan(&c.StudentKey, &c.Count); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

func (db *DB) DashboardMentorMeetings(ctx context.Context, q central.DashboardQuery, mentorIDs []string) ([]community.MentorCount, error) {
	if len(mentorIDs) == 0 {
		return nil, nil
	}
	held, heldArgs := heldIn()
	mentors, mentorArgs := inList(mentorIDs)
	from := q.From.UnixNano()
	args := append(append([]any{from, hourNanos, q.HallID, from, q.To.UnixNano()}, heldArgs...), mentorArgs...)
	var out []community.MentorCount
	err := db.dashboardRows(ctx, "dashboard mentor meetings", `
		SELECT
			mentor_id,
			(start_at - ?) / ?,
			COUNT(*)
		FROM appointments
		WHERE hall_id = ?
			AND start_at >= ?
			AND start_at < ?
			AND status IN `+held+`
			AND mentor_id IN `+mentors+`
		GROUP BY 1, 2`, args, func(rows *sql.Rows) error {
		var c community.MentorCount
		if err := rows.Scan(&c.MentorID, &c.Bucket, &c.Count); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

func (db *DB) DashboardShifts(ctx context.Context, q central.DashboardQuery) ([]community.ShiftSum, error) {
	var out []community.ShiftSum
	from := q.From.UnixNano()
	err := db.dashboardRows(ctx, "dashboard shifts", `
		SELECT
			student_key,
			(start_at - ?) / ?,
			SUM(end_at - start_at)
		FROM shifts
		WHERE hall_id = ?
			AND start_at >= ?
			AND start_at < ?
			AND end_at IS NOT NULL
		GROUP BY 1, 2`, []any{from, hourNanos, q.HallID, from, q.To.UnixNano()}, func(rows *sql.Rows) error {
		var s community.ShiftSum
		var length int64
		if err := rows.Scan(&s.StudentKey, &s.Bucket, &length); err != nil {
			return err
		}
		s.Length = time.Duration(length)
		out = append(out, s)
		return nil
	})
	return out, err
}

func (db *DB) DashboardAttendance(ctx context.Context, q central.DashboardQuery) ([]community.EventCount, error) {
	var out []community.EventCount
	err := db.dashboardRows(ctx, "dashboard attendance", `
		SELECT
			a.event_id,
			COUNT(*)
		FROM events e
		JOIN attendance a ON a.event_id = e.id
		WHERE e.hall_id = ?
			AND e.start_at >= ?
			AND e.start_at < ?
		GROUP BY a.event_id`, []any{q.HallID, q.From.UnixNano(), q.To.UnixNano()}, func(rows *sql.Rows) error {
		var c community.EventCount
		if err := rows.Scan(&c.EventID, &c.Count); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}
