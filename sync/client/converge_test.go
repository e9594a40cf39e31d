package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
)

// window is wide enough to hold every demo booking and appointment.
var window = [2]time.Time{t0.AddDate(0, 0, -60), t0.AddDate(0, 0, 60)}

// TestOfflineConflictsConverge: two kiosks book the same room slot and
// the same mentor slot offline, then reconnect in either order. Central
// keeps exactly one of each, the loser's kiosk shows its student the
// conflict, and both kiosks end up holding exactly central's bookings
// and appointments, with nothing left to push.
func TestOfflineConflictsConverge(t *testing.T) {
	for _, first := range []int{0, 1} {
		t.Run(fmt.Sprintf("kiosk %c syncs first", 'A'+first), func(t *testing.T) {
			c := newCampus(t)
			ks := []*kioskNode{c.enrolledKiosk(kioskOpts{}), c.enrolledKiosk(kioskOpts{})}
			students := []*kiosk.Student{ks[0].student(0), ks[1].student(2)}
			room, start := freeRoomSlot(t, ks[0])
			slot := freeMentorSlot(t, ks[0])
			ctx := context.Background()
			for i, k := range ks {
				b := &kiosk.Booking{ID: fmt.Sprintf("b-%d", i), RoomID: room, StudentKey: students[i].Key,
					Start: start, End: start.Add(time.Hour)}
				must(t, k.db.BookRoom(ctx, b))
				must(t, k.db.BookAppointment(ctx, &kiosk.Appointment{ID: fmt.Sprintf("a-%d", i), SlotID: slot.ID, StudentKey: students[i].Key}))
				must(t, k.db.CheckInVisit(ctx, &kiosk.Visit{ID: fmt.Sprintf("v-%d", i), StudentKey: students[i].Key,
					HallID: demo.HallID, Purpose: kiosk.PurposeStudy, At: c.clock.Now()}))
			}
			c.clock.Advance(time.Minute)
			winner, loser := ks[first], ks[1-first]
			winner.mustSync()
			loser.mustSync()
			winner.mustSync() // quiesce: nothing more to push or pull

			for _, kind := range []string{kiosk.KindBookingCreate, kiosk.KindAppointmentCreate} {
				rj := rejectionsOf(t, loser, students[1-first].Key, kind)
				if len(rj) != 1 || rj[0].State != kiosk.OutboxConflict || rj[0].MessageID != kiosk.MsgErrSlotTaken {
					t.Errorf("loser's %s refusal: %+v", kind, rj)
				}
				if rj := rejectionsOf(t, winner, students[first].Key, kind); len(rj) != 0 {
					t.Errorf("winner refused: %+v", rj)
				}
			}
			snap := c.snapshot()
			holders := 0
			for _, raw := range snap[kiosk.EntityBooking] {
				var b kiosk.Booking
				must(t, json.Unmarshal(raw, &b))
				if b.RoomID == room && b.Start.Equal(start) && b.Status.Holds() {
					holders++
				}
			}
			if holders != 1 {
				t.Errorf("central has %d holders of the room slot, want 1", holders)
			}
			for i, k := range ks {
				if n := k.pending(); n != 0 {
					t.Errorf("kiosk %d: %d entries still pending", i, n)
				}
				wantConverged(t, c, k, snap)
			}
			if _, ok := snap[kiosk.EntityVisit]["v-0"]; !ok {
				t.Error("central lacks kiosk A's visit")
			}
		})
	}
}

// freeRoomSlot returns a seminar room and an hour tomorrow it is free.
func freeRoomSlot(t *testing.T, k *kioskNode) (string, time.Time) {
	t.Helper()
	day := kiosk.StartOfDay(t0).AddDate(0, 0, 1)
	free, err := k.db.FreeSlots(context.Background(), kiosk.RoomSeminar, day.Add(9*time.Hour), day.Add(20*time.Hour), time.Hour)
	if err != nil || len(free) == 0 {
		t.Fatalf("no free seminar room tomorrow: %v", err)
	}
	return free[0].RoomID, free[0].Start
}

// freeMentorSlot returns a free academic mentor slot.
func freeMentorSlot(t *testing.T, k *kioskNode) kiosk.MentorSlot {
	t.Helper()
	ctx := context.Background()
	ms, err := k.db.Mentors(ctx, kiosk.MentorAcademic)
	must(t, err)
	for _, m := range ms {
		slots, err := k.db.MentorSlots(ctx, m.ID, t0.Add(time.Hour), t0.AddDate(0, 0, 7))
		must(t, err)
		for _, s := range slots {
			if !s.Taken {
				return s
			}
		}
	}
	t.Fatal("no free academic mentor slot")
	return kiosk.MentorSlot{}
}

func rejectionsOf(t *testing.T, k *kioskNode, student, kind string) []kiosk.Rejection {
	t.Helper()
	all, err := k.db.Rejections(context.Background(), student)
	must(t, err)
	var out []kiosk.Rejection
	for _, r := range all {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// wantConverged fails unless the kiosk's copies of bookings and
// appointments are exactly central's; rows central refused stay on the
// kiosk as its record of the refusal and are not copies.
func wantConverged(t *testing.T, c *campus, k *kioskNode, snap map[string]map[string]json.RawMessage) {
	t.Helper()
	ctx := context.Background()
	bs, err := k.db.BookingsBetween(ctx, window[0], window[1])
	must(t, err)
	as, err := k.db.AppointmentsBetween(ctx, window[0], window[1])
	must(t, err)
	local := map[string]map[string]string{kiosk.EntityBooking: {}, kiosk.EntityAppointment: {}}
	for _, b := range bs {
		if b.SyncState == kiosk.OutboxApplied {
			local[kiosk.EntityBooking][b.ID] = bookingKey(b)
		} else if b.SyncState != kiosk.OutboxConflict {
			t.Errorf("booking %s is %s after quiescing", b.ID, b.SyncState)
		}
	}
	for _, a := range as {
		if a.SyncState == kiosk.OutboxApplied {
			local[kiosk.EntityAppointment][a.ID] = appointmentKey(a)
		} else if a.SyncState != kiosk.OutboxConflict {
			t.Errorf("appointment %s is %s after quiescing", a.ID, a.SyncState)
		}
	}
	for id, raw := range snap[kiosk.EntityBooking] {
		var b kiosk.Booking
		must(t, json.Unmarshal(raw, &b))
		if got, want := local[kiosk.EntityBooking][id], bookingKey(b); got != want {
			t.Errorf("booking %s: kiosk %q, central %q", id, got, want)
		}
		delete(local[kiosk.EntityBooking], id)
	}
	for id, raw := range snap[kiosk.EntityAppointment] {
		var a kiosk.Appointment
		must(t, json.Unmarshal(raw, &a))
		if got, want := local[kiosk.EntityAppointment][id], appointmentKey(a); got != want {
			t.Errorf("appointment %s: kiosk %q, central %q", id, got, want)
		}
		delete(local[kiosk.EntityAppointment], id)
	}
	for entity, rest := range local {
		if len(rest) > 0 {
			t.Errorf("kiosk holds %ss central does not: %v", entity, rest)
		}
	}
}

func bookingKey(b kiosk.Booking) string {
	return fmt.Sprintf("%s %s %d-%d %s %d %v", b.RoomID, b.StudentKey, b.Start.Unix(), b.End.Unix(), b.Status,
		b.CheckedInAt.Unix(), b.Tardy)
}

func appointmentKey(a kiosk.Appointment) string {
	return fmt.Sprintf("%s %s %s %s %d-%d %s %d %v", a.SlotID, a.MentorID, a.MentorType, a.StudentKey,
		a.Start.Unix(), a.End.Unix(), a.Status, a.ArrivedAt.Unix(), a.Tardy)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
