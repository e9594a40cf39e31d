package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/store"
)

const benchRoster = 50_000

// benchEntries makes n roster entries with 10-digit numbers and card ids;
// withPIN gives each a 6-digit PIN.
func benchEntries(first, n int, withPIN bool) []kiosk.RosterEntry {
	es := make([]kiosk.RosterEntry, n)
	for i := range es {
		k := first + i
		es[i] = kiosk.RosterEntry{
			Number:     strconv.Itoa(2020000000 + k),
			CardID:     fmt.Sprintf("CARD%08X", k),
			Name:       "张三华",
			BuildingID: "b" + strconv.Itoa(k%12),
			Floor:      k % 20,
			Roles:      []string{kiosk.RoleStudent},
		}
		if withPIN {
			es[i].PIN = fmt.Sprintf("%06d", k%1_000_000)
		}
	}
	return es
}

// reportLatency adds p50 and p99 of the per-op latencies to the result.
func reportLatency(b *testing.B, lat []time.Duration) {
	b.Helper()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Nanoseconds()) }
	b.ReportMetric(at(0.50), "p50-ns")
	b.ReportMetric(at(0.99), "p99-ns")
}

// BenchmarkIdentify50k looks up random typed student numbers in a roster
// of 50,000: one indexed query on the reader pool per op.
func BenchmarkIdentify50k(b *testing.B) {
	ctx := context.Background()
	db, _, _ := openStore(b)
	seedRoster(b, db, benchEntries(0, benchRoster, false)...)
	rng := rand.New(rand.NewPCG(7, 11))
	creds := make([]kiosk.Credential, 4096)
	for i := range creds {
		creds[i] = kiosk.Credential{Kind: kiosk.CredNumber, Value: strconv.Itoa(2020000000 + rng.IntN(benchRoster))}
	}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := db.Identify(ctx, creds[i%len(creds)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	reportLatency(b, lat)
}

// BenchmarkCheckInVisitDurable stores one visit and its outbox entry per
// op, each in its own synchronous=FULL transaction.
func BenchmarkCheckInVisitDurable(b *testing.B) {
	ctx := context.Background()
	db, clock, _ := openStore(b)
	var lat []time.Duration
	i := 0
	for b.Loop() {
		v := visit("bench-"+strconv.Itoa(i), "s1", clock)
		start := time.Now()
		if err := db.CheckInVisit(ctx, v); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	reportLatency(b, lat)
}

// BenchmarkBareDurableCommit is the floor under CheckInVisit: one-row
// INSERT per immediate transaction on the same writer and settings.
func BenchmarkBareDurableCommit(b *testing.B) {
	ctx := context.Background()
	db, _, _ := openStore(b)
	if err := store.CreateBenchTable(db); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if err := store.BareDurableCommit(ctx, db, i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	reportLatency(b, lat)
}

// BenchmarkApplyRoster50k applies pages of up to 50,000 new students as
// central sends them, PINs hashed. One op is one student, so that any
// -benchtime works; s/50k scales the measured time to 50,000 students.
func BenchmarkApplyRoster50k(b *testing.B) {
	db, _, _ := openStore(b)
	pin, err := kiosk.HashPIN("904512")
	must(b, err)
	var spent time.Duration
	for done := 0; done < b.N; done += benchRoster {
		b.StopTimer()
		rows := rosterRows(b, benchEntries(done, min(benchRoster, b.N-done), false)...)
		for i := range rows {
			rows[i].PINHash = pin // one hash for all: the kiosk never computes them
		}
		cs := changes(b, kiosk.EntityStudent, rows...)
		b.StartTimer()
		start := time.Now()
		seedPage(b, db, cs...)
		spent += time.Since(start)
	}
	b.ReportMetric(spent.Seconds()/float64(b.N)*benchRoster, "s/50k")
}

// benchCampus stores rooms rooms and n bookings packed into their
// opening hours over the eight weeks up to a week after t0: a busy
// term's history plus a fully booked booking window.
func benchCampus(b *testing.B, db *store.DB, rooms, n int) {
	b.Helper()
	rs := make([]kiosk.Room, rooms)
	for i := range rs {
		rs[i] = kiosk.Room{ID: fmt.Sprintf("room-%02d", i), Name: kiosk.LocalName{Zh: fmt.Sprintf("房间 %02d", i), En: fmt.Sprintf("Room %02d", i)},
			Type: kiosk.RoomTypes[i%len(kiosk.RoomTypes)], Capacity: 10, BuildingID: "b" + strconv.Itoa(i%2),
			Floor: i % 10, Opens: 8 * 60, Closes: 22 * 60, Active: true}
	}
	seed(b, db, kiosk.EntityRoom, rs...)
	rng := rand.New(rand.NewPCG(3, 5))
	first := kiosk.StartOfDay(t0).AddDate(0, 0, -49)
	days := 56
	bs := make([]kiosk.Booking, 0, n)
	for i := 0; len(bs) < n; i++ {
		room, day := rs[i%rooms], first.AddDate(0, 0, (i/rooms)%days)
		for at := day.Add(8 * time.Hour); len(bs) < n; {
			at = at.Add(time.Duration(rng.IntN(3)) * 30 * time.Minute)
			end := at.Add(time.Duration(1+rng.IntN(4)) * 30 * time.Minute)
			if end.After(day.Add(22 * time.Hour)) {
				break
			}
			status := kiosk.BookingBooked
			if end.Before(t0) {
				status = []kiosk.BookingStatus{kiosk.BookingCheckedIn, kiosk.BookingCheckedIn, kiosk.BookingNoShow, kiosk.BookingCancelled}[rng.IntN(4)]
			}
			bs = append(bs, kiosk.Booking{ID: fmt.Sprintf("bk-%06d", len(bs)), RoomID: room.ID,
				StudentKey: "s" + strconv.Itoa(rng.IntN(5000)), Start: at, End: end, Status: status})
			at = end
		}
	}
	seed(b, db, kiosk.EntityBooking, bs...)
}

// BenchmarkFreeSlotsWeek finds a week of free 30-minute slots across 50
// rooms in a store holding 20,000 bookings (goal: under 5 ms).
func BenchmarkFreeSlotsWeek(b *testing.B) {
	ctx := context.Background()
	db, _, _ := openStore(b)
	benchCampus(b, db, 50, 20_000)
	from := t0
	to := kiosk.StartOfDay(t0).AddDate(0, 0, 7)
	var lat []time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		free, err := db.FreeSlots(ctx, "", from, to, 30*time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		n = len(free)
	}
	b.ReportMetric(float64(n), "stretches")
	reportLatency(b, lat)
}
