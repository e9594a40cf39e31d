package ui

import (
	"context"
	"slices"

	"onestop/kiosk"
)

// MyBookingsPageSize is how many bookings one page of "my bookings"
// lists: four, three in large text.
func (f *Flow) MyBookingsPageSize() int {
	if f.S.Large {
		return 3
	}
	return 4
}

// OpenMyBookings lists the student's room bookings that are not over
// yet, from today through the booking window.
func (f *Flow) OpenMyBookings(ctx context.Context) {
	f.S.clearMessages()
	f.S.Screen = ScreenMyBookings
	f.loadMyBookings(ctx)
}

func (f *Flow) loadMyBookings(ctx context.Context) {
	rs := &f.S.Room
	now := f.now()
	today := kiosk.StartOfDay(now)
	bs, err := f.d.Rooms.BookingsOf(ctx, f.studentKey(), today, today.AddDate(0, 0, f.Settings.Room.WindowDays+1))
	if err != nil {
		f.S.Fail(err)
		return
	}
	rs.Mine = slices.DeleteFunc(bs, func(b kiosk.Booking) bool { return !b.Status.Holds() || !now.Before(b.End) })
	rs.MineRooms = f.roomIndex(ctx)
}

// CanCancelBooking reports whether b may still be cancelled: booked and
// not started (kiosk.RoomRules.CheckCancel).
func (f *Flow) CanCancelBooking(b kiosk.Booking) bool {
	return f.Settings.Room.CheckCancel(f.now(), b) == nil
}

// CancelBooking asks to cancel booking id: strong identification or
// the PIN first, then a confirmation.
func (f *Flow) CancelBooking(ctx context.Context, id string) {
	f.unlock(ctx, UnlockCancelBooking, id)
}

func (f *Flow) askCancelBooking(id string) {
	rs := &f.S.Room
	i := slices.IndexFunc(rs.Mine, func(b kiosk.Booking) bool { return b.ID == id })
	if i < 0 {
		f.S.Fail(kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "booking %s not listed", id))
		f.S.Screen = ScreenMyBookings
		return
	}
	b := rs.Mine[i]
	rs.Cancel = &b
	f.S.Screen = ScreenCancelBooking
}

// ConfirmCancelBooking cancels the booking waiting for confirmation. A
// refusal (it started meanwhile, was released or cancelled elsewhere)
// shows in place; Back returns to the list.
func (f *Flow) ConfirmCancelBooking(ctx context.Context) {
	f.S.clearMessages()
	rs := &f.S.Room
	if rs.Cancel == nil {
		return
	}
	b, err := f.d.Rooms.CancelBooking(ctx, f.studentKey(), rs.Cancel.ID)
	if err != nil {
		f.S.Fail(err)
		return
	}
	room := rs.MineRooms[b.RoomID].Name
	rs.Cancel = nil
	f.S.Screen = ScreenMyBookings
	f.loadMyBookings(ctx)
	f.S.Notice = &Message{ID: "BookingCancelled", Data: map[string]any{"Start": b.Start, "Room": room}}
}
