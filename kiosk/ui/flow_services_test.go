package ui_test

import (
	"context"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/ui"
)

// These drive the student-service flows on the plain-Go state: no Fyne.

func identifiedFlow(t *testing.T, goal ui.Goal, strong bool) (*ui.Flow, *fakes) {
	t.Helper()
	fk := newFakes()
	f, err := ui.NewFlow(context.Background(), fk.deps())
	if err != nil {
		t.Fatal(err)
	}
	f.Open(goal)
	if strong {
		for _, r := range zhangCard {
			f.Rune(r)
		}
		f.Enter(context.Background())
	} else {
		for _, r := range zhangNumber {
			f.Digit(r)
		}
		f.SubmitNumber(context.Background())
	}
	if f.S.Student == nil {
		t.Fatalf("not identified: %+v", f.S.Err)
	}
	return f, fk
}

func TestFlowDayGridAndLength(t *testing.T) {
	ctx := context.Background()
	f, fk := identifiedFlow(t, ui.GoalRooms, true)
	if f.S.Screen != ui.ScreenRoomTypes {
		t.Fatalf("screen %v", f.S.Screen)
	}
	fk.rooms.AddBooking(kiosk.Booking{ID: "x", RoomID: "sem-a", StudentKey: "y", Start: at(17, 0), End: at(18, 0)})
	f.ChooseRoomType(ctx, kiosk.RoomSeminar)
	f.ChooseRoom(ctx, "sem-a")
	grid := f.DayGrid()
	if len(grid) != 28 || !grid[0].Start.Equal(at(8, 0)) || !grid[27].Start.Equal(at(21, 30)) {
		t.Fatalf("grid of %d from %v", len(grid), grid[0].Start)
	}
	states := map[string]ui.SlotState{}
	for _, g := range grid {
		states[g.Start.Format("1504")] = g.State
	}
	if states["1400"] != ui.SlotPast || states["1430"] != ui.SlotFree || states["1700"] != ui.SlotTaken || states["1730"] != ui.SlotTaken {
		t.Fatalf("states %v", states)
	}
	f.PickSlot(at(17, 0)) // taken: ignored
	if !f.S.Room.Start.IsZero() {
		t.Fatal("a taken slot became the start")
	}
	f.PickSlot(at(15, 30))
	if f.MaxSlots() != 3 { // 15:30–17:00, then taken
		t.Fatalf("max slots %d", f.MaxSlots())
	}
	for i := 0; i < 5; i++ {
		f.StepLength(1)
	}
	if f.S.Room.Slots != 3 || !f.ChosenEnd().Equal(at(17, 0)) {
		t.Fatalf("length %d end %v", f.S.Room.Slots, f.ChosenEnd())
	}
	f.PickSlot(at(18, 0))
	if f.MaxSlots() != 8 || f.S.Room.Slots != 3 { // MaxLength 4 h; the length carries over
		t.Fatalf("max %d slots %d", f.MaxSlots(), f.S.Room.Slots)
	}
	f.StepDay(ctx, 10)
	if f.S.Room.Day != 7 || !f.S.Room.Start.IsZero() {
		t.Fatalf("day %d start %v", f.S.Room.Day, f.S.Room.Start)
	}
}

func TestFlowWeekViewHidesTakenAndPast(t *testing.T) {
	ctx := context.Background()
	f, fk := identifiedFlow(t, ui.GoalMentor, true)
	fk.appts.AddAppointment(kiosk.Appointment{ID: "x", SlotID: slotID("m-li", at(16, 0)), StudentKey: "y"})
	f.ChooseMentorType(ctx, kiosk.MentorAcademic)
	f.ChooseMentor(ctx, "m-li")
	days := f.WeekView()
	if len(days) != 7 || len(days[0].Slots) != 1 || !days[0].Slots[0].Start.Equal(at(15, 0)) || len(days[1].Slots) != 5 {
		t.Fatalf("week %+v", days)
	}
	if f.Weeks() != 3 {
		t.Fatalf("weeks %d", f.Weeks())
	}
	f.StepWeek(ctx, 5)
	if days := f.WeekView(); f.S.Mentor.Week != 2 || len(days) != 1 {
		t.Fatalf("last week: %d days, week %d", len(days), f.S.Mentor.Week)
	}
}

func TestFlowPINGuardsCancel(t *testing.T) {
	ctx := context.Background()
	f, fk := identifiedFlow(t, ui.GoalMentor, false)
	fk.records.GivePIN(zhangKey, "4321")
	fk.appts.AddAppointment(kiosk.Appointment{ID: "a", SlotID: slotID("m-wang", tomorrow9), StudentKey: zhangKey})
	f.OpenMyAppointments(ctx)
	f.CancelAppointment(ctx, "a")
	if f.S.Screen != ui.ScreenPIN || f.S.Mentor.Cancel != nil {
		t.Fatalf("no PIN asked: %v", f.S.Screen)
	}
	for _, d := range "4322" {
		f.PINDigit(d)
	}
	f.SubmitPIN(ctx)
	if f.S.Err == nil || f.S.Err.ID != kiosk.MsgErrWrongPIN || f.S.PIN.Digits != "4322" || f.S.Screen != ui.ScreenPIN {
		t.Fatalf("wrong PIN: %+v", f.S)
	}
	f.PINBackspace()
	f.PINDigit('1')
	f.SubmitPIN(ctx)
	if f.S.Screen != ui.ScreenCancelAppointment || f.S.Mentor.Cancel == nil || !f.S.PINOK || f.S.PIN.Digits != "" {
		t.Fatalf("after the right PIN: %+v", f.S)
	}
	if !f.CancelIsFree(*f.S.Mentor.Cancel) {
		t.Fatal("tomorrow 09:00 is free to cancel at 14:05 today")
	}
	f.ConfirmCancel(ctx)
	if f.S.Notice == nil || f.S.Notice.ID != "CancelledFree" || len(f.S.Mentor.Mine) != 0 {
		t.Fatalf("after cancel: %+v", f.S)
	}
}
