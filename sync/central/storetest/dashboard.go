package storetest

import (
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/community"
	"onestop/sync/wire"
)

// The community dashboard's aggregates (central.DashboardStore): each
// counts one hall's range only, in hour buckets from From.

func testDashboard(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	at := f.At
	day := central.DashboardQuery{HallID: HallA, From: at(0, 0, 0), To: at(1, 0, 0)}

	// Visits: one pushed by a kiosk, the others imported; one of hall B
	// and one of the next day count nowhere.
	f.Clock.Set(at(0, 9, 20))
	WantStatus(t, f.Push(f.K1, kiosk.KindVisitCheckin, "v1", kiosk.Visit{ID: "v1", StudentKey: Alice, HallID: HallA, Purpose: kiosk.PurposeStudy, At: at(0, 9, 20)}), wire.StatusApplied, "")
	vis := func(id, student string, p kiosk.Purpose, t time.Time) kiosk.Visit {
		return kiosk.Visit{ID: id, StudentKey: student, Purpose: p, At: t}
	}
	f.Must(f.S.ImportHistory(f.Ctx, HallA, central.History{
		Visits: []kiosk.Visit{vis("v2", Bob, kiosk.PurposeStudy, at(0, 9, 59)), vis("v3", Bob, kiosk.PurposeConsult, at(0, 14, 0)),
			vis("v4", Bob, kiosk.PurposeStudy, at(1, 0, 0))},
		Bookings: []kiosk.Booking{
			withStatus(Booking("b1", RoomA, Alice, at(0, 10, 0), at(0, 12, 0)), kiosk.BookingCheckedIn),
			withStatus(Booking("b2", RoomA, Bob, at(0, 12, 0), at(0, 13, 0)), kiosk.BookingNoShow),
			withStatus(Booking("b3", RoomA, Bob, at(0, 14, 0), at(0, 15, 0)), kiosk.BookingNoShow),
			withStatus(Booking("b4", RoomA, Alice, at(0, 16, 0), at(0, 17, 0)), kiosk.BookingCancelled),
			withStatus(Booking("b5", RoomA, Alice, at(1, 10, 0), at(1, 11, 0)), kiosk.BookingCheckedIn),
		},
		Requests: []kiosk.Request{
			atPlace(Request("q1", Alice), kiosk.CategoryRepair, 3, at(0, 8, 10)),
			atPlace(Request("q2", Bob), kiosk.CategoryRepair, 3, at(0, 8, 50)),
			atPlace(Request("q3", Bob), kiosk.CategoryNetwork, 5, at(0, 20, 0)),
			proactive(atPlace(Request("q4", ""), kiosk.CategoryRepair, 3, at(0, 8, 0))),
		},
		Appointments: []kiosk.Appointment{
			meeting("a1", "s1", MentorA, Alice, at(0, 10, 0), kiosk.AppointmentCompleted),
			meeting("a2", "s2", MentorA, Alice, at(0, 11, 0), kiosk.AppointmentArrived),
			meeting("a3", "s3", MentorA, Bob, at(0, 12, 0), kiosk.AppointmentMissed),
			meeting("a4", "s4", "mentor-lead", Bob, at(0, 15, 0), kiosk.AppointmentCompleted),
			meeting("a5", "s5", MentorA, Bob, at(0, 16, 0), kiosk.AppointmentBooked),
		},
		Shifts: []kiosk.Shift{
			{ID: "sh1", StudentKey: Alice, Start: at(0, 8, 0), End: at(0, 10, 30)},
			{ID: "sh2", StudentKey: Alice, Start: at(0, 8, 40), End: at(0, 9, 0)},
			{ID: "sh3", StudentKey: Bob, Start: at(0, 18, 0)}, // still on duty
		},
		Attendance: []kiosk.Attendance{{ID: "at1", EventID: EventA, StudentKey: Alice, At: at(0, 9, 30)}, {ID: "at2", EventID: EventA, StudentKey: Bob, At: at(0, 9, 40)}},
	}))
	f.Must(f.S.ImportHistory(f.Ctx, HallB, central.History{
		Visits:   []kiosk.Visit{vis("vb", Carol, kiosk.PurposeStudy, at(0, 9, 0))},
		Requests: []kiosk.Request{atPlace(Request("qb", Carol), kiosk.CategoryRepair, 3, at(0, 8, 0))},
	}))

	visits, err := f.S.DashboardVisits(f.Ctx, day)
	f.Must(err)
	sortBy(visits, func(c community.HourCount) int64 { return c.Bucket })
	if want := []community.HourCount{{Bucket: 9, Key: "study", Count: 2}, {Bucket: 14, Key: "consult", Count: 1}}; !slices.Equal(visits, want) {
		t.Errorf("visits %+v, want %+v", visits, want)
	}

	bookings, err := f.S.DashboardBookings(f.Ctx, day)
	f.Must(err)
	sortBy(bookings, func(s community.BookingSum) string { return string(s.Status) })
	if want := []community.BookingSum{
		{RoomID: RoomA, Status: kiosk.BookingCancelled, Count: 1, Length: time.Hour},
		{RoomID: RoomA, Status: kiosk.BookingCheckedIn, Count: 1, Length: 2 * time.Hour},
		{RoomID: RoomA, Status: kiosk.BookingNoShow, Count: 2, Length: 2 * time.Hour},
	}; !slices.Equal(bookings, want) {
		t.Errorf("bookings %+v, want %+v", bookings, want)
	}

	requests, err := f.S.DashboardRequests(f.Ctx, day)
	f.Must(err)
	sortBy(requests, func(c community.RequestCount) int64 { return c.Bucket })
	if want := []community.RequestCount{
		{Category: kiosk.CategoryRepair, BuildingID: BuildingA, Floor: 3, Bucket: 8, Count: 2},
		{Category: kiosk.CategoryNetwork, BuildingID: BuildingA, Floor: 5, Bucket: 20, Count: 1},
	}; !slices.Equal(requests, want) {
		t.Errorf("requests %+v, want %+v (no proactive one, no hall B's)", requests, want)
	}

	students, err := f.S.DashboardStudentMeetings(f.Ctx, day, []string{MentorA})
	f.Must(err)
	if want := []community.StudentCount{{StudentKey: Alice, Count: 2}}; !slices.Equal(students, want) {
		t.Errorf("academic meetings %+v, want %+v (held ones only)", students, want)
	}
	if none, err := f.S.DashboardStudentMeetings(f.Ctx, day, nil); err != nil || len(none) != 0 {
		t.Errorf("no mentors: %+v, %v", none, err)
	}
	leaders, err := f.S.DashboardMentorMeetings(f.Ctx, day, []string{"mentor-lead"})
	f.Must(err)
	if want := []community.MentorCount{{MentorID: "mentor-lead", Bucket: 15, Count: 1}}; !slices.Equal(leaders, want) {
		t.Errorf("leader sessions %+v, want %+v", leaders, want)
	}

	shifts, err := f.S.DashboardShifts(f.Ctx, day)
	f.Must(err)
	if want := []community.ShiftSum{{StudentKey: Alice, Bucket: 8, Length: 2*time.Hour + 50*time.Minute}}; !slices.Equal(shifts, want) {
		t.Errorf("shifts %+v, want %+v (the open one left out)", shifts, want)
	}

	att, err := f.S.DashboardAttendance(f.Ctx, day)
	f.Must(err)
	if want := []community.EventCount{{EventID: EventA, Count: 2}}; !slices.Equal(att, want) {
		t.Errorf("attendance %+v, want %+v", att, want)
	}

	// Hall B's day sees its own only; a range with nothing is empty.
	b := day
	b.HallID = HallB
	if vb, err := f.S.DashboardVisits(f.Ctx, b); err != nil || len(vb) != 1 || vb[0].Count != 1 {
		t.Errorf("hall B visits %+v, %v", vb, err)
	}
	empty := central.DashboardQuery{HallID: HallA, From: at(-7, 0, 0), To: at(-1, 0, 0)}
	if v, err := f.S.DashboardVisits(f.Ctx, empty); err != nil || len(v) != 0 {
		t.Errorf("last week's visits %+v, %v", v, err)
	}
}

func withStatus(b kiosk.Booking, s kiosk.BookingStatus) kiosk.Booking { b.Status = s; return b }

func atPlace(r kiosk.Request, c kiosk.RequestCategory, floor int, sub time.Time) kiosk.Request {
	r.Category, r.Floor, r.SubmittedAt, r.Presets = c, floor, sub, []string{kiosk.RequestPresets[c][0]}
	return r
}

func meeting(id, slot, mentor, student string, start time.Time, s kiosk.AppointmentStatus) kiosk.Appointment {
	return kiosk.Appointment{ID: id, SlotID: slot, MentorID: mentor, StudentKey: student, Start: start, End: start.Add(30 * time.Minute),
		Status: s, CreatedAt: start.Add(-time.Hour), MentorType: kiosk.MentorAcademic}
}

func sortBy[T any, K int64 | string](xs []T, key func(T) K) {
	slices.SortStableFunc(xs, func(a, b T) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
}
