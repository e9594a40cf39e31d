package storetest

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// testEditors: what the console's editors list is what kiosks get, one
// hall's only; a weekly pattern lands in one go, leaves a booked slot
// as it is, and entering it again adds no second copy.
func testEditors(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	s := f.S
	room := kiosk.Room{ID: "room-a2", Name: kiosk.LocalName{Zh: "研讨室"}, Type: kiosk.RoomSeminar, Capacity: 8,
		BuildingID: BuildingA, Floor: 3, Opens: 480, Closes: 1320, Active: true, ClosedWeekdays: []time.Weekday{time.Sunday}}
	f.Must(s.PutRoom(f.Ctx, HallA, room))
	rs, err := central.HallList[kiosk.Room](f.Ctx, s, HallA, wire.EntityRoom)
	f.Must(err)
	if len(rs) != 2 || rs[0].ID != RoomA || rs[1].ID != "room-a2" || rs[1].ClosedWeekdays[0] != time.Sunday {
		t.Fatalf("hall A's rooms: %+v", rs)
	}
	if rs, _ := central.HallList[kiosk.Room](f.Ctx, s, HallB, wire.EntityRoom); len(rs) != 1 || rs[0].ID != RoomB {
		t.Fatalf("hall B's rooms: %+v", rs)
	}
	if _, err := s.HallEntities(f.Ctx, HallA, "no-such-kind"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("an unknown kind: %v", err)
	}

	// Alice books slot-a (day 1, 10:00); the pattern covers it.
	WantStatus(t, f.Push(f.K1, kiosk.KindAppointmentCreate, "a1", kiosk.Appointment{ID: "a1", SlotID: SlotA, StudentKey: Alice}), wire.StatusApplied, "")
	p := kiosk.WeeklySlots{MentorID: MentorA, Weekdays: []time.Weekday{f.At(1, 0, 0).Weekday()}, Start: 10 * 60, End: 11 * 60,
		Length: 30 * time.Minute, From: f.At(0, 0, 0).Format(time.DateOnly), To: f.At(13, 0, 0).Format(time.DateOnly)}
	ss, err := p.Slots(Zone)
	f.Must(err)
	ss = append(ss, kiosk.MentorSlot{ID: SlotA, MentorID: MentorA, Start: f.At(1, 9, 0), End: f.At(1, 9, 30)})
	apply := func(ss []kiosk.MentorSlot, clear ...kiosk.DayOff) (int, error) {
		n, err := s.ApplyMentorSlots(f.Ctx, central.MentorSlotChange{MentorID: MentorA, Put: ss, Clear: clear})
		return n.Put, err
	}
	n, err := apply(ss)
	f.Must(err)
	if n != 4 {
		t.Fatalf("wrote %d slots, want the pattern's 4 and not the booked one", n)
	}
	n, err = apply(ss)
	f.Must(err)
	got, err := s.MentorSlots(f.Ctx, MentorA, f.At(0, 0, 0), f.At(14, 0, 0))
	f.Must(err)
	// By start, then id: the pattern's 10:00 slot, then the booked slot-a
	// still at 10:00.
	if n != 4 || len(got) != 5 || got[1].ID != SlotA || !got[1].Taken || !got[1].Start.Equal(f.At(1, 10, 0)) || got[0].Taken ||
		!got[0].Start.Equal(f.At(1, 10, 0)) || !got[4].End.Equal(f.At(8, 11, 0)) {
		t.Fatalf("the mentor's slots after the pattern twice (%d written): %+v", n, got)
	}
	if later, _ := s.MentorSlots(f.Ctx, MentorA, f.At(8, 11, 0), f.At(30, 0, 0)); len(later) != 0 {
		t.Fatalf("slots after the range: %+v", later)
	}
	// Kiosks of the hall get the slots through the feed.
	cs, _, _ := PullAll(t, s, HallA, central.Cursor{}, 1000)
	slots := 0
	for _, c := range cs {
		if c.Entity == wire.EntityMentorSlot {
			slots++
		}
	}
	if slots != 5 {
		t.Fatalf("hall A's feed has %d mentor slots, want 5", slots)
	}
	// A bad slot refuses the whole batch.
	bad := append(ss[:1:1], kiosk.MentorSlot{ID: "x", MentorID: MentorA, Start: f.At(2, 9, 0), End: f.At(2, 9, 0)})
	if _, err := apply(bad); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("a slot ending at its start: %v", err)
	}
	if _, err := apply([]kiosk.MentorSlot{{ID: "y", MentorID: "someone-else", Start: f.At(2, 9, 0), End: f.At(2, 9, 30)}}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("another mentor's slot: %v", err)
	}
	// Day 1 off: its free pattern slots go, the booked slot-a stays.
	p.Closed = []string{f.At(1, 0, 0).Format(time.DateOnly)}
	ss, err = p.Slots(Zone)
	f.Must(err)
	done, err := s.ApplyMentorSlots(f.Ctx, central.MentorSlotChange{MentorID: MentorA, Put: ss, Clear: p.DaysOff(Zone)})
	f.Must(err)
	got, err = s.MentorSlots(f.Ctx, MentorA, f.At(1, 0, 0), f.At(2, 0, 0))
	f.Must(err)
	if done.Removed != 2 || done.Put != 2 || len(got) != 1 || got[0].ID != SlotA {
		t.Fatalf("after a day off (%+v): %+v", done, got)
	}
}
