package ui

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"time"

	"onestop/i18n"
	"onestop/kiosk"
)

// RefreshEvery is how often settings, announcements and sync status are
// re-read, so an admin's change or a finished sync shows without restart.
const RefreshEvery = 10 * time.Second

// Deps are the services the screens talk to; the ui package knows no
// storage or network code, only these interfaces.
type Deps struct {
	Roster       kiosk.RosterService
	Visits       kiosk.VisitService
	Hall         kiosk.HallService
	Appointments kiosk.AppointmentService
	Rooms        kiosk.RoomService
	Events       kiosk.EventService
	Requests     kiosk.RequestService
	Records      kiosk.RecordService
	// Desk is the duty volunteer's desk; nil on a kiosk without one,
	// where no volunteer is offered it.
	Desk kiosk.DeskService
	// SyncNow asks the syncer for a sync at once (the desk's button);
	// nil when the kiosk has no central.
	SyncNow func()
	Clock   kiosk.Clock
	IDs     kiosk.IDSource
}

func (d Deps) check() error {
	if d.Roster == nil || d.Visits == nil || d.Hall == nil || d.Clock == nil ||
		d.Appointments == nil || d.Rooms == nil || d.Events == nil || d.Requests == nil || d.Records == nil {
		return errors.New("ui: Deps needs Roster, Visits, Hall, Appointments, Rooms, Events, Requests, Records and Clock")
	}
	return nil
}

// Flow is the kiosk's behaviour without any widget: the session, the
// idle timer, the wedge buffer and what the hall shows. The Fyne Kiosk
// calls one Flow method per user action and then re-renders.
type Flow struct {
	d        Deps
	S        Session
	Settings kiosk.Settings
	Idle     Idle
	Wedge    Wedge
	News     News
	Sync     kiosk.SyncStatus
	// Buildings are the community's buildings, for the building picker
	// and room locations; empty until the Hall lists any.
	Buildings []kiosk.Building

	refreshed time.Time
	// touched is the last touch in unix nanoseconds, for LastTouch from
	// other goroutines (the updater waits for an idle moment).
	touched atomic.Int64
}

// NewFlow loads what the hall shows and starts a fresh session.
func NewFlow(ctx context.Context, d Deps) (*Flow, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	f := &Flow{d: d, Settings: kiosk.DefaultSettings()}
	f.applySettings(f.Settings)
	f.S = NewSession(f.Settings.DefaultLang)
	f.Refresh(ctx) // also moves the fresh session to the hall's default language
	f.Touch()
	return f, nil
}

// now is the clock's time in the hall's zone: the screens' days and
// times are the hall's whatever zone the process runs in.
func (f *Flow) now() time.Time { return f.Settings.Local(f.d.Clock.Now()) }

// Refresh re-reads settings, announcements, sync status and buildings
// and reports whether any changed. A failing read keeps the last good
// value: the kiosk must stay usable when its store hiccups.
func (f *Flow) Refresh(ctx context.Context) bool {
	now := f.now()
	f.refreshed = now
	changed := false
	if s, err := f.d.Hall.Settings(ctx); err == nil && s != f.Settings {
		fresh := f.S.Screen == ScreenHome && !f.prefsChanged()
		f.applySettings(s)
		if fresh {
			f.S.Lang = f.defaultLang()
		}
		changed = true
	}
	if list, err := f.d.Hall.Announcements(ctx, now); err == nil && f.News.Set(list, now) {
		changed = true
	}
	if st, err := f.d.Hall.SyncStatus(ctx); err == nil && !sameSync(st, f.Sync) {
		f.Sync = st
		changed = true
	}
	if list, err := f.d.Hall.Buildings(ctx); err == nil && !slices.Equal(list, f.Buildings) {
		f.Buildings = list
		changed = true
	}
	if f.DeskOpen() && f.refreshDesk(ctx) {
		changed = true
	}
	if id := f.confirmed(); id != "" {
		if st, err := f.d.Hall.EntitySync(ctx, id); err == nil && (id != f.S.SyncedID || st != f.S.Synced) {
			f.S.SyncedID, f.S.Synced = id, st
			changed = true
		}
	}
	return changed
}

// confirmed is the id of what the confirmation on screen shows, "" on
// any other screen.
func (f *Flow) confirmed() string {
	switch s := &f.S; {
	case s.Screen == ScreenDone && s.LastVisit != nil:
		return s.LastVisit.ID
	case s.Screen == ScreenDone && s.CheckIn.Done != nil:
		return s.CheckIn.Done.EntityID
	case s.Screen == ScreenRoomDone && s.Room.Booked != nil:
		return s.Room.Booked.ID
	case s.Screen == ScreenMentorDone && s.Mentor.Booked != nil:
		return s.Mentor.Booked.ID
	case s.Screen == ScreenRequestDone && s.Req.Submitted != nil:
		return s.Req.Submitted.ID
	}
	return ""
}

// SyncedNow reports whether central has confirmed entity id.
func (f *Flow) SyncedNow(id string) bool {
	return f.S.SyncedID == id && f.S.Synced == kiosk.OutboxApplied
}

func (f *Flow) applySettings(s kiosk.Settings) {
	def := kiosk.DefaultSettings()
	if s.IdleTimeout <= 0 {
		s.IdleTimeout = def.IdleTimeout
	}
	if s.IdleWarning <= 0 {
		s.IdleWarning = def.IdleWarning
	}
	f.Settings = s
	f.Idle.Timeout, f.Idle.Warning = s.IdleTimeout, s.IdleWarning
}

func (f *Flow) defaultLang() string {
	if slices.Contains(i18n.Languages, f.Settings.DefaultLang) {
		return f.Settings.DefaultLang
	}
	return i18n.Default
}

// prefsChanged reports whether someone switched language or text size.
func (f *Flow) prefsChanged() bool {
	return f.S.Lang != f.defaultLang() || f.S.Large
}

func sameSync(a, b kiosk.SyncStatus) bool {
	return a.Pending == b.Pending && a.Online == b.Online && a.LastContact.Equal(b.LastContact)
}

// Touch records that someone is using the kiosk, and so the desk.
func (f *Flow) Touch() {
	now := f.now()
	f.Idle.Touch(now)
	f.touched.Store(now.UnixNano())
	if d := f.S.Desk.Desk; d != nil {
		d.Touch(now)
	}
}

// Tick advances everything time-driven and reports whether the screen
// must be rebuilt.
func (f *Flow) Tick(ctx context.Context) bool {
	now := f.now()
	changed := false
	if now.Sub(f.refreshed) >= RefreshEvery || now.Before(f.refreshed) {
		changed = f.Refresh(ctx)
	}
	if p, _ := f.IdlePhase(); p == PhaseExpired {
		f.Expire()
		changed = true
	} else if d := f.S.Desk.Desk; d != nil && d.Locked(now) {
		f.Expire()
		changed = true
	} else if f.S.Screen == ScreenHome && f.prefsChanged() {
		// Nothing to warn about on home, but the next person should
		// still find the default language and normal text.
		if p, _ := f.Idle.Phase(now); p == PhaseExpired {
			f.Expire()
			changed = true
		}
	}
	if f.S.Screen == ScreenHome && f.News.Advance(now) {
		changed = true
	}
	return changed
}

// IdlePhase returns the idle phase of the session. The home screen holds
// nothing personal, so it never warns or expires. An open desk runs on
// the desk's lock time instead, its warning ending as the desk locks.
func (f *Flow) IdlePhase() (Phase, int) {
	if f.S.Screen == ScreenHome {
		return PhaseActive, 0
	}
	idle := f.Idle
	if d := f.S.Desk.Desk; d != nil {
		idle.Warning = min(idle.Warning, d.LockAfter/2)
		idle.Timeout = d.LockAfter - idle.Warning
	}
	return idle.Phase(f.now())
}

// Expire is the idle timeout: home, session wiped (an open desk
// locked), default language and normal text for the next person.
func (f *Flow) Expire() {
	f.leave()
	f.S.Lang, f.S.Large = f.defaultLang(), false
}

// Home goes to the home screen, wiping the session; with the desk open
// it goes to the desk's home instead, which the lock button leaves.
func (f *Flow) Home() {
	if f.DeskOpen() {
		ctx, cancel := callCtx()
		defer cancel()
		f.DeskHome(ctx)
		return
	}
	f.leave()
}

// leave wipes the session and the wedge buffer. The announcement on
// screen gets its full time again rather than flipping at once.
func (f *Flow) leave() {
	f.S.Wipe()
	f.Wedge.Reset()
	f.News.shown = f.now()
}

// ToggleLang switches to the next language, keeping everything else.
func (f *Flow) ToggleLang() {
	i := slices.Index(i18n.Languages, f.S.Lang)
	f.S.Lang = i18n.Languages[(i+1)%len(i18n.Languages)]
}

// ToggleLarge switches large-text, high-contrast mode.
func (f *Flow) ToggleLarge() { f.S.Large = !f.S.Large }

// NewsNext and NewsPrev page the announcements by hand.
func (f *Flow) NewsNext() { f.News.Next(f.now()) }

// NewsPrev shows the previous announcement.
func (f *Flow) NewsPrev() { f.News.Prev(f.now()) }
