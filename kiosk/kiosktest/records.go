package kiosktest

import (
	"context"
	"slices"
	"sync"
	"time"

	"onestop/kiosk"
)

// Records is an in-memory kiosk.RecordService that gathers what the
// other fakes hold. Any of them may be nil.
type Records struct {
	Visits       *Visits
	Appointments *Appointments
	Rooms        *Rooms
	Requests     *Requests
	Events       *Events

	mu         sync.Mutex
	shifts     []kiosk.Shift
	rejections []kiosk.Rejection
	acked      map[int64]bool
	pins       map[string]string
	pinCalls   int
	err        error
}

// NewRecords returns a record service over the other fakes.
func NewRecords(v *Visits, a *Appointments, r *Rooms, q *Requests, e *Events) *Records {
	return &Records{Visits: v, Appointments: a, Rooms: r, Requests: q, Events: e,
		acked: map[int64]bool{}, pins: map[string]string{}}
}

// SetPIN gives the student with key a PIN.
func (r *Records) SetPIN(studentKey, pin string) {
	r.mu.Lock()
	r.pins[studentKey] = pin
	r.mu.Unlock()
}

// PINChecks returns how often VerifyPIN was called.
func (r *Records) PINChecks() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pinCalls
}

// AddShift records a volunteer shift.
func (r *Records) AddShift(s kiosk.Shift) {
	r.mu.Lock()
	r.shifts = append(r.shifts, s)
	r.mu.Unlock()
}

// AddRejection records central's final "no" to an offline action.
func (r *Records) AddRejection(x kiosk.Rejection) {
	r.mu.Lock()
	r.rejections = append(r.rejections, x)
	r.mu.Unlock()
}

// Acked reports whether the rejection seq was marked seen.
func (r *Records) Acked(seq int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.acked[seq]
}

// SetErr makes every method fail with err; nil restores answers.
func (r *Records) SetErr(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
}

// Records implements kiosk.RecordService.
func (r *Records) Records(_ context.Context, studentKey string, since time.Time) (kiosk.Records, error) {
	r.mu.Lock()
	err := r.err
	var out kiosk.Records
	for _, s := range r.shifts {
		if s.StudentKey == studentKey && !s.Start.Before(since) {
			out.Shifts = append(out.Shifts, s)
			if !s.End.IsZero() {
				out.VolunteerHours += s.End.Sub(s.Start).Hours()
			}
		}
	}
	r.mu.Unlock()
	if err != nil {
		return kiosk.Records{}, err
	}
	if r.Visits != nil {
		for _, v := range r.Visits.Visits() {
			if v.StudentKey == studentKey && !v.At.Before(since) {
				out.Visits = append(out.Visits, v)
			}
		}
	}
	if r.Appointments != nil {
		for _, a := range r.Appointments.All() {
			if a.StudentKey == studentKey && !a.Start.Before(since) {
				out.Appointments = append(out.Appointments, a)
			}
		}
	}
	if r.Rooms != nil {
		for _, b := range r.Rooms.Bookings() {
			if b.StudentKey == studentKey && !b.Start.Before(since) {
				out.Bookings = append(out.Bookings, b)
			}
		}
	}
	if r.Requests != nil {
		r.Requests.mu.Lock()
		out.Requests = r.Requests.of(studentKey, since)
		r.Requests.mu.Unlock()
	}
	if r.Events != nil {
		for _, a := range r.Events.Attendance() {
			if a.StudentKey == studentKey && !a.At.Before(since) {
				out.Attendance = append(out.Attendance, a)
			}
		}
	}
	return out, nil
}

// Rejections implements kiosk.RecordService.
func (r *Records) Rejections(_ context.Context, studentKey string) ([]kiosk.Rejection, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	var out []kiosk.Rejection
	for _, x := range r.rejections {
		if x.StudentKey == studentKey && !r.acked[x.Seq] {
			out = append(out, x)
		}
	}
	return out, nil
}

// AckRejections implements kiosk.RecordService.
func (r *Records) AckRejections(_ context.Context, studentKey string, seqs []int64) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	for _, x := range r.rejections {
		if x.StudentKey == studentKey && slices.Contains(seqs, x.Seq) {
			r.acked[x.Seq] = true
		}
	}
	return nil
}

// VerifyPIN implements kiosk.RecordService.
func (r *Records) VerifyPIN(_ context.Context, studentKey, pin string) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pinCalls++
	if r.err != nil {
		return false, r.err
	}
	want, ok := r.pins[studentKey]
	return ok && want != "" && want == pin, nil
}
