// Package campusyear seeds a store with a year of a whole campus, for
// the console's benchmarks: halls, kiosks, students and their visits,
// bookings, appointments, requests, events and duty shifts, spread over
// the hall's opening hours the way a real year is. The same seed gives
// the same campus.
package campusyear

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
)

// Spec is how big the campus is.
type Spec struct {
	Halls, KiosksPerHall                           int
	Students, Visits, Bookings, Appointments, Reqs int
}

// Full is the campus-year of the console's scale target.
var Full = Spec{Halls: 20, KiosksPerHall: 3, Students: 50_000, Visits: 2_000_000, Bookings: 300_000, Appointments: 40_000, Reqs: 100_000}

// Small is the same campus at a hundredth, for tests.
var Small = Spec{Halls: 2, KiosksPerHall: 1, Students: 500, Visits: 20_000, Bookings: 3_000, Appointments: 400, Reqs: 1_000}

// Per hall: buildings of FloorsPerBuilding floors, rooms, mentors.
const (
	BuildingsPerHall  = 3
	FloorsPerBuilding = 12
	RoomsPerHall      = 10
	MentorsPerHall    = 8
	EventsPerHall     = 40
	// chunk records go in one ImportHistory transaction.
	chunk = 20_000
)

// HallID, BuildingID, RoomID and StudentKey name the generated entities,
// so benchmarks can pick one.
func HallID(h int) string        { return fmt.Sprintf("h%02d", h) }
func BuildingID(h, b int) string { return fmt.Sprintf("h%02d-b%d", h, b) }
func RoomID(h, r int) string     { return fmt.Sprintf("h%02d-r%02d", h, r) }
func StudentKey(n int) string    { return fmt.Sprintf("s%06d", n) }

// Generate seeds s with spec's campus for the year ending at end (in
// each hall's zone, Asia/Shanghai). Kiosks are enrolled with tokens
// "token-<hall>-k<n>".
func Generate(ctx context.Context, s central.Store, spec Spec, seed uint64, end time.Time) error {
	g := &gen{ctx: ctx, s: s, spec: spec, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), loc: kiosk.DefaultLocation()}
	end = end.In(g.loc)
	g.first = time.Date(end.Year()-1, end.Month(), end.Day(), 0, 0, 0, 0, g.loc)
	g.days = int(end.Sub(g.first).Hours() / 24)
	for h := range spec.Halls {
		if err := g.hall(h); err != nil {
			return fmt.Errorf("hall %d: %w", h, err)
		}
	}
	return nil
}

type gen struct {
	ctx   context.Context
	s     central.Store
	spec  Spec
	rnd   *rand.Rand
	loc   *time.Location
	first time.Time
	days  int
}

// share is hall h's part of n, the remainder going to the first halls.
func (g *gen) share(n, h int) int {
	q, r := n/g.spec.Halls, n%g.spec.Halls
	if h < r {
		return q + 1
	}
	return q
}

// day is midnight of day d of the year; at is h:m on it.
func (g *gen) at(d, h, m int) time.Time {
	return time.Date(g.first.Year(), g.first.Month(), g.first.Day()+d, h, m, 0, 0, g.loc)
}

func (g *gen) hall(h int) error {
	ctx, s := g.ctx, g.s
	id := HallID(h)
	if err := s.PutHall(ctx, central.Hall{ID: id, Name: kiosk.LocalName{Zh: fmt.Sprintf("第%d服务大厅", h+1), En: fmt.Sprintf("Hall %d", h+1)}}); err != nil {
		return err
	}
	for b := range BuildingsPerHall {
		if err := s.PutBuilding(ctx, id, kiosk.Building{ID: BuildingID(h, b), Name: kiosk.LocalName{Zh: fmt.Sprintf("%d号楼", h*10+b+1), En: fmt.Sprintf("Building %d", h*10+b+1)}, Floors: FloorsPerBuilding}); err != nil {
			return err
		}
	}
	types := []kiosk.RoomType{kiosk.RoomStudy, kiosk.RoomSeminar, kiosk.RoomActivity, kiosk.RoomFitness}
	for r := range RoomsPerHall {
		room := kiosk.Room{ID: RoomID(h, r), Name: kiosk.LocalName{Zh: fmt.Sprintf("活动室%02d", r+1), En: fmt.Sprintf("Room %02d", r+1)},
			Type: types[r%len(types)], Capacity: 6 + r%4*4, BuildingID: BuildingID(h, r%BuildingsPerHall), Floor: 1 + r%3,
			Opens: 8 * 60, Closes: 22 * 60, Active: true}
		if err := s.PutRoom(ctx, id, room); err != nil {
			return err
		}
	}
	for k := range g.spec.KiosksPerHall {
		code := fmt.Sprintf("code-%s-k%d", id, k)
		if err := s.CreateEnrollCode(ctx, central.HashSecret(code), id, g.at(g.days, 23, 0)); err != nil {
			return err
		}
		if _, err := s.Enroll(ctx, central.HashSecret(code), central.Kiosk{ID: fmt.Sprintf("%s-k%d", id, k), Name: fmt.Sprintf("自助机 %d", k+1)},
			central.HashSecret(fmt.Sprintf("token-%s-k%d", id, k))); err != nil {
			return err
		}
	}
	students, err := g.students(h)
	if err != nil {
		return err
	}
	slots, err := g.mentors(h)
	if err != nil {
		return err
	}
	events, err := g.events(h)
	if err != nil {
		return err
	}
	var hist central.History
	flush := func(force bool) error {
		n := len(hist.Visits) + len(hist.Bookings) + len(hist.Appointments) + len(hist.Requests) + len(hist.Attendance) + len(hist.Shifts)
		if n == 0 || (!force && n < chunk) {
			return nil
		}
		err := s.ImportHistory(ctx, id, hist)
		hist = central.History{}
		return err
	}
	pick := func() string { return students[g.rnd.IntN(len(students))] }
	purposes := []kiosk.Purpose{kiosk.PurposeStudy, kiosk.PurposeStudy, kiosk.PurposeConsult, kiosk.PurposeService, kiosk.PurposeEvent, kiosk.PurposeOther}
	for i := range g.share(g.spec.Visits, h) {
		// Busier in the afternoon and evening, as halls are.
		hour := 8 + min(g.rnd.IntN(8)+g.rnd.IntN(8), 13)
		hist.Visits = append(hist.Visits, kiosk.Visit{ID: fmt.Sprintf("%s-v%07d", id, i), StudentKey: pick(),
			Purpose: purposes[g.rnd.IntN(len(purposes))], At: g.at(g.rnd.IntN(g.days), hour, g.rnd.IntN(60))})
		if err := flush(false); err != nil {
			return err
		}
	}
	// Bookings: each room's day has 14 one-hour slots; a booking takes a
	// free one, so none overlap.
	nb := g.share(g.spec.Bookings, h)
	perRoomDay := (nb + RoomsPerHall*g.days - 1) / (RoomsPerHall * g.days)
	i := 0
	for d := 0; d < g.days && i < nb; d++ {
		for r := 0; r < RoomsPerHall && i < nb; r++ {
			for _, hour := range g.rnd.Perm(14)[:min(perRoomDay+g.rnd.IntN(2), 14)] {
				if i >= nb {
					break
				}
				start := g.at(d, 8+hour, 0)
				b := kiosk.Booking{ID: fmt.Sprintf("%s-b%06d", id, i), RoomID: RoomID(h, r), StudentKey: pick(),
					Start: start, End: start.Add(time.Hour), CreatedAt: start.Add(-time.Duration(1+g.rnd.IntN(48)) * time.Hour)}
				switch x := g.rnd.IntN(20); {
				case x < 14:
					b.Status, b.CheckedInAt = kiosk.BookingCheckedIn, start.Add(time.Duration(g.rnd.IntN(10))*time.Minute)
				case x < 17:
					b.Status, b.CancelledAt = kiosk.BookingCancelled, b.CreatedAt.Add(time.Hour)
				default:
					b.Status = kiosk.BookingNoShow
				}
				hist.Bookings = append(hist.Bookings, b)
				i++
				if err := flush(false); err != nil {
					return err
				}
			}
		}
	}
	for i, sl := range slots[:min(len(slots), g.share(g.spec.Appointments, h))] {
		a := kiosk.Appointment{ID: fmt.Sprintf("%s-a%05d", id, i), SlotID: sl.ID, MentorID: sl.MentorID, MentorType: sl.typ,
			StudentKey: pick(), Start: sl.Start, End: sl.End, CreatedAt: sl.Start.Add(-72 * time.Hour)}
		switch x := g.rnd.IntN(10); {
		case x < 7:
			a.Status, a.ArrivedAt = kiosk.AppointmentCompleted, sl.Start.Add(-5*time.Minute)
		case x < 9:
			a.Status, a.CancelledAt = kiosk.AppointmentCancelled, a.CreatedAt.Add(time.Hour)
		default:
			a.Status = kiosk.AppointmentMissed
		}
		hist.Appointments = append(hist.Appointments, a)
		if err := flush(false); err != nil {
			return err
		}
	}
	for i := range g.share(g.spec.Reqs, h) {
		hist.Requests = append(hist.Requests, g.request(h, i, pick()))
		if err := flush(false); err != nil {
			return err
		}
	}
	for i, ev := range events {
		from := g.rnd.IntN(len(students))
		for j := range min(30+g.rnd.IntN(60), len(students)) {
			hist.Attendance = append(hist.Attendance, kiosk.Attendance{ID: fmt.Sprintf("%s-at%03d-%03d", id, i, j), EventID: ev.ID,
				StudentKey: students[(from+j)%len(students)], At: ev.Start.Add(time.Duration(g.rnd.IntN(20)) * time.Minute)})
		}
	}
	// Duty shifts: two volunteers a day, afternoon and evening.
	vols := students[:min(20, len(students))]
	for d := range g.days {
		for k, start := range []int{13, 18} {
			st := g.at(d, start, g.rnd.IntN(15))
			hist.Shifts = append(hist.Shifts, kiosk.Shift{ID: fmt.Sprintf("%s-sh%03d-%d", id, d, k), StudentKey: vols[(d*2+k)%len(vols)],
				Start: st, End: st.Add(3*time.Hour + time.Duration(g.rnd.IntN(60))*time.Minute)})
		}
	}
	return flush(true)
}

// students puts hall h's share of the roster; the first twenty are duty
// volunteers.
func (g *gen) students(h int) ([]string, error) {
	n := g.share(g.spec.Students, h)
	base := 0
	for i := range h {
		base += g.share(g.spec.Students, i)
	}
	keys := make([]string, 0, n)
	var batch []central.Student
	for i := range n {
		key := StudentKey(base + i)
		keys = append(keys, key)
		roles := []string{kiosk.RoleStudent}
		if i < 20 {
			roles = append(roles, kiosk.RoleVolunteer)
		}
		batch = append(batch, central.Student{Key: key, MaskedName: maskedNames[(base+i)%len(maskedNames)],
			BuildingID: BuildingID(h, i%BuildingsPerHall), Floor: 1 + i/BuildingsPerHall%FloorsPerBuilding, Roles: roles})
		if len(batch) == 5000 || i == n-1 {
			if err := g.s.PutStudents(g.ctx, batch); err != nil {
				return nil, err
			}
			batch = batch[:0]
		}
	}
	return keys, nil
}

var maskedNames = []string{"张*", "王*华", "李*", "刘*明", "陈*", "杨*婷", "赵*", "黄*伟", "周*", "吴*芳"}

type slot struct {
	kiosk.MentorSlot
	typ kiosk.MentorType
}

// mentors puts hall h's mentors and enough half-hour slots, spread over
// the year's weekdays, for its share of appointments.
func (g *gen) mentors(h int) ([]slot, error) {
	types := []kiosk.MentorType{kiosk.MentorAcademic, kiosk.MentorAcademic, kiosk.MentorAcademic, kiosk.MentorCareer,
		kiosk.MentorCounselling, kiosk.MentorCounselling, kiosk.MentorLeader, kiosk.MentorAcademic}
	id := HallID(h)
	for m := range MentorsPerHall {
		mt := types[m%len(types)]
		if err := g.s.PutMentor(g.ctx, id, kiosk.Mentor{ID: fmt.Sprintf("%s-m%d", id, m), Name: kiosk.LocalName{Zh: fmt.Sprintf("%s老师", string([]rune("王李张刘陈杨赵黄")[m])), En: fmt.Sprintf("Mentor %d", m+1)},
			Type: mt, Place: kiosk.LocalName{Zh: "服务大厅 2 楼", En: "Hall, 2nd floor"}}); err != nil {
			return nil, err
		}
	}
	// Eight half-hours from 14:00 per mentor and day, the days spread
	// evenly over the year.
	need := g.share(g.spec.Appointments, h)
	perDay := MentorsPerHall * 8
	days := (need + perDay - 1) / perDay
	if days > g.days {
		return nil, fmt.Errorf("%d appointments do not fit in a year of %d slots a day", need, perDay)
	}
	stride := g.days / max(days, 1)
	var slots []slot
	for i := range need {
		m, k := i%MentorsPerHall, i/MentorsPerHall%8
		start := g.at(i/perDay*stride, 14, 0).Add(time.Duration(k) * 30 * time.Minute)
		sl := slot{kiosk.MentorSlot{ID: fmt.Sprintf("%s-m%d-s%05d", id, m, i), MentorID: fmt.Sprintf("%s-m%d", id, m), Start: start, End: start.Add(30 * time.Minute)}, types[m%len(types)]}
		if err := g.s.PutMentorSlot(g.ctx, sl.MentorSlot); err != nil {
			return nil, err
		}
		slots = append(slots, sl)
	}
	return slots, nil
}

func (g *gen) events(h int) ([]kiosk.Event, error) {
	id := HallID(h)
	var evs []kiosk.Event
	for e := range EventsPerHall {
		start := g.at(e*g.days/EventsPerHall, 19, 0)
		ev := kiosk.Event{ID: fmt.Sprintf("%s-e%02d", id, e), Title: kiosk.LocalName{Zh: fmt.Sprintf("社区活动 %d", e+1), En: fmt.Sprintf("Community event %d", e+1)},
			Place: kiosk.LocalName{Zh: "报告厅", En: "Lecture hall"}, Start: start, End: start.Add(90 * time.Minute)}
		if err := g.s.PutEvent(g.ctx, id, ev); err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// request is one of a hall's requests: most answered and resolved in
// time, some late, some still open, most resolved ones followed up.
func (g *gen) request(h, i int, student string) kiosk.Request {
	cat := kiosk.RequestCategories[g.rnd.IntN(len(kiosk.RequestCategories))]
	presets := kiosk.RequestPresets[cat]
	d := g.rnd.IntN(g.days)
	sub := g.at(d, 8+g.rnd.IntN(14), g.rnd.IntN(60))
	r := kiosk.Request{ID: fmt.Sprintf("%s-q%06d", HallID(h), i), Ticket: fmt.Sprintf("R%s-%05d", sub.Format("0102"), i%100000),
		Token: fmt.Sprintf("tok%s%07d", HallID(h), i), StudentKey: student, Category: cat,
		BuildingID: BuildingID(h, g.rnd.IntN(BuildingsPerHall)), Floor: 1 + g.rnd.IntN(FloorsPerBuilding),
		Presets: []string{presets[g.rnd.IntN(len(presets))]}, Contact: kiosk.ContactKiosk,
		SubmittedAt: sub, ResponseDueAt: sub.Add(4 * time.Hour), DueAt: sub.Add(72 * time.Hour)}
	switch x := g.rnd.IntN(100); {
	case d > g.days-3 && x < 60:
		r.Status = kiosk.RequestSubmitted
	case x < 4:
		r.Status, r.RespondedAt = kiosk.RequestRejected, sub.Add(time.Hour)
	case x < 10:
		r.Status, r.RespondedAt = kiosk.RequestInProgress, sub.Add(time.Duration(1+g.rnd.IntN(6))*time.Hour)
	default:
		r.RespondedAt = sub.Add(time.Duration(10+g.rnd.IntN(300)) * time.Minute)
		r.ResolvedAt = sub.Add(time.Duration(2+g.rnd.IntN(90)) * time.Hour)
		r.Status = kiosk.RequestResolved
		r.Notes = []kiosk.RequestNote{{At: r.ResolvedAt, Status: kiosk.RequestResolved, Text: "已处理完毕。"}}
		if g.rnd.IntN(10) < 8 {
			f := kiosk.FollowUp{At: r.ResolvedAt.Add(24 * time.Hour), By: "student", Contacted: true, Solved: kiosk.OutcomeSolved, Satisfied: kiosk.Satisfied}
			switch y := g.rnd.IntN(10); {
			case y == 0:
				f.Solved, f.Satisfied = kiosk.OutcomeNotSolved, kiosk.NotSatisfied
			case y < 3:
				f.Solved, f.Satisfied = kiosk.OutcomePartly, kiosk.BasicallySatisfied
			}
			r.FollowUp, r.Status, r.Outcome, r.Rating = &f, kiosk.RequestClosed, f.Solved, 5-min(g.rnd.IntN(3), 2)
		}
	}
	return r
}
