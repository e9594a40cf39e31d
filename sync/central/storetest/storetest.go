// Package storetest is the contract every central.Store implementation
// passes, litestream-style: sqlitestore and pgstore each run Run against
// their own fresh databases.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
)

// Opener opens a handle on one database. Every handle has its own
// connections, standing in for a separate central process; the backend
// closes them when the test ends.
type Opener func(t testing.TB, clock kiosk.Clock) central.Store

// Fresh makes a new, empty database for one test and returns its Opener.
type Fresh func(t testing.TB) Opener

// Run runs the whole contract against fresh databases.
func Run(t *testing.T, fresh Fresh) {
	tests := []struct {
		name string
		fn   func(t *testing.T, fresh Fresh)
	}{
		{"Reopen", testReopen},
		{"Catalog", testCatalog},
		{"Settings", testSettings},
		{"Enroll", testEnroll},
		{"Admins", testAdmins},
		{"FeedResume", testFeedResume},
		{"FeedRetention", testFeedRetention},
		{"SnapshotPaging", testSnapshotPaging},
		{"StudentMovesHall", testStudentMovesHall},
		{"PushExactlyOnce", testPushExactlyOnce},
		{"PushSeqGap", testPushSeqGap},
		{"PushBadInput", testPushBadInput},
		{"PushBadText", testPushBadText},
		{"PINs", testPINs},
		{"RevokeKiosk", testRevokeKiosk},
		{"AskKiosk", testAskKiosk},
		{"Audit", testAudit},
		{"BookingConflict", testBookingConflict},
		{"BookingRules", testBookingRules},
		{"HallZone", testHallZone},
		{"OverdueIsNoShow", testOverdueIsNoShow},
		{"BookingCancelFreesSlot", testBookingCancelFreesSlot},
		{"BookingCheckin", testBookingCheckin},
		{"ReleaseNoShows", testReleaseNoShows},
		{"AppointmentConflict", testAppointmentConflict},
		{"AppointmentCancel", testAppointmentCancel},
		{"OtherHall", testOtherHall},
		{"Requests", testRequests},
		{"EventsVisitsShifts", testEventsVisitsShifts},
		{"ImportHistory", testImportHistory},
		{"ConcurrentFeed", testConcurrentFeed},
		{"MentorLinks", testMentorLinks},
		{"MentorAppointments", testMentorAppointments},
		{"BoardPolicy", testBoardPolicy},
		{"BoardUnits", testBoardUnits},
		{"BoardPaging", testBoardPaging},
		{"BoardHandle", testBoardHandle},
		{"Editors", testEditors},
		{"Rates", testRates},
		{"RosterImport", testRosterImport},
		{"Dashboard", testDashboard},
		{"FeedWake", testFeedWake},
		{"DeskShifts", testDeskShifts},
		{"DeskAssisted", testDeskAssisted},
		{"DeskQueue", testDeskQueue},
		{"CappedShifts", testCappedShifts},
		{"Releases", testReleases},
		{"ConcurrentPublish", testConcurrentPublish},
		{"HeartbeatUpdates", testHeartbeatUpdates},
		{"Ready", testReady},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, fresh)
		})
	}
}

// Zone is the hall's local time in the suite: China, no DST.
var Zone = time.FixedZone("CST", 8*3600)

// Start is the suite's clock at the beginning of each test: a Monday
// morning.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, Zone)

// Fixture ids: hall A has two kiosks, hall B one.
const (
	HallA, HallB         = "hall-a", "hall-b"
	BuildingA, BuildingB = "b-a", "b-b"
	RoomA, RoomB         = "room-a", "room-b"
	MentorA              = "mentor-a"
	SlotA                = "slot-a"
	EventA               = "event-a"
	Alice, Bob, Carol    = "key-alice", "key-bob", "key-carol" // Carol lives in hall B
)

// Fixture is a small campus in a fresh database.
type Fixture struct {
	T      testing.TB
	Ctx    context.Context
	Clock  *kiosktest.Clock
	S      central.Store
	Open   Opener
	K1, K2 central.Kiosk // hall A
	KB     central.Kiosk // hall B
	seq    map[string]int64
}

// NewFixture seeds two halls with a building, a room, a mentor slot, an
// event, students and enrolled kiosks.
func NewFixture(t testing.TB, fresh Fresh) *Fixture {
	t.Helper()
	open := fresh(t)
	f := &Fixture{T: t, Ctx: context.Background(), Clock: kiosktest.NewClock(Start), Open: open, seq: map[string]int64{}}
	f.S = open(t, f.Clock)
	ctx, s := f.Ctx, f.S
	f.Must(s.PutHall(ctx, central.Hall{ID: HallA, Name: kiosk.LocalName{Zh: "甲大厅", En: "Hall A"}}))
	f.Must(s.PutHall(ctx, central.Hall{ID: HallB, Name: kiosk.LocalName{Zh: "乙大厅", En: "Hall B"}}))
	f.Must(s.PutBuilding(ctx, HallA, kiosk.Building{ID: BuildingA, Name: kiosk.LocalName{Zh: "明德楼"}, Floors: 10}))
	f.Must(s.PutBuilding(ctx, HallB, kiosk.Building{ID: BuildingB, Name: kiosk.LocalName{Zh: "至善楼"}, Floors: 8}))
	for _, r := range []struct{ id, hall, b string }{{RoomA, HallA, BuildingA}, {RoomB, HallB, BuildingB}} {
		f.Must(s.PutRoom(ctx, r.hall, kiosk.Room{ID: r.id, Name: kiosk.LocalName{Zh: "自习室"}, Type: kiosk.RoomStudy,
			Capacity: 8, BuildingID: r.b, Floor: 1, Opens: 8 * 60, Closes: 22 * 60, Active: true}))
	}
	f.Must(s.PutMentor(ctx, HallA, kiosk.Mentor{ID: MentorA, Name: kiosk.LocalName{Zh: "王老师"}, Type: kiosk.MentorAcademic}))
	f.Must(s.PutMentorSlot(ctx, kiosk.MentorSlot{ID: SlotA, MentorID: MentorA, Start: f.At(1, 10, 0), End: f.At(1, 10, 30)}))
	f.Must(s.PutEvent(ctx, HallA, kiosk.Event{ID: EventA, Title: kiosk.LocalName{Zh: "讲座"}, Start: f.At(0, 9, 30), End: f.At(0, 11, 0)}))
	f.Must(s.PutStudents(ctx, []central.Student{
		{Key: Alice, CardKey: "card-alice", MaskedName: "张*华", BuildingID: BuildingA, Floor: 3, Roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}},
		{Key: Bob, MaskedName: "李*", BuildingID: BuildingA, Floor: 5, Roles: []string{kiosk.RoleStudent}},
		{Key: Carol, MaskedName: "陈*", BuildingID: BuildingB, Floor: 2, Roles: []string{kiosk.RoleStudent}},
	}))
	f.K1, f.K2, f.KB = f.Enroll(HallA, "k1"), f.Enroll(HallA, "k2"), f.Enroll(HallB, "kb")
	return f
}

// At is the time days after Start's day at h:m.
func (f *Fixture) At(days, h, m int) time.Time {
	return time.Date(Start.Year(), Start.Month(), Start.Day()+days, h, m, 0, 0, Zone)
}

// Must fails the test on err.
func (f *Fixture) Must(err error) {
	f.T.Helper()
	if err != nil {
		f.T.Fatal(err)
	}
}

// Hash is how the server hashes tokens and codes, so a fixture kiosk
// "k1" authenticates over HTTP with the bearer token "token-k1".
func Hash(s string) string { return central.HashSecret(s) }

// Enroll creates a code for the hall and redeems it as kiosk id.
func (f *Fixture) Enroll(hall, id string) central.Kiosk {
	f.T.Helper()
	code := "code-" + id
	f.Must(f.S.CreateEnrollCode(f.Ctx, Hash(code), hall, f.Clock.Now().Add(24*time.Hour)))
	k, err := f.S.Enroll(f.Ctx, Hash(code), central.Kiosk{ID: id, Name: "Kiosk " + id}, Hash("token-"+id))
	f.Must(err)
	return k
}

// Push sends one mutation as the kiosk's next seq and returns its result.
func (f *Fixture) Push(k central.Kiosk, kind, id string, payload any) central.Result {
	f.T.Helper()
	m := f.Mutation(k, kind, id, payload)
	res, err := f.S.Push(f.Ctx, k, []kiosk.Mutation{m})
	if err != nil {
		f.T.Fatalf("push %s: %v", kind, err)
	}
	if len(res.Results) != 1 || res.LastSeq != m.Seq {
		f.T.Fatalf("push %s: %+v", kind, res)
	}
	return res.Results[0]
}

// Mutation makes the kiosk's next mutation.
func (f *Fixture) Mutation(k central.Kiosk, kind, id string, payload any) kiosk.Mutation {
	f.T.Helper()
	b, err := json.Marshal(payload)
	f.Must(err)
	f.seq[k.ID]++
	return kiosk.Mutation{Seq: f.seq[k.ID], ID: id, Kind: kind, At: f.Clock.Now(), Payload: b}
}

// Booking is a booking.create payload for student in room.
func Booking(id, room, student string, start, end time.Time) kiosk.Booking {
	return kiosk.Booking{ID: id, RoomID: room, StudentKey: student, Start: start, End: end, Status: kiosk.BookingBooked, CreatedAt: start}
}

// Action is an action payload.
func Action(id, student string) kiosk.ActionPayload {
	return kiosk.ActionPayload{ID: id, StudentKey: student}
}

// WantStatus fails unless r has the status and code.
func WantStatus(t testing.TB, r central.Result, status, code string) {
	t.Helper()
	if r.Status != status || r.Code != code {
		t.Fatalf("result %+v (entity %s), want %s %q", r, r.Entity, status, code)
	}
}

// PullAll pulls the hall's feed from c until has_more is false.
func PullAll(t testing.TB, s central.Store, hall string, c central.Cursor, limit int) (changes []central.Change, next central.Cursor, reset bool) {
	t.Helper()
	for i := 0; ; i++ {
		p, err := s.Changes(context.Background(), hall, c, limit)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			reset = p.Reset
		} else if p.Reset {
			t.Fatal("reset on a page after the first")
		}
		changes = append(changes, p.Changes...)
		c = p.Next
		if !p.HasMore {
			return changes, c, reset
		}
		if i > 100000 {
			t.Fatal("feed never ends")
		}
	}
}

// Find returns the last change to entity id in cs, if any.
func Find(cs []central.Change, entity, id string) (central.Change, bool) {
	for i := len(cs) - 1; i >= 0; i-- {
		if cs[i].Entity == entity && cs[i].ID == id {
			return cs[i], true
		}
	}
	return central.Change{}, false
}

// Decode unmarshals a change's or result's data.
func Decode[T any](t testing.TB, data json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return v
}

func key(c central.Change) string { return fmt.Sprintf("%s/%s/%s/%s", c.Entity, c.ID, c.Op, c.Data) }

// testReady: a store open on a migrated database is ready, and so is
// another handle on it (another central process).
func testReady(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Must(f.S.Ready(f.Ctx))
	f.Must(f.Open(t, f.Clock).Ready(f.Ctx))
}
