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
	err      error
	calls    []kiosk.CredentialKind
}

// NewRoster returns a roster of entries living in buildings.
func NewRoster(buildings []kiosk.Building, entries ...kiosk.RosterEntry) *Roster {
	r := &Roster{byNumber: map[string]*kiosk.Student{}, byCard: map[string]*kiosk.Student{}}
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

// Visits is an in-memory kiosk.VisitService.
type Visits struct {
	mu     sync.Mutex
	visits []kiosk.Visit
	err    error
}

// NewVisits returns an empty visit log.
func NewVisits() *Visits { return &Visits{} }

// SetErr makes every CheckInVisit fail with err; nil restores storing.
func (v *Visits) SetErr(err error) {
	v.mu.Lock()
	v.err = err
	v.mu.Unlock()
}

// Visits returns the stored visits in order.
func (v *Visits) Visits() []kiosk.Visit {
	v.mu.Lock()
	defer v.mu.Unlock()
	return slices.Clone(v.visits)
}

// SetSyncState sets the kiosk-local sync state of visit id.
func (v *Visits) SetSyncState(id, state string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i := range v.visits {
		if v.visits[i].ID == id {
			v.visits[i].SyncState = state
		}
	}
}

// CheckInVisit implements kiosk.VisitService; a repeated id is a no-op
// like the real store's, and a new visit is pending sync.
func (v *Visits) CheckInVisit(_ context.Context, visit *kiosk.Visit) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.err != nil {
		return v.err
	}
	if err := visit.Validate(); err != nil {
		return err
	}
	for _, old := range v.visits {
		if old.ID == visit.ID {
			return nil
		}
	}
	stored := *visit
	stored.SyncState = kiosk.OutboxPending
	v.visits = append(v.visits, stored)
	return nil
}

// Hall is an in-memory kiosk.HallService.
type Hall struct {
	mu        sync.Mutex
	settings  kiosk.Settings
	anns      []kiosk.Announcement
	status    kiosk.SyncStatus
	buildings []kiosk.Building
	err       error
}

// NewHall returns a hall with default settings, no announcements and an
// offline, never-synced status.
func NewHall() *Hall { return &Hall{settings: kiosk.DefaultSettings()} }

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

// rules returns the settings the fakes apply: the hall's when there is
// one, else the defaults.
func (h *Hall) rules() kiosk.Settings {
	if h == nil {
		return kiosk.DefaultSettings()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.settings
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
