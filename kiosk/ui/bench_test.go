package ui_test

import (
	"fmt"
	"testing"
	"time"

	"onestop/kiosk"
)

// Rendering benchmarks: one iteration is what a tap costs on these
// screens — the flow step, rebuilding the whole widget tree from the
// session and laying it out at 1920×1080. The "capture" variants also
// rasterise the frame with Fyne's software painter, which the kiosk does
// not use on screen (it draws with OpenGL); they bound the worst case.

// busyRoom fills study room 1 for the booking window: someone holds
// every other hour, so the grid alternates free and taken.
func busyRoom(r *rig) {
	day := kiosk.StartOfDay(start)
	for d := 0; d <= 7; d++ {
		for h := 8; h < 22; h += 2 {
			s := day.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour)
			r.rooms.AddBooking(kiosk.Booking{ID: fmt.Sprintf("busy-%d-%d", d, h), RoomID: "study-1", StudentKey: "someone-else",
				Start: s, End: s.Add(time.Hour)})
		}
	}
}

func benchRig(b *testing.B, large bool) *rig {
	r := newRig(b)
	if large {
		r.tap("largetext")
	}
	return r
}

func BenchmarkRoomDayGrid(b *testing.B) {
	for _, mode := range []struct {
		name           string
		large, capture bool
	}{{"normal", false, false}, {"large", true, false}, {"software-capture", false, true}} {
		b.Run(mode.name, func(b *testing.B) {
			r := benchRig(b, mode.large)
			busyRoom(r)
			r.tap("tile.rooms")
			r.scan(zhangCard)
			r.tap("roomtype.study")
			r.tap("room.study-1")
			r.tap("day.next")
			r.tap("slot.0900")
			steps := []string{"day.next", "slot.0900", "day.prev", "slot.0900"}
			i := 0
			for b.Loop() {
				r.tap(steps[i%len(steps)])
				i++
				if mode.capture {
					r.win.Canvas().Capture()
				}
			}
		})
	}
}

func BenchmarkMentorWeekView(b *testing.B) {
	for _, mode := range []struct {
		name           string
		large, capture bool
	}{{"normal", false, false}, {"large", true, false}, {"software-capture", false, true}} {
		b.Run(mode.name, func(b *testing.B) {
			r := benchRig(b, mode.large)
			// Other students hold some slots: the view shows the rest.
			for d := 1; d <= 14; d += 2 {
				s := at(14, 0).AddDate(0, 0, d)
				r.appts.AddAppointment(kiosk.Appointment{ID: fmt.Sprint("t", d), SlotID: slotID("m-wang", s), StudentKey: "x"})
			}
			r.tap("tile.mentor")
			r.scan(zhangCard)
			r.tap("mentortype.academic")
			r.tap("mentor.m-wang")
			steps := []string{"week.next", "mslot.0312.0900", "week.prev", "mslot.0306.0900"}
			i := 0
			for b.Loop() {
				r.tap(steps[i%len(steps)])
				i++
				if mode.capture {
					r.win.Canvas().Capture()
				}
			}
		})
	}
}
