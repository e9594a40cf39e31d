package kiosktest

import (
	"context"
	"slices"
	"sync"
	"time"

	"onestop/kiosk"
)

// Salt is the campus salt the fakes hash identifiers with, so tests can
// compute the key a student is expected to get.
var Salt = []byte("kiosktest-salt")

// StudentKey returns the key Roster gives the student with number.
func StudentKey(number string) string {
	return kiosk.HashIdentifier(Salt, kiosk.HashStudentNumber, number)
}

// Roster is an in-memory kiosk.RosterService. Numbers are looked up for
// CredNumber, card ids for CredScan, as the real roster does.
type Roster struct {
	mu       sync.Mutex
	byNumber map[string]*kiosk.Student
	byCard   map[string]*kiosk.Student
	byKey    map[string]*kiosk.Student
	err      error
	calls    []kiosk.CredentialKind
}

// NewRoster returns a roster of entries living in buildings.
func NewRoster(buildings []kiosk.Building, entries ...kiosk.RosterEntry) *Roster {
	r := &Roster{byNumber: map[string]*kiosk.Student{}, byCard: map[string]*kiosk.Student{}, byKey: map[string]*kiosk.Student{}}
	names := map[string]kiosk.LocalName{}
	for _, b := range buildings {
		names[b.ID] = b.Name
	}
	for _, e := range entries {
		s := &kiosk.Student{
			Key:          StudentKey(e.Number),
			MaskedName:   kiosk.MaskName(e.Name),
			BuildingID:   e.BuildingID,
			BuildingName: names[e.BuildingID],
			Floor:        e.Floor,
			Roles:        slices.Clone(e.Roles),
		}
		r.byNumber[e.Number] = s
		r.byKey[s.Key] = s
		if e.CardID != "" {
			r.byCard[e.CardID] = s
		}
	}
	return r
}

// SetErr makes every Identify fail with err; nil restores lookups.
func (r *Roster) SetErr(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
}

// Calls returns the kinds of credential Identify was asked about, in order.
func (r *Roster) Calls() []kiosk.CredentialKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// Identify implements kiosk.RosterService.
func (r *Roster) Identify(_ context.Context, c kiosk.Credential) (*kiosk.Student, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, c.Kind)
	if r.err != nil {
		return nil, r.err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	m := r.byNumber
	if c.Kind == kiosk.CredScan {
		m = r.byCard
	}
	s, ok := m[c.Value]
	if !ok {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "no student for %s credential", c.Kind)
	}
	cp := *s
	return &cp, nil
}

// roles are the student's roster roles; ENOTFOUND, as the store's, for
// a student not in the roster. SetErr fails only Identify.
func (r *Roster) roles(studentKey string) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.byKey[studentKey]
	if !ok {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "student not in the roster")
	}
	return slices.Clone(s.Roles), nil
}

// Hall is an in-memory kiosk.HallService.
type Hall struct {
	mu        sync.Mutex
	settings  kiosk.Settings
	anns      []kiosk.Announcement
	status    kiosk.SyncStatus
	buildings []kiosk.Building
	err       error
	// st is the state of every fake built on this hall.
	st *state
}

// NewHall returns a hall with default settings, no announcements and an
// offline, never-synced status.
func NewHall() *Hall {
	h := &Hall{settings: kiosk.DefaultSettings()}
	h.st = newState(h)
	h.st.roster = NewRoster(nil)
	return h
}

// SetSettings replaces the settings.
func (h *Hall) SetSettings(s kiosk.Settings) {
	h.mu.Lock()
	h.settings = s
	h.mu.Unlock()
}

// SetAnnouncements replaces the announcements.
func (h *Hall) SetAnnouncements(a ...kiosk.Announcement) {
	h.mu.Lock()
	h.anns = slices.Clone(a)
	h.mu.Unlock()
}

// SetSyncStatus replaces the sync status.
func (h *Hall) SetSyncStatus(s kiosk.SyncStatus) {
	h.mu.Lock()
	h.status = s
	h.mu.Unlock()
}

// SetErr makes every method fail with err; nil restores answers.
func (h *Hall) SetErr(err error) {
	h.mu.Lock()
	h.err = err
	h.mu.Unlock()
}

// Settings implements kiosk.HallService.
func (h *Hall) Settings(context.Context) (kiosk.Settings, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.settings, h.err
}

// Announcements implements kiosk.HallService: the ones active at now,
// highest priority first.
func (h *Hall) Announcements(_ context.Context, now time.Time) ([]kiosk.Announcement, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err != nil {
		return nil, h.err
	}
	var out []kiosk.Announcement
	for _, a := range h.anns {
		if a.ActiveAt(now) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b kiosk.Announcement) int { return b.Priority - a.Priority })
	return out, nil
}

// SyncStatus implements kiosk.HallService.
func (h *Hall) SyncStatus(context.Context) (kiosk.SyncStatus, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.status, h.err
}

// SetBuildings replaces the buildings Buildings returns.
func (h *Hall) SetBuildings(bs ...kiosk.Building) {
	h.mu.Lock()
	h.buildings = slices.Clone(bs)
	h.mu.Unlock()
}

// Buildings returns the community's buildings, as the real store does;
// the screens use it for the building picker and room locations.
func (h *Hall) Buildings(context.Context) ([]kiosk.Building, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.buildings), h.err
}

// EntitySync implements kiosk.HallService: the sync state the fakes
// keep on the entity with id ("" when none), as the store reads its
// latest outbox entry.
func (h *Hall) EntitySync(_ context.Context, id string) (string, error) {
	st := h.st
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, states := range [][]string{
		statesOf(st.bookings, id, func(b kiosk.Booking) (string, string) { return b.ID, b.SyncState }),
		statesOf(st.appts, id, func(a kiosk.Appointment) (string, string) { return a.ID, a.SyncState }),
		statesOf(st.visits, id, func(v kiosk.Visit) (string, string) { return v.ID, v.SyncState }),
		statesOf(st.attendance, id, func(a kiosk.Attendance) (string, string) { return a.ID, a.SyncState }),
		statesOf(st.requests, id, func(r kiosk.Request) (string, string) { return r.ID, r.SyncState }),
	} {
		if len(states) > 0 {
			return states[0], nil
		}
	}
	return "", nil
}

func statesOf[T any](xs []T, id string, of func(T) (string, string)) []string {
	var out []string
	for _, x := range xs {
		if xid, state := of(x); xid == id {
			out = append(out, state)
		}
	}
	return out
}

// rules returns the settings the fakes apply.
func (h *Hall) rules() kiosk.Settings {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.settings
}

// Fakes are one kiosk's services over one state, as one store serves a
// kiosk: what Rooms books shows in Records, and only the roster's
// students may act.
type Fakes struct {
	Clock        *Clock
	Roster       *Roster
	Hall         *Hall
	Visits       *Visits
	Rooms        *Rooms
	Appointments *Appointments
	Events       *Events
	Requests     *Requests
	Records      *Records
}

// New returns the services of a kiosk whose students are roster's (nil:
// none), at clock's time, with default settings and nothing stored.
func New(clock *Clock, roster *Roster) *Fakes {
	if roster == nil {
		roster = NewRoster(nil)
	}
	hall := NewHall()
	hall.st.roster = roster
	f := &Fakes{Clock: clock, Roster: roster, Hall: hall,
		Visits:       &Visits{on(clock, hall)},
		Rooms:        newRooms(clock, hall),
		Appointments: newAppointments(clock, hall),
		Events:       newEvents(clock, hall),
		Requests:     newRequests(clock, hall),
	}
	f.Records = newRecords(f.Visits, f.Appointments, f.Rooms, f.Requests, f.Events)
	return f
}

// service is what every fake service shares: the state it reads and
// writes, the clock its use cases run at and an injected failure.
type service struct {
	st    *state
	clock kiosk.Clock
	err   error // guarded by st.mu
}

// on returns the service over the state of hall (a new one when nil).
func on(clock kiosk.Clock, hall *Hall) service {
	if hall == nil {
		hall = NewHall()
	}
	return service{st: hall.st, clock: clock}
}

// shared is another service on v's state and clock, with no failure.
func (v *service) shared() service { return service{st: v.st, clock: v.clock} }

// SetErr makes every method fail with err; nil restores answers.
func (v *service) SetErr(err error) {
	v.st.mu.Lock()
	v.err = err
	v.st.mu.Unlock()
}

// begin locks the state for one call and returns the clock's time and
// the injected failure; the caller must call end.
func (v *service) begin() (time.Time, error) {
	v.st.mu.Lock()
	return v.clock.Now(), v.err
}

func (v *service) end() { v.st.mu.Unlock() }

// locked runs f on the state, locked, ignoring SetErr: for the helpers
// tests seed and inspect the state with.
func (v *service) locked(f func(s *state)) {
	v.st.mu.Lock()
	defer v.st.mu.Unlock()
	f(v.st)
}

// actor is who acts for an entity a service was handed.
func actor(studentKey, assistedBy string) kiosk.Actor {
	return kiosk.Actor{StudentKey: studentKey, AssistedBy: assistedBy}
}

// The fakes implement the services the screens use.
var (
	_ kiosk.RosterService      = (*Roster)(nil)
	_ kiosk.VisitService       = (*Visits)(nil)
	_ kiosk.HallService        = (*Hall)(nil)
	_ kiosk.AppointmentService = (*Appointments)(nil)
	_ kiosk.RoomService        = (*Rooms)(nil)
	_ kiosk.EventService       = (*Events)(nil)
	_ kiosk.RequestService     = (*Requests)(nil)
	_ kiosk.RecordService      = (*Records)(nil)
)
