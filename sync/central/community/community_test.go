package community

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

var cst = time.FixedZone("CST", 8*3600)

func TestPeriodAt(t *testing.T) {
	// A Wednesday evening; 23:30 local is already Thursday in the zone
	// but still Wednesday in UTC's previous day: the zone decides.
	clock := kiosktest.NewClock(time.Date(2026, 3, 4, 15, 30, 0, 0, time.UTC)) // 23:30 CST
	for _, tt := range []struct {
		name       string
		month      bool
		start, end string
		prev, next string
	}{
		{"week", false, "2026-03-02", "2026-03-09", "2026-02-23", "2026-03-09"},
		{"month", true, "2026-03-01", "2026-04-01", "2026-02-01", "2026-04-01"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := PeriodAt(tt.month, clock.Now(), cst)
			d := func(x time.Time) string { return x.Format(time.DateOnly) }
			if d(p.Start) != tt.start || d(p.End) != tt.end || d(p.Prev().Start) != tt.prev || d(p.Next().Start) != tt.next {
				t.Fatalf("%s: %s–%s prev %s next %s", tt.name, d(p.Start), d(p.End), d(p.Prev().Start), d(p.Next().Start))
			}
			if p.Start.Hour() != 0 || p.Start.Location() != cst {
				t.Fatalf("start %v is not a local midnight", p.Start)
			}
		})
	}
	// Sunday belongs to the week that began on Monday.
	sun := time.Date(2026, 3, 8, 22, 0, 0, 0, cst)
	if got := PeriodAt(false, sun, cst).Start.Day(); got != 2 {
		t.Fatalf("Sunday's week starts on the %d", got)
	}
	if n := len(PeriodAt(true, sun, cst).Weeks()); n != 6 {
		t.Fatalf("March 2026 touches %d weeks, want 6 (Feb 23 … Mar 30)", n)
	}
}

func TestVisits(t *testing.T) {
	p := PeriodAt(false, time.Date(2026, 3, 2, 9, 0, 0, 0, cst), cst)
	f := Visits(p, []HourCount{
		{Bucket: 9, Key: "study", Count: 3},         // Mon 09:00
		{Bucket: 24 + 9, Key: "study", Count: 2},    // Tue 09:00
		{Bucket: 24 + 20, Key: "consult", Count: 1}, // Tue 20:00
		{Bucket: 6*24 + 23, Key: "", Count: 4},      // Sun 23:00, before purposes
		{Bucket: 7 * 24, Key: "study", Count: 9},    // next Monday: not this week
	})
	if f.Total != 10 {
		t.Fatalf("total %d, want 10", f.Total)
	}
	if f.ByHour["study"][9] != 5 || f.ByHour["consult"][20] != 1 || f.ByHour[""][23] != 4 {
		t.Fatalf("by hour %v", f.ByHour)
	}
	if d := f.ByDay["study"]; d[0] != 3 || d[1] != 2 || len(d) != 7 {
		t.Fatalf("study by day %v", d)
	}
	if f.ByDay[""][6] != 4 || f.Purposes[len(f.Purposes)-1] != "" || len(f.ByDay["event"]) != 7 {
		t.Fatalf("purposes %q, unrecorded by day %v", f.Purposes, f.ByDay[""])
	}
}

func TestRooms(t *testing.T) {
	p := PeriodAt(false, time.Date(2026, 3, 2, 9, 0, 0, 0, cst), cst)
	study := kiosk.Room{ID: "r1", Type: kiosk.RoomStudy, Active: true, Opens: 8 * 60, Closes: 22 * 60,
		ClosedWeekdays: []time.Weekday{time.Sunday}, ClosedDates: []string{"2026-03-03"}}
	gym := kiosk.Room{ID: "r2", Type: kiosk.RoomFitness, Active: true, Opens: 6 * 60, Closes: 8 * 60}
	shut := kiosk.Room{ID: "r3", Type: kiosk.RoomStudy, Active: false, Opens: 0, Closes: 24 * 60}
	byRoom, byType := Rooms(p, []kiosk.Room{study, gym, shut}, []BookingSum{
		{RoomID: "r1", Status: kiosk.BookingCheckedIn, Count: 6, Length: 14 * time.Hour},
		{RoomID: "r1", Status: kiosk.BookingNoShow, Count: 2, Length: 4 * time.Hour},
		{RoomID: "r1", Status: kiosk.BookingCancelled, Count: 5, Length: 10 * time.Hour},
		{RoomID: "r1", Status: kiosk.BookingBooked, Count: 1, Length: 3 * time.Hour},
		{RoomID: "gone", Status: kiosk.BookingCheckedIn, Count: 1, Length: time.Hour},
	})
	for _, tt := range []struct {
		name                  string
		u                     Use
		open, booked, inUse   float64
		bookedS, inUseS, rate float64
	}{
		// 5 open days × 14 h; 21 h booked (not the cancelled), 14 h used.
		{"study room", byRoom[0], 70, 21, 14, 0.3, 0.2, 0.25},
		{"gym", byRoom[1], 14, 0, 0, 0, 0, 0},
		{"inactive", byRoom[2], 0, 0, 0, 0, 0, 0},
		{"study type", byType[0], 70, 21, 14, 0.3, 0.2, 0.25},
		{"fitness type", byType[1], 14, 0, 0, 0, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.u
			if u.Open.Hours() != tt.open || u.Booked.Hours() != tt.booked || u.InUse.Hours() != tt.inUse ||
				!near(u.BookedShare(), tt.bookedS) || !near(u.InUseShare(), tt.inUseS) || !near(u.NoShowRate(), tt.rate) {
				t.Fatalf("%+v: shares %.3f %.3f no-show %.3f", u, u.BookedShare(), u.InUseShare(), u.NoShowRate())
			}
		})
	}
	if len(byType) != 2 {
		t.Fatalf("types %v, want study and fitness only", byType)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestSurges(t *testing.T) {
	week := time.Date(2026, 3, 2, 0, 0, 0, 0, cst)
	wk := func(w int) int64 { return int64((SurgeWeeks + w) * 7 * 24) } // bucket of week w (0 = this)
	rep, net := kiosk.CategoryRepair, kiosk.CategoryNetwork
	for _, tt := range []struct {
		name string
		rows []RequestCount
		want int // surges
	}{
		// Average 2 a week; 3 is not above 3.
		{"at the line", []RequestCount{{rep, "b1", 0, wk(-4), 8}, {rep, "b1", 0, wk(0), 3}}, 0},
		{"above it", []RequestCount{{rep, "b1", 0, wk(-4), 8}, {rep, "b1", 0, wk(0) + 5, 4}}, 1},
		{"new category", []RequestCount{{net, "b1", 0, wk(0), 1}}, 1},
		{"other building's history", []RequestCount{{rep, "b2", 0, wk(-1), 40}, {rep, "b1", 0, wk(0), 1}}, 1},
		{"next week not counted", []RequestCount{{rep, "b1", 0, wk(1), 9}}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Surges(week, tt.rows); len(got) != tt.want {
				t.Fatalf("%+v, want %d", got, tt.want)
			}
		})
	}
	got := Surges(week, []RequestCount{{rep, "b1", 0, wk(-4), 8}, {rep, "b1", 0, wk(0) + 5, 4}})
	if got[0].Week != 4 || got[0].Average != 2 {
		t.Fatalf("%+v", got[0])
	}
}

func TestClusters(t *testing.T) {
	from := time.Date(2026, 2, 2, 0, 0, 0, 0, cst)
	week := from.AddDate(0, 0, 28)
	h := func(hours int) int64 { return int64(28*24 + hours) } // hours into the week
	rep := kiosk.CategoryRepair
	for _, tt := range []struct {
		name  string
		rows  []RequestCount
		count int // 0: no cluster
	}{
		{"three within 48h", []RequestCount{{rep, "b1", 3, h(1), 1}, {rep, "b1", 3, h(20), 1}, {rep, "b1", 3, h(48), 1}}, 3},
		{"third one hour late", []RequestCount{{rep, "b1", 3, h(1), 1}, {rep, "b1", 3, h(20), 1}, {rep, "b1", 3, h(49), 1}}, 0},
		{"other floors do not add", []RequestCount{{rep, "b1", 3, h(1), 2}, {rep, "b1", 4, h(2), 1}}, 0},
		{"same hour", []RequestCount{{rep, "b1", 3, h(5), 4}}, 4},
		{"last week's cluster", []RequestCount{{rep, "b1", 3, h(-100), 5}}, 0},
		{"window reaching into the week", []RequestCount{{rep, "b1", 3, h(-10), 2}, {rep, "b1", 3, h(2), 1}}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Clusters(from, week, week.AddDate(0, 0, 7), tt.rows)
			if (tt.count == 0) != (len(got) == 0) || (tt.count > 0 && got[0].Count != tt.count) {
				t.Fatalf("%+v, want a cluster of %d", got, tt.count)
			}
		})
	}
}

func TestMeetings(t *testing.T) {
	roster := []Student{{"k1", "张*", "b2", 3}, {"k2", "李*", "b1", 5}, {"k3", "王*", "b1", 2}, {"k4", "赵*", "b1", 2}}
	hist, behind := Meetings(roster, []StudentCount{{"k1", 2}, {"k3", 1}, {"other-hall", 5}})
	if hist != [3]int{2, 1, 1} {
		t.Fatalf("histogram %v", hist)
	}
	var got []string
	for _, b := range behind {
		got = append(got, b.Key)
	}
	// Building b1: floor 2 (fewest meetings first: k4 0, k3 1), floor 5.
	if len(got) != 3 || got[0] != "k4" || got[1] != "k3" || got[2] != "k2" {
		t.Fatalf("behind %v", got)
	}
}

func TestWeekly(t *testing.T) {
	p := PeriodAt(true, time.Date(2026, 3, 10, 0, 0, 0, 0, cst), cst)
	from := p.Weeks()[0] // Monday Feb 23
	ls := LeaderSessions(p, from, []MentorCount{{"m1", 7*24 + 10, 2}, {"m1", 14*24 + 10, 1}, {"m2", 10, 1}})
	if len(ls) != 2 || ls[0].Key != "m1" || ls[0].Weeks[1] != 2 || ls[0].Weeks[2] != 1 || ls[0].Total != 3 || ls[1].Weeks[0] != 1 {
		t.Fatalf("leaders %+v", ls)
	}
	vh := VolunteerHours(p, from, []ShiftSum{{"v1", 8, 90 * time.Minute}, {"v1", 9, 30 * time.Minute}, {"v2", 50 * 24, time.Hour}})
	if len(vh) != 1 || vh[0].Weeks[0] != 2 {
		t.Fatalf("volunteers %+v (the shift after the period's last week counts nowhere)", vh)
	}
}
