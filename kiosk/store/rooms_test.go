package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/store"
)

func TestRoomsByTypeInPlaceOrder(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	all, err := db.Rooms(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range all {
		ids = append(ids, r.ID)
	}
	// Building b1: floor 1, 2, 3.
	if want := []string{study.ID, seminar.ID, closedRoom.ID}; !slices.Equal(ids, want) {
		t.Errorf("Rooms(\"\") = %v, want %v", ids, want)
	}
	sem, err := db.Rooms(ctx, kiosk.RoomSeminar)
	if err != nil || len(sem) != 2 {
		t.Fatalf("Rooms(seminar) = %+v, %v", sem, err)
	}
	got := sem[0]
	if got.Name != seminar.Name || !slices.Equal(got.Facilities, seminar.Facilities) || got.Capacity != 8 ||
		got.Opens != 480 || got.Closes != 1320 || !got.Active || got.BuildingID != "b1" || got.Floor != 2 {
		t.Errorf("room read back as %+v, want %+v", got, seminar)
	}
	if sem[1].Active || sem[1].Facilities == nil {
		t.Errorf("closed room = %+v: want inactive with empty facilities", sem[1])
	}
	// Upsert: a renamed, closed room.
	changed := seminar
	changed.Name.En, changed.Active = "Seminar Room 201A", false
	seed(t, db, kiosk.EntityRoom, changed)
	if sem, _ := db.Rooms(ctx, kiosk.RoomSeminar); sem[0].Name.En != "Seminar Room 201A" || sem[0].Active {
		t.Errorf("after update: %+v", sem[0])
	}
	wantSkipped(t, db, changes(t, kiosk.EntityRoom,
		kiosk.Room{ID: "", Type: kiosk.RoomStudy, Opens: 480, Closes: 600},
		kiosk.Room{ID: "x", Type: "sauna", Opens: 480, Closes: 600},
		kiosk.Room{ID: "x", Type: kiosk.RoomStudy, Opens: 600, Closes: 480},
		kiosk.Room{ID: "x", Type: kiosk.RoomStudy, Opens: 480, Closes: 1500},
	)...)
}

func TestFreeSlots(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 9, 0), 60)))
	must(t, db.BookRoom(ctx, booking("b2", "s2", seminar.ID, at(0, 10, 30), 30)))
	must(t, db.BookRoom(ctx, booking("b3", "s3", seminar.ID, at(1, 8, 0), 60)))
	// A cancelled booking holds nothing.
	must(t, db.BookRoom(ctx, booking("b4", "s4", seminar.ID, at(0, 12, 0), 60)))
	if _, err := db.CancelBooking(ctx, "s4", "b4"); err != nil {
		t.Fatal(err)
	}
	show := func(fs []kiosk.FreeSlot) string {
		s := ""
		for _, f := range fs {
			s += fmt.Sprintf("%s %s-%s; ", f.RoomID, f.Start.Format("02 15:04"), f.End.Format("02 15:04"))
		}
		return s
	}
	tests := []struct {
		name     string
		t        kiosk.RoomType
		from, to time.Time
		length   time.Duration
		want     string
	}{
		{"today by slot", kiosk.RoomSeminar, at(0, 8, 30), at(1, 0, 0), 30 * time.Minute,
			"r-seminar 10 08:30-10 09:00; r-seminar 10 10:00-10 10:30; r-seminar 10 11:00-10 22:00; "},
		{"an hour at least", kiosk.RoomSeminar, at(0, 8, 30), at(1, 0, 0), time.Hour,
			"r-seminar 10 11:00-10 22:00; "},
		{"unaligned range", kiosk.RoomSeminar, at(0, 8, 40), at(0, 11, 50), 0,
			"r-seminar 10 10:00-10 10:30; r-seminar 10 11:00-10 11:30; "},
		{"two days", kiosk.RoomSeminar, at(0, 20, 0), at(1, 10, 0), 30 * time.Minute,
			"r-seminar 10 20:00-10 22:00; r-seminar 11 09:00-11 10:00; "},
		{"every type, ties in place order", "", at(0, 20, 0), at(0, 23, 0), 30 * time.Minute,
			"r-study 10 20:00-10 22:00; r-seminar 10 20:00-10 22:00; "},
		{"earliest first across rooms", "", at(0, 8, 30), at(0, 11, 0), 30 * time.Minute,
			"r-study 10 08:30-10 11:00; r-seminar 10 08:30-10 09:00; r-seminar 10 10:00-10 10:30; "},
		{"closed hours only", kiosk.RoomStudy, at(0, 22, 0), at(1, 8, 0), 30 * time.Minute, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.FreeSlots(ctx, tt.t, tt.from, tt.to, tt.length)
			if err != nil || show(got) != tt.want {
				t.Errorf("FreeSlots = %s, %v\nwant          %s", show(got), err, tt.want)
			}
		})
	}
	// Each free stretch can be booked; each boundary of a taken one not.
	clock.Set(at(0, 8, 30))
	must(t, db.BookRoom(ctx, booking("b5", "s5", seminar.ID, at(0, 10, 0), 30)))
	wantCode(t, db.BookRoom(ctx, booking("b6", "s6", seminar.ID, at(0, 9, 30), 60)), kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	_, err := db.FreeSlots(ctx, "", time.Time{}, at(1, 0, 0), 0)
	wantCode(t, err, kiosk.EINVALID, "")
}

// TestFreeSlotsOffGridBooking: a booking central sent that is off the
// slot grid blocks every slot it touches.
func TestFreeSlotsOffGridBooking(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	seed(t, db, kiosk.EntityBooking, kiosk.Booking{ID: "c1", RoomID: study.ID, StudentKey: "s9",
		Start: at(0, 9, 10), End: at(0, 9, 40), Status: kiosk.BookingBooked})
	got, err := db.FreeSlots(ctx, kiosk.RoomStudy, at(0, 8, 30), at(0, 11, 0), 30*time.Minute)
	if err != nil || len(got) != 2 || !got[0].End.Equal(at(0, 9, 0)) || !got[1].Start.Equal(at(0, 10, 0)) {
		t.Fatalf("FreeSlots = %+v, %v", got, err)
	}
}

// TestFreeSlotsQueryUsesCoveringIndex: the hot query reads the partial
// covering index in order, never the table or a sort.
func TestFreeSlotsQueryUsesCoveringIndex(t *testing.T) {
	db, _ := openServices(t)
	plan, err := store.HoldingPlan(db)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "COVERING INDEX bookings_holding") || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("FreeSlots query plan:\n%s", plan)
	}
}
