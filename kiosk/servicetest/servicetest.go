// Package servicetest is the one contract every implementation of the
// kiosk's services meets: the local store (kiosk/store) and the test
// fakes (kiosk/kiosktest) run the same cases, so a fake that the screens'
// tests trust cannot drift from the store the students use. Everything
// central owns is seeded through Env.Apply, the sync path production
// uses; everything a student does goes through the services.
package servicetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

// Env is one implementation under test.
type Env struct {
	Rooms        kiosk.RoomService
	Appointments kiosk.AppointmentService
	Visits       kiosk.VisitService
	Events       kiosk.EventService
	Requests     kiosk.RequestService
	Records      kiosk.RecordService
	// Apply takes a page of central's changes, as the syncer hands it.
	Apply func(ctx context.Context, p kiosk.ChangePage) (kiosk.ApplyStats, error)
}

// Open returns a fresh, empty implementation at clock's time.
type Open func(tb testing.TB, clock kiosk.Clock) Env

// Run runs every case against open.
func Run(t *testing.T, open Open) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, *Fixture)
	}{
		{"RepeatedIDs", testRepeatedIDs},
		{"UnknownStudent", testUnknownStudent},
		{"NoShowWindow", testNoShowWindow},
		{"OverdueIsNoShow", testOverdueIsNoShow},
		{"SlotGrid", testSlotGrid},
		{"CancelAndCheckIn", testCancelAndCheckIn},
		{"Appointments", testAppointments},
		{"EventsAndRequests", testEventsAndRequests},
		{"PINLockout", testPINLockout},
		{"HallZone", testHallZone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, NewFixture(t, open))
		})
	}
}

// The fixture hall: Monday 2 March 2026, 10:07 in the hall.
var (
	Zone  = kiosk.DefaultLocation()
	Start = time.Date(2026, 3, 2, 10, 7, 0, 0, Zone)
)

// Keys of the fixture's students.
const (
	Alice = "key-alice" // a volunteer too
	Bob   = "key-bob"
	Carol = "key-carol"
	PIN   = "246810" // Alice's
)

// Fixture rooms, mentor and event.
var (
	Study   = kiosk.Room{ID: "r-study", Name: kiosk.LocalName{Zh: "自习室"}, Type: kiosk.RoomStudy, Capacity: 20, BuildingID: "b1", Floor: 1, Opens: 8 * 60, Closes: 22 * 60, Active: true}
	Seminar = kiosk.Room{ID: "r-seminar", Name: kiosk.LocalName{Zh: "研讨室"}, Type: kiosk.RoomSeminar, Capacity: 8, BuildingID: "b1", Floor: 2, Opens: 8 * 60, Closes: 22 * 60, Active: true}
	Mentor  = kiosk.Mentor{ID: "m-academic", Name: kiosk.LocalName{Zh: "王老师"}, Type: kiosk.MentorAcademic}
	Lecture = kiosk.Event{ID: "e-lecture", Title: kiosk.LocalName{Zh: "讲座"}}
)

// Fixture is an implementation seeded with the fixture hall.
type Fixture struct {
	Env
	T     *testing.T
	Ctx   context.Context
	Clock *kiosktest.Clock
}

// NewFixture opens an implementation and seeds it through Apply.
func NewFixture(t *testing.T, open Open) *Fixture {
	t.Helper()
	clock := kiosktest.NewClock(Start)
	f := &Fixture{Env: open(t, clock), T: t, Ctx: context.Background(), Clock: clock}
	hash, err := kiosk.HashPIN(PIN)
	f.Must(err)
	lecture := Lecture
	lecture.Start, lecture.End = f.At(0, 10, 0), f.At(0, 12, 0)
	var slots []any
	for d := range 16 {
		for _, h := range []int{14, 15} {
			slots = append(slots, Slot(f.At(d, h, 0)))
		}
	}
	f.Seed(kiosk.EntitySettings, map[string]string{kiosk.SettingHallID: "hall-1"})
	f.Seed(kiosk.EntityStudent,
		kiosk.RosterRow{Key: Alice, MaskedName: "张*华", BuildingID: "b1", Floor: 3, Roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}, PINHash: hash},
		kiosk.RosterRow{Key: Bob, MaskedName: "李*", BuildingID: "b1", Floor: 5, Roles: []string{kiosk.RoleStudent}},
		kiosk.RosterRow{Key: Carol, MaskedName: "陈*", BuildingID: "b1", Floor: 2, Roles: []string{kiosk.RoleStudent}})
	f.Seed(kiosk.EntityRoom, Study, Seminar)
	f.Seed(kiosk.EntityMentor, Mentor)
	f.Seed(kiosk.EntityMentorSlot, slots...)
	f.Seed(kiosk.EntityEvent, lecture)
	return f
}

// Slot is the fixture mentor's 30-minute slot starting at start.
func Slot(start time.Time) kiosk.MentorSlot {
	return kiosk.MentorSlot{ID: "slot-" + start.Format("0102-1504"), MentorID: Mentor.ID, Start: start, End: start.Add(30 * time.Minute)}
}

// At is days after Start's day at h:m in the hall.
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

// Seed applies rows of one entity as one page of central's feed; every
// row must be taken.
func (f *Fixture) Seed(entity string, rows ...any) {
	f.T.Helper()
	var cs []kiosk.Change
	for _, r := range rows {
		data, err := json.Marshal(r)
		f.Must(err)
		var id struct {
			ID  string `json:"id"`
			Key string `json:"key"`
		}
		f.Must(json.Unmarshal(data, &id))
		if id.ID == "" {
			id.ID = id.Key
		}
		if entity == kiosk.EntitySettings {
			id.ID = "hall-1"
		}
		cs = append(cs, kiosk.Change{Entity: entity, ID: id.ID, Data: data})
	}
	st, err := f.Apply(f.Ctx, kiosk.ChangePage{Changes: cs, Cursor: "c"})
	f.Must(err)
	if len(st.Skipped) > 0 {
		f.T.Fatalf("seed %s skipped %v", entity, st.Skipped)
	}
}

// Settings replaces the hall's settings (the hall id stays).
func (f *Fixture) Settings(kv map[string]string) {
	f.T.Helper()
	all := map[string]string{kiosk.SettingHallID: "hall-1"}
	for k, v := range kv {
		all[k] = v
	}
	f.Seed(kiosk.EntitySettings, all)
}

// Booking is a request to book room for student at [start, start+d).
func Booking(id, student, room string, start time.Time, d time.Duration) *kiosk.Booking {
	return &kiosk.Booking{ID: id, RoomID: room, StudentKey: student, Start: start, End: start.Add(d)}
}

// WantCode fails unless err has code and, when given, message id.
func WantCode(tb testing.TB, err error, code, msgID string) {
	tb.Helper()
	if got := kiosk.ErrorCode(err); got != code {
		tb.Fatalf("error %v: code %q, want %q", err, got, code)
	}
	var ke *kiosk.Error
	if msgID != "" && (!errors.As(err, &ke) || ke.MessageID != msgID) {
		tb.Fatalf("error %v: want message id %q", err, msgID)
	}
}
