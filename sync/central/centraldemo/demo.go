// Package centraldemo seeds central with kiosk/demo's campus, for
// `central --demo` and the kiosk's --demo, which runs central in-process.
package centraldemo

import (
	"context"
	"crypto/rand"
	"io"
	"slices"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/central"
	"onestop/sync/central/admin"
)

// Seed writes kiosk/demo's campus into the store with n students,
// unless the demo hall exists already (then it reports false).
func Seed(ctx context.Context, s central.Store, n int, now time.Time) (bool, error) {
	hs, err := s.Halls(ctx)
	if err != nil {
		return false, err
	}
	if slices.ContainsFunc(hs, func(h central.Hall) bool { return h.ID == demo.HallID }) {
		return false, nil
	}
	if err := demo.Seed(ctx, demoTarget{s}, n, now, rand.Reader); err != nil {
		return true, err
	}
	for _, u := range Units() {
		if err := s.PutUnit(ctx, u); err != nil {
			return true, err
		}
	}
	return true, nil
}

// Units are the demo campus's dispatch units: the hall's own wardens
// and maintenance, the campus-wide offices.
func Units() []kiosk.Unit {
	unit := func(id, hall, zh, en string) kiosk.Unit {
		return kiosk.Unit{ID: id, HallID: hall, Name: kiosk.LocalName{Zh: zh, En: en}, Active: true}
	}
	return []kiosk.Unit{
		unit("unit-wardens", demo.HallID, "宿管", "Residence wardens"),
		unit("unit-maintenance", demo.HallID, "后勤维修", "Maintenance"),
		unit("unit-network", "", "网络中心", "Network Centre"),
		unit("unit-counselling", "", "心理中心", "Counselling Centre"),
		unit("unit-security", "", "保卫处", "Campus Security"),
		unit("unit-student-affairs", "", "学工办", "Student Affairs Office"),
		unit("unit-catering", "", "饮食服务中心", "Catering Services"),
	}
}

// demoTarget is demo.Target over a Store: the demo's one hall holds
// every building.
type demoTarget struct{ s central.Store }

var _ demo.Target = demoTarget{}

func (d demoTarget) SetSettings(ctx context.Context, kv map[string]string) error {
	h := central.Hall{ID: demo.HallID, Name: kiosk.LocalName{Zh: kv[kiosk.SettingHallNameZh], En: kv[kiosk.SettingHallNameEn]}}
	if err := d.s.PutHall(ctx, h); err != nil {
		return err
	}
	rest := map[string]string{}
	for k, v := range kv {
		if k != kiosk.SettingHallID && k != kiosk.SettingHallNameZh && k != kiosk.SettingHallNameEn {
			rest[k] = v
		}
	}
	if len(rest) == 0 {
		return nil
	}
	return d.s.SetSettings(ctx, demo.HallID, rest)
}

// each puts every item with put, stopping at the first error.
func each[T any](ctx context.Context, items []T, put func(context.Context, string, T) error) error {
	for _, it := range items {
		if err := put(ctx, demo.HallID, it); err != nil {
			return err
		}
	}
	return nil
}

func (d demoTarget) PutBuildings(ctx context.Context, bs []kiosk.Building) error {
	return each(ctx, bs, d.s.PutBuilding)
}

func (d demoTarget) PutAnnouncements(ctx context.Context, as []kiosk.Announcement) error {
	return each(ctx, as, d.s.PutAnnouncement)
}

func (d demoTarget) EnsureRosterSalt(ctx context.Context, _ io.Reader) ([]byte, error) {
	return d.s.Salt(ctx)
}

func (d demoTarget) ImportRoster(ctx context.Context, es []kiosk.RosterEntry) error {
	salt, err := d.s.Salt(ctx)
	if err != nil {
		return err
	}
	ss := make([]central.Student, len(es))
	for i, e := range es {
		if ss[i], err = admin.RosterStudent(salt, e); err != nil {
			return err
		}
		if e.PIN != "" { // the few demo identities: hashed now, so they work at once
			if ss[i].PINHash, err = kiosk.HashPIN(e.PIN); err != nil {
				return err
			}
		}
	}
	return d.s.PutStudents(ctx, ss)
}

func (d demoTarget) PutRooms(ctx context.Context, rs []kiosk.Room) error {
	return each(ctx, rs, d.s.PutRoom)
}

func (d demoTarget) PutMentors(ctx context.Context, ms []kiosk.Mentor) error {
	return each(ctx, ms, d.s.PutMentor)
}

func (d demoTarget) PutMentorSlots(ctx context.Context, ss []kiosk.MentorSlot) error {
	return each(ctx, ss, func(ctx context.Context, _ string, s kiosk.MentorSlot) error { return d.s.PutMentorSlot(ctx, s) })
}

func (d demoTarget) PutEvents(ctx context.Context, es []kiosk.Event) error {
	return each(ctx, es, d.s.PutEvent)
}

func (d demoTarget) history(ctx context.Context, h central.History) error {
	return d.s.ImportHistory(ctx, demo.HallID, h)
}

func (d demoTarget) PutBookings(ctx context.Context, bs []kiosk.Booking) error {
	return d.history(ctx, central.History{Bookings: bs})
}

func (d demoTarget) PutAppointments(ctx context.Context, as []kiosk.Appointment) error {
	return d.history(ctx, central.History{Appointments: as})
}

func (d demoTarget) PutRequests(ctx context.Context, rs []kiosk.Request) error {
	return d.history(ctx, central.History{Requests: rs})
}

func (d demoTarget) PutVisits(ctx context.Context, vs []kiosk.Visit) error {
	return d.history(ctx, central.History{Visits: vs})
}

func (d demoTarget) PutAttendance(ctx context.Context, as []kiosk.Attendance) error {
	return d.history(ctx, central.History{Attendance: as})
}

func (d demoTarget) PutShifts(ctx context.Context, ss []kiosk.Shift) error {
	return d.history(ctx, central.History{Shifts: ss})
}
