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
	clock      kiosk.Clock
	shifts     []kiosk.Shift
	rejections []kiosk.Rejection
	acked      map[int64]bool
	pins       map[string]string
	fails      map[string]pinFails
	pinCalls   int
	err        error
}

// pinFails counts a student's wrong PINs since first, as the store does.
type pinFails struct {
	count        int
	first, until time.Time
}

// NewRecords returns a record service over the other fakes. It counts
// wrong PINs by the clock of the first fake given (the wall clock when
// none is); see SetClock.
func NewRecords(v *Visits, a *Appointments, r *Rooms, q *Requests, e *Events) *Records {
	rec := &Records{Visits: v, Appointments: a, Rooms: r, Requests: q, Events: e,
		acked: map[int64]bool{}, pins: map[string]string{}, fails: map[string]pinFails{}}
	switch {
	case a != nil:
		rec.clock = a.clock
	case r != nil:
		rec.clock = r.clock
	case q != nil:
		rec.clock = q.clock
	case e != nil:
		rec.clock = e.clock
	}
	return rec
}

// SetClock sets the clock wrong PINs are counted by.
func (r *Records) SetClock(c kiosk.Clock) {
	r.mu.Lock()
	r.clock = c
	r.mu.Unlock()
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

// Records implements kiosk.RecordService; attendance carries the title
// of its event while Events knows it, like the store's.
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
				if ev, ok := r.Events.Event(a.EventID); ok {
					a.EventTitle = ev.Title
				}
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

// VerifyPIN implements kiosk.RecordService with the store's throttle:
// the kiosk.PINAttempts-th wrong PIN within kiosk.PINLockout, and every
// attempt after it until the lockout ends, is ELIMIT MsgErrPINLocked
// with .Until; a right PIN clears the count.
func (r *Records) VerifyPIN(_ context.Context, studentKey, pin string) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pinCalls++
	if r.err != nil {
		return false, r.err
	}
	var clock kiosk.Clock = kiosk.SystemClock{}
	if r.clock != nil {
		clock = r.clock
	}
	now := clock.Now()
	f := r.fails[studentKey]
	if now.Before(f.until) {
		return false, pinLocked(f.until)
	}
	if want, ok := r.pins[studentKey]; ok && want != "" && want == pin {
		delete(r.fails, studentKey)
		return true, nil
	}
	if f.count == 0 || !f.until.IsZero() || now.Sub(f.first) >= kiosk.PINLockout {
		f = pinFails{first: now}
	}
	f.count++
	if f.count >= kiosk.PINAttempts {
		f.until = now.Add(kiosk.PINLockout)
	}
	r.fails[studentKey] = f
	if !f.until.IsZero() {
		return false, pinLocked(f.until)
	}
	return false, nil
}

func pinLocked(until time.Time) error {
	return kiosk.Errorf(kiosk.ELIMIT, kiosk.MsgErrPINLocked, "PIN locked until %s", until).
		With(map[string]any{"Until": until})
}
