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
	if err := db.ImportRoster(ctx, benchEntries(0, benchRoster, false)); err != nil {
		b.Fatal(err)
	}
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

// BenchmarkImportRoster50k imports rosters in transactions of up to
// 50,000 new students. One op is one student, so that any -benchtime
// works; s/50k scales the measured time to a full 50,000-student import.
func BenchmarkImportRoster50k(b *testing.B) {
	for _, withPIN := range []bool{false, true} {
		name := "no-pin"
		if withPIN {
			name = "pin"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			db, _, _ := openStore(b)
			var spent time.Duration
			for done := 0; done < b.N; done += benchRoster {
				b.StopTimer()
				es := benchEntries(done, min(benchRoster, b.N-done), withPIN)
				b.StartTimer()
				start := time.Now()
				if err := db.ImportRoster(ctx, es); err != nil {
					b.Fatal(err)
				}
				spent += time.Since(start)
			}
			b.ReportMetric(spent.Seconds()/float64(b.N)*benchRoster, "s/50k")
		})
	}
}
