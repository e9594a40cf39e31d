package kiosktest

import (
	"cmp"
	"context"
	"slices"
	"time"

	"onestop/kiosk"
)

// Records is an in-memory kiosk.RecordService that gathers what the
// other fakes hold, each from its own state (one state for New's), with
// statuses as Effective at its clock's time. Any of them may be nil.
// PINs, shifts and rejections live in the state of the first fake given
// of Appointments, Rooms, Requests, Events, Visits.
type Records struct {
	Visits       *Visits
	Appointments *Appointments
	Rooms        *Rooms
	Requests     *Requests
	Events       *Events

	service
	pinCalls int // guarded by st.mu
}

// newRecords returns a record service over the other fakes, which
// share one state, at their clock; SetClock changes it.
func newRecords(v *Visits, a *Appointments, r *Rooms, q *Requests, e *Events) *Records {
	return &Records{Visits: v, Appointments: a, Rooms: r, Requests: q, Events: e, service: a.shared()}
}

// SetClock sets the clock wrong PINs are counted and statuses judged by.
func (r *Records) SetClock(c kiosk.Clock) {
	r.locked(func(*state) { r.clock = c })
}

// GivePIN gives the student with key a PIN ("" for none), hashed as it
// arrives with the roster from central.
func (r *Records) GivePIN(studentKey, pin string) {
	hash := ""
	if pin != "" {
		var err error
		if hash, err = kiosk.HashPIN(pin); err != nil {
			panic(err)
		}
	}
	r.locked(func(s *state) { s.pins[studentKey] = hash })
}

// PINChecks returns how often VerifyPIN was called.
func (r *Records) PINChecks() (n int) {
	r.locked(func(*state) { n = r.pinCalls })
	return n
}

// AddShift records a volunteer shift.
func (r *Records) AddShift(sh kiosk.Shift) {
	r.locked(func(s *state) { s.shifts = append(s.shifts, sh) })
}

// AddRejection records central's final "no" to an offline action.
func (r *Records) AddRejection(x kiosk.Rejection) {
	r.locked(func(s *state) { s.rejections = append(s.rejections, x) })
}

// Acked reports whether the rejection seq was marked seen.
func (r *Records) Acked(seq int64) (ok bool) {
	r.locked(func(s *state) { ok = s.acked[seq] })
	return ok
}

// Records implements kiosk.RecordService: each kind since since, newest
// first as the store orders them; attendance carries the title of its
// event while Events knows it.
func (r *Records) Records(_ context.Context, studentKey string, since time.Time) (kiosk.Records, error) {
	now, err := r.begin()
	var out kiosk.Records
	if err == nil {
		out.Shifts, out.VolunteerHours = r.st.shiftsOf(studentKey, since)
	}
	r.end()
	if err != nil {
		return kiosk.Records{}, err
	}
	if r.Visits != nil {
		r.Visits.locked(func(s *state) { out.Visits = s.visitsOf(studentKey, since) })
	}
	if r.Appointments != nil {
		r.Appointments.locked(func(s *state) { out.Appointments = s.appointmentsSince(now, studentKey, since) })
	}
	if r.Rooms != nil {
		r.Rooms.locked(func(s *state) { out.Bookings = s.bookingsSince(now, studentKey, since) })
	}
	if r.Requests != nil {
		r.Requests.locked(func(s *state) { out.Requests = s.requestsOf(studentKey, since) })
	}
	if r.Events != nil {
		r.Events.locked(func(s *state) { out.Attendance = s.attendanceOf(studentKey, since) })
	}
	return out, nil
}

// newestFirst orders by time, then id, both descending.
func newestFirst(at, bt time.Time, aID, bID string) int {
	return -byStart(at, bt, aID, bID)
}

func (s *state) shiftsOf(studentKey string, since time.Time) ([]kiosk.Shift, float64) {
	var out []kiosk.Shift
	hours := 0.0
	for _, sh := range s.shifts {
		if sh.StudentKey == studentKey && !sh.Start.Before(since) {
			out = append(out, sh)
			if !sh.End.IsZero() {
				hours += sh.End.Sub(sh.Start).Hours()
			}
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Shift) int { return newestFirst(a.Start, b.Start, a.ID, b.ID) })
	return out, hours
}

func (s *state) visitsOf(studentKey string, since time.Time) []kiosk.Visit {
	var out []kiosk.Visit
	for _, v := range s.visits {
		if v.StudentKey == studentKey && !v.At.Before(since) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Visit) int { return newestFirst(a.At, b.At, a.ID, b.ID) })
	return out
}

func (s *state) appointmentsSince(now time.Time, studentKey string, since time.Time) []kiosk.Appointment {
	set, _ := s.Settings()
	var out []kiosk.Appointment
	for _, a := range s.appts {
		if a.StudentKey == studentKey && !a.Start.Before(since) {
			out = append(out, set.Mentor.Effective(now, a))
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Appointment) int { return newestFirst(a.Start, b.Start, a.ID, b.ID) })
	return out
}

func (s *state) bookingsSince(now time.Time, studentKey string, since time.Time) []kiosk.Booking {
	set, _ := s.Settings()
	var out []kiosk.Booking
	for _, b := range s.bookings {
		if b.StudentKey == studentKey && !b.Start.Before(since) {
			out = append(out, set.Room.Effective(now, b))
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Booking) int { return newestFirst(a.Start, b.Start, a.ID, b.ID) })
	return out
}

// attendanceOf names each attendance's event as it is now: none once
// an admin removed it, as the store's.
func (s *state) attendanceOf(studentKey string, since time.Time) []kiosk.Attendance {
	var out []kiosk.Attendance
	for _, a := range s.attendance {
		if a.StudentKey == studentKey && !a.At.Before(since) {
			ev, _ := s.Event(a.EventID)
			a.EventTitle = ev.Title
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Attendance) int { return newestFirst(a.At, b.At, a.ID, b.ID) })
	return out
}

// Rejections implements kiosk.RecordService: not yet seen, oldest first.
func (r *Records) Rejections(_ context.Context, studentKey string) ([]kiosk.Rejection, error) {
	_, err := r.begin()
	defer r.end()
	if err != nil {
		return nil, err
	}
	var out []kiosk.Rejection
	for _, x := range r.st.rejections {
		if x.StudentKey == studentKey && !r.st.acked[x.Seq] {
			out = append(out, x)
		}
	}
	slices.SortStableFunc(out, func(a, b kiosk.Rejection) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// AckRejections implements kiosk.RecordService; others' seqs are ignored.
func (r *Records) AckRejections(_ context.Context, studentKey string, seqs []int64) error {
	_, err := r.begin()
	defer r.end()
	if err != nil {
		return err
	}
	for _, x := range r.st.rejections {
		if x.StudentKey == studentKey && slices.Contains(seqs, x.Seq) {
			r.st.acked[x.Seq] = true
		}
	}
	return nil
}

// SetPIN implements kiosk.RecordService with kiosk.SetPIN.
func (r *Records) SetPIN(_ context.Context, studentKey, pin string) error {
	now, err := r.begin()
	defer r.end()
	if err != nil {
		return err
	}
	return kiosk.SetPIN(r.st, now, kiosk.Self(studentKey), pin)
}

// PINQueued returns how many new PIN hashes and wrong PINs the fakes
// would have sent to central.
func (r *Records) PINQueued() (sets, failures int) {
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	return r.st.pinSets, r.st.pinFailures
}

// VerifyPIN implements kiosk.RecordService with kiosk.CheckPIN, the
// store's throttle included.
func (r *Records) VerifyPIN(_ context.Context, studentKey, pin string) (bool, error) {
	now, err := r.begin()
	defer r.end()
	r.pinCalls++
	if err != nil {
		return false, err
	}
	return kiosk.CheckPIN(r.st, now, studentKey, pin)
}
