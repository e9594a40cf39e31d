package store_test

import (
	"context"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// The fixture campus of the service tests. t0 is Monday 08:30.
var (
	seminar = kiosk.Room{ID: "r-seminar", Name: kiosk.LocalName{Zh: "研讨室 201", En: "Seminar Room 201"},
		Type: kiosk.RoomSeminar, Capacity: 8, Facilities: []string{"projector", "whiteboard"},
		BuildingID: "b1", Floor: 2, Opens: 8 * 60, Closes: 22 * 60, Active: true}
	study = kiosk.Room{ID: "r-study", Name: kiosk.LocalName{Zh: "自习室 101", En: "Study Room 101"},
		Type: kiosk.RoomStudy, Capacity: 30, Facilities: []string{"sockets"},
		BuildingID: "b1", Floor: 1, Opens: 8 * 60, Closes: 22 * 60, Active: true}
	closedRoom = kiosk.Room{ID: "r-closed", Name: kiosk.LocalName{Zh: "研讨室 301", En: "Seminar Room 301"},
		Type: kiosk.RoomSeminar, Capacity: 6, BuildingID: "b1", Floor: 3, Opens: 8 * 60, Closes: 22 * 60}
	academic = kiosk.Mentor{ID: "m-academic", Name: kiosk.LocalName{Zh: "李明远 教授", En: "Prof. Li Mingyuan"},
		Type: kiosk.MentorAcademic, Field: kiosk.LocalName{Zh: "计算机", En: "Computing"},
		Place: kiosk.LocalName{Zh: "明德楼 205", En: "Mingde 205"}}
	counsellor = kiosk.Mentor{ID: "m-counsel", Name: kiosk.LocalName{Zh: "王静 老师", En: "Ms Wang Jing"},
		Type: kiosk.MentorCounselling}
	fair = kiosk.Event{ID: "e-fair", Title: kiosk.LocalName{Zh: "社团招新", En: "Club fair"},
		Place: kiosk.LocalName{Zh: "活动室", En: "Activity room"}}
)

// at returns t0's day plus days at hh:mm.
func at(days, hh, mm int) time.Time {
	return time.Date(t0.Year(), t0.Month(), t0.Day()+days, hh, mm, 0, 0, t0.Location())
}

// slotAt is the academic mentor's 30-minute slot at at(days, hh, mm).
func slotAt(days, hh, mm int) kiosk.MentorSlot {
	s := at(days, hh, mm)
	return kiosk.MentorSlot{ID: "slot-" + s.Format("0102-1504"), MentorID: academic.ID, Start: s, End: s.Add(30 * time.Minute)}
}

// openServices opens a store holding the fixture campus: rooms, two
// mentors with academic slots every afternoon of the next 15 days, and
// an event today 10:00–12:00.
func openServices(tb testing.TB) (*store.DB, *kiosktest.Clock) {
	tb.Helper()
	db, clock, _ := openStore(tb)
	seed(tb, db, kiosk.EntityRoom, seminar, study, closedRoom)
	seed(tb, db, kiosk.EntityMentor, academic, counsellor)
	var slots []kiosk.MentorSlot
	for d := range 16 {
		for _, hh := range []int{14, 15, 16} {
			slots = append(slots, slotAt(d, hh, 0))
		}
	}
	seed(tb, db, kiosk.EntityMentorSlot, slots...)
	e := fair
	e.Start, e.End = at(0, 10, 0), at(0, 12, 0)
	seed(tb, db, kiosk.EntityEvent, e)
	return db, clock
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// booking makes a booking of room for student from start for minutes.
func booking(id, student, room string, start time.Time, minutes int) *kiosk.Booking {
	return &kiosk.Booking{ID: id, RoomID: room, StudentKey: student, Start: start,
		End: start.Add(time.Duration(minutes) * time.Minute)}
}

// appointment asks for slot as student.
func appointment(id, student string, slot kiosk.MentorSlot) *kiosk.Appointment {
	return &kiosk.Appointment{ID: id, SlotID: slot.ID, StudentKey: student}
}

// allOutbox reads the whole outbox and fails unless seqs are gap-free.
func allOutbox(tb testing.TB, db *store.DB) []kiosk.Mutation {
	tb.Helper()
	var out []kiosk.Mutation
	for after := int64(0); ; {
		page, err := db.Outbox(context.Background(), after, 1000)
		if err != nil {
			tb.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		out = append(out, page...)
		after = page[len(page)-1].Seq
	}
	for i, m := range out {
		if m.Seq != int64(i+1) {
			tb.Fatalf("outbox entry %d has seq %d: not gap-free", i, m.Seq)
		}
	}
	return out
}

// wantOutbox fails unless the outbox holds exactly these kinds in order.
func wantOutbox(tb testing.TB, db *store.DB, kinds ...string) []kiosk.Mutation {
	tb.Helper()
	ms := allOutbox(tb, db)
	got := make([]string, len(ms))
	for i, m := range ms {
		got[i] = m.Kind
	}
	if len(got) != len(kinds) {
		tb.Fatalf("outbox kinds = %v, want %v", got, kinds)
	}
	for i := range got {
		if got[i] != kinds[i] {
			tb.Fatalf("outbox kinds = %v, want %v", got, kinds)
		}
	}
	return ms
}

// wantData fails unless err's message data has key equal to want.
func wantData(tb testing.TB, err error, key string, want any) {
	tb.Helper()
	_, data := kiosk.ErrorMessageID(err)
	got, ok := data[key]
	if t, isTime := want.(time.Time); isTime {
		if gt, _ := got.(time.Time); !ok || !gt.Equal(t) {
			tb.Fatalf("error %v: data[%s] = %v, want %v", err, key, got, want)
		}
		return
	}
	if !ok || got != want {
		tb.Fatalf("error %v: data[%s] = %v, want %v", err, key, got, want)
	}
}
