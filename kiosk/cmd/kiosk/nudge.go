package main

import (
	"context"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/store"
)

// nudging is the store as the screens use it, with every write that
// queues an outbox entry followed by a nudge to the syncer, so what a
// student did reaches central in seconds rather than at the next tick.
type nudging struct {
	*store.DB
	nudge func()
}

// done nudges when the write succeeded and passes its error on.
func (n nudging) done(err error) error {
	if err == nil {
		n.nudge()
	}
	return err
}

func (n nudging) CheckInVisit(ctx context.Context, v *kiosk.Visit) error {
	return n.done(n.DB.CheckInVisit(ctx, v))
}

func (n nudging) BookAppointment(ctx context.Context, a *kiosk.Appointment) error {
	return n.done(n.DB.BookAppointment(ctx, a))
}

func (n nudging) CancelAppointment(ctx context.Context, studentKey, id string) (*kiosk.Appointment, error) {
	v, err := n.DB.CancelAppointment(ctx, studentKey, id)
	return v, n.done(err)
}

func (n nudging) CheckInAppointment(ctx context.Context, act kiosk.Actor, id string) (*kiosk.Appointment, error) {
	v, err := n.DB.CheckInAppointment(ctx, act, id)
	return v, n.done(err)
}

func (n nudging) BookRoom(ctx context.Context, b *kiosk.Booking) error {
	return n.done(n.DB.BookRoom(ctx, b))
}

func (n nudging) CancelBooking(ctx context.Context, studentKey, id string) (*kiosk.Booking, error) {
	v, err := n.DB.CancelBooking(ctx, studentKey, id)
	return v, n.done(err)
}

func (n nudging) CheckInBooking(ctx context.Context, act kiosk.Actor, id string) (*kiosk.Booking, error) {
	v, err := n.DB.CheckInBooking(ctx, act, id)
	return v, n.done(err)
}

func (n nudging) CheckInEvent(ctx context.Context, act kiosk.Actor, eventID, id string) (*kiosk.Attendance, error) {
	v, err := n.DB.CheckInEvent(ctx, act, eventID, id)
	return v, n.done(err)
}

func (n nudging) SubmitRequest(ctx context.Context, r *kiosk.Request) error {
	return n.done(n.DB.SubmitRequest(ctx, r))
}

func (n nudging) RateRequest(ctx context.Context, studentKey, id string, o kiosk.Outcome, stars int) (*kiosk.Request, error) {
	v, err := n.DB.RateRequest(ctx, studentKey, id, o, stars)
	return v, n.done(err)
}

// The desk's writes reach central as fast as a student's.

func (n nudging) StartShift(ctx context.Context, studentKey, id string) (kiosk.Shift, error) {
	v, err := n.DB.StartShift(ctx, studentKey, id)
	return v, n.done(err)
}

func (n nudging) EndShift(ctx context.Context, studentKey, id string) (kiosk.Shift, error) {
	v, err := n.DB.EndShift(ctx, studentKey, id)
	return v, n.done(err)
}

func (n nudging) CorrectShift(ctx context.Context, studentKey, id string, left time.Time) (kiosk.Shift, error) {
	v, err := n.DB.CorrectShift(ctx, studentKey, id, left)
	return v, n.done(err)
}

func (n nudging) MarkQueue(ctx context.Context, volunteer, id string, q kiosk.AppointmentQueue) (kiosk.Appointment, error) {
	v, err := n.DB.MarkQueue(ctx, volunteer, id, q)
	return v, n.done(err)
}
