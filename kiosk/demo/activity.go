package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"onestop/kiosk"
)

// ActivityData is what the demo students have done, as central would
// send it to the kiosk.
type ActivityData struct {
	Bookings     []kiosk.Booking
	Appointments []kiosk.Appointment
	Requests     []kiosk.Request
	Visits       []kiosk.Visit
	Attendance   []kiosk.Attendance
	Shifts       []kiosk.Shift
}

// Activity returns the demo students' history relative to now, keyed
// under salt. The first identity has an academic appointment whose
// check-in is open at now, a resolved repair request with handler notes
// waiting for a rating, an open network request, a booking tomorrow,
// past visits, a completed mentor meeting and an event attended. The
// second identity, a volunteer, has past desk shifts; the others hold
// bookings and appointments that show as taken.
func Activity(now time.Time, salt []byte) ActivityData {
	now = now.In(Zone) // the demo campus counts its days in its hall's zone
	key := func(i int) string {
		return kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, Identities[i].Number)
	}
	day := kiosk.StartOfDay(now)
	at := func(days int, hh, mm int) time.Time {
		return day.AddDate(0, 0, days).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
	}
	var a ActivityData
	a.Bookings = bookings(now, key, at)
	a.Appointments = appointments(now, key, at)
	a.Requests = requests(now, key(0))
	for i, d := range []struct {
		days, hh, mm int
		p            kiosk.Purpose
	}{{-1, 10, 5, kiosk.PurposeStudy}, {-3, 15, 20, kiosk.PurposeConsult}, {-6, 9, 40, kiosk.PurposeService}, {-5, 18, 50, kiosk.PurposeEvent}} {
		a.Visits = append(a.Visits, kiosk.Visit{ID: fmt.Sprintf("visit-demo-%d", i+1), StudentKey: key(0),
			HallID: HallID, Purpose: d.p, At: at(d.days, d.hh, d.mm)})
	}
	a.Attendance = []kiosk.Attendance{{ID: "att-demo-1", EventID: "e-career-talk", StudentKey: key(0), At: at(-5, 18, 55)}}
	for i, s := range []struct{ days, from, to int }{{-1, 8, 12}, {-4, 13, 17}, {-8, 18, 21}} {
		a.Shifts = append(a.Shifts, kiosk.Shift{ID: fmt.Sprintf("shift-demo-%d", i+1), StudentKey: key(1),
			Start: at(s.days, s.from, 0), End: at(s.days, s.to, 0)})
	}
	return a
}

// bookings are today's to the day after tomorrow's, in the past
// checked in, from now on booked.
func bookings(now time.Time, key func(int) string, at func(int, int, int) time.Time) []kiosk.Booking {
	plan := []struct {
		who        int
		room       string
		days, hh   int
		mm, length int // minutes
	}{
		{0, "r-md-seminar-202", 1, 16, 0, 60},
		{1, "r-md-seminar-201", 0, 14, 0, 120},
		{1, "r-md-study-101", 1, 19, 0, 120},
		{2, "r-zs-seminar-203", 0, 19, 0, 120},
		{2, "r-zs-activity-101", 2, 15, 0, 120},
		{3, "r-zs-fitness-108", 0, 18, 0, 60},
		{3, "r-md-seminar-201", 1, 10, 0, 90},
		{4, "r-md-piano-106", 0, 12, 0, 60},
		{4, "r-zs-study-102", 1, 8, 30, 120},
	}
	var out []kiosk.Booking
	for i, p := range plan {
		start := at(p.days, p.hh, p.mm)
		b := kiosk.Booking{ID: fmt.Sprintf("booking-demo-%d", i+1), RoomID: p.room, StudentKey: key(p.who),
			Start: start, End: start.Add(time.Duration(p.length) * time.Minute), Status: kiosk.BookingBooked,
			CreatedAt: at(p.days-1, 21, 0)}
		if start.Before(now) {
			b.Status, b.CheckedInAt = kiosk.BookingCheckedIn, start.Add(-5*time.Minute)
		}
		out = append(out, b)
	}
	return out
}

// appointments: the first identity's today (TodaySlot) and a completed
// meeting three days ago; others hold the first slots of two mentors.
func appointments(now time.Time, key func(int) string, at func(int, int, int) time.Time) []kiosk.Appointment {
	today := TodaySlot(now)
	out := []kiosk.Appointment{
		{ID: "appt-demo-today", SlotID: today.ID, MentorID: today.MentorID, MentorType: kiosk.MentorAcademic,
			StudentKey: key(0), Start: today.Start, End: today.End, Status: kiosk.AppointmentBooked, CreatedAt: at(-2, 20, 0)},
		{ID: "appt-demo-past", SlotID: "slot-m-he-jianguo-past", MentorID: "m-he-jianguo", MentorType: kiosk.MentorAcademic,
			StudentKey: key(0), Start: at(-3, 15, 0), End: at(-3, 15, 30), Status: kiosk.AppointmentCompleted,
			CreatedAt: at(-6, 9, 0), ArrivedAt: at(-3, 14, 52)},
	}
	slots := MentorSlots(now)
	for i, m := range []struct {
		who    int
		mentor string
	}{{2, "m-zhou-wenjing"}, {3, "m-zhang-hao"}} {
		for _, s := range slots {
			if s.MentorID == m.mentor && s.Start.After(now.Add(24*time.Hour)) {
				mt := kiosk.MentorAcademic
				if m.mentor == "m-zhang-hao" {
					mt = kiosk.MentorCareer
				}
				out = append(out, kiosk.Appointment{ID: fmt.Sprintf("appt-demo-%d", i+1), SlotID: s.ID, MentorID: m.mentor,
					MentorType: mt, StudentKey: key(m.who), Start: s.Start, End: s.End, Status: kiosk.AppointmentBooked,
					CreatedAt: now.Add(-time.Hour)})
				break
			}
		}
	}
	return out
}

// requests are the first identity's: a resolved repair waiting for a
// rating and a network problem in progress. Tickets and tokens come from
// a fixed seed so the demo is the same for the same now.
func requests(now time.Time, student string) []kiosk.Request {
	r := rand.NewChaCha8([32]byte{'d', 'e', 'm', 'o'})
	mk := func(id string, c kiosk.RequestCategory, preset, room string, submitted time.Time, sla time.Duration,
		status kiosk.RequestStatus, notes ...kiosk.RequestNote) kiosk.Request {
		ticket, _ := kiosk.NewTicket(r, submitted) // a ChaCha8 never fails to read
		token, _ := kiosk.NewToken(r)
		return kiosk.Request{ID: id, Ticket: ticket, Token: token, StudentKey: student, HallID: HallID, Category: c,
			BuildingID: Identities[0].BuildingID, Floor: Identities[0].Floor, Room: room, Presets: []string{preset},
			Contact: kiosk.ContactKiosk, Status: status, SubmittedAt: submitted, DueAt: submitted.Add(sla), Notes: notes}
	}
	repair := now.Add(-50 * time.Hour).Truncate(time.Minute)
	network := now.Add(-5 * time.Hour).Truncate(time.Minute)
	sla := kiosk.DefaultSettings().SLA
	return []kiosk.Request{
		mk("req-demo-repair", kiosk.CategoryRepair, "repair.light", "305", repair, sla.Repair, kiosk.RequestResolved,
			kiosk.RequestNote{At: repair.Add(25 * time.Minute), Status: kiosk.RequestAccepted, Text: "已受理，已派维修师傅上门。"},
			kiosk.RequestNote{At: repair.Add(5 * time.Hour), Status: kiosk.RequestResolved, Text: "305 宿舍顶灯已更换，请确认是否解决。"}),
		mk("req-demo-network", kiosk.CategoryNetwork, "network.slow", "305", network, sla.Network, kiosk.RequestInProgress,
			kiosk.RequestNote{At: network.Add(40 * time.Minute), Status: kiosk.RequestInProgress, Text: "网络中心正在排查三楼交换机。"}),
	}
}
