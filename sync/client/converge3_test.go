package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
)

// convergeSeeds are the sync orders (and fault draws) each scenario runs.
var convergeSeeds = []int64{1, 2, 3, 5, 8, 13}

// act is one action a kiosk confirmed to its student while offline.
type act struct {
	entity, id, kind string
	contested        bool
}

// jepsenKiosk is one of the scenario's kiosks and what it did offline.
type jepsenKiosk struct {
	*kioskNode
	id   string // central's kiosk id
	acts []act
}

// offlineActions has kiosk i make, without syncing, a booking of the
// contested room slot, an appointment in the contested mentor slot, a
// booking of its own room slot on another day, three visits and a
// repair request. Students differ per kiosk so only the slots collide.
func offlineActions(t *testing.T, c *campus, k *jepsenKiosk, i int, room string, start time.Time, own kiosk.FreeSlot,
	slot kiosk.MentorSlot, rnd *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	s := k.student(2 + i)
	add := func(entity, id, kind string, contested bool) {
		k.acts = append(k.acts, act{entity: entity, id: id, kind: kind, contested: contested})
	}
	id := func(what string) string { return fmt.Sprintf("%s-k%d", what, i) }
	must(t, k.db.BookRoom(ctx, &kiosk.Booking{ID: id("contested-b"), RoomID: room, StudentKey: s.Key,
		Start: start, End: start.Add(time.Hour)}))
	add(kiosk.EntityBooking, id("contested-b"), kiosk.KindBookingCreate, true)
	must(t, k.db.BookAppointment(ctx, &kiosk.Appointment{ID: id("contested-a"), SlotID: slot.ID, StudentKey: s.Key}))
	add(kiosk.EntityAppointment, id("contested-a"), kiosk.KindAppointmentCreate, true)
	must(t, k.db.BookRoom(ctx, &kiosk.Booking{ID: id("own-b"), RoomID: own.RoomID, StudentKey: s.Key,
		Start: own.Start, End: own.Start.Add(time.Hour)}))
	add(kiosk.EntityBooking, id("own-b"), kiosk.KindBookingCreate, false)
	for j := range 3 {
		vid := fmt.Sprintf("%s-%d", id("v"), j)
		must(t, k.db.CheckInVisit(ctx, &kiosk.Visit{ID: vid, StudentKey: s.Key, HallID: demo.HallID,
			Purpose: kiosk.PurposeStudy, At: c.clock.Now()}))
		add(kiosk.EntityVisit, vid, kiosk.KindVisitCheckin, false)
	}
	r, err := kiosk.NewRequest(kiosk.IDSource{R: rnd}, c.clock, kiosk.DefaultSettings(), s, demo.HallID, kiosk.Request{
		Category: kiosk.CategoryRepair, BuildingID: s.BuildingID, Floor: s.Floor, Room: "301",
		Presets: []string{"repair.light"}, Contact: kiosk.ContactKiosk})
	must(t, err)
	must(t, k.db.SubmitRequest(ctx, r))
	add(kiosk.EntityRequest, r.ID, kiosk.KindRequestCreate, false)
}

// jepsenScenario: three kiosks enrolled with one central (through
// opts(i), which may route them over a faulty link) act offline on the
// same room slot and mentor slot, reconnect and sync in an order drawn
// from seed until quiet. It then checks the outcome and returns the
// campus. faulty says syncs may fail and are retried.
func jepsenScenario(t *testing.T, seed int64, link func(c *campus) (opts func(i int) kioskOpts, faultsOn func()), faulty bool) *campus {
	t.Helper()
	rnd := rand.New(rand.NewSource(seed))
	c := newCampus(t)
	opts, faultsOn := link(c)
	ks := make([]*jepsenKiosk, 3)
	for i := range ks {
		ks[i] = &jepsenKiosk{kioskNode: c.enrolledKiosk(opts(i))}
		id, err := ks[i].db.KioskIdentity(context.Background())
		must(t, err)
		ks[i].id = id.KioskID
	}
	// Every hour the scenario uses is clear of what the demo students
	// already hold, so only the contested slots collide.
	ctx := context.Background()
	var busy [][2]time.Time
	held, err := ks[0].db.AppointmentsBetween(ctx, window[0], window[1])
	must(t, err)
	for _, a := range held {
		busy = append(busy, [2]time.Time{a.Start, a.End})
	}
	booked, err := ks[0].db.BookingsBetween(ctx, window[0], window[1])
	must(t, err)
	for _, b := range booked {
		busy = append(busy, [2]time.Time{b.Start, b.End})
	}
	day := kiosk.StartOfDay(t0).AddDate(0, 0, 1)
	contested := freeHours(t, ks[0].kioskNode, day, 1, busy)[0]
	room, start := contested.RoomID, contested.Start
	busy = append(busy, [2]time.Time{start, start.Add(time.Hour)})
	own := freeHours(t, ks[0].kioskNode, day.AddDate(0, 0, 1), 3, busy)
	for _, o := range own {
		busy = append(busy, [2]time.Time{o.Start, o.Start.Add(time.Hour)})
	}
	slot := mentorSlotApart(t, ks[0].kioskNode, busy)
	for i, k := range ks {
		offlineActions(t, c, k, i, room, start, own[i], slot, rnd)
	}
	c.clock.Advance(time.Minute)
	faultsOn()

	rounds, failures := quiesce(t, ks, rnd, faulty)
	t.Logf("seed %d: quiet after %d rounds, %d failed syncs, %d pushes and %d pulls reached central",
		seed, rounds, failures, c.count("/api/v1/push"), c.count("/api/v1/changes"))
	checkJepsen(t, c, ks, room, start, slot)
	return c
}

// mentorSlotApart returns a free academic mentor slot that overlaps
// none of the busy intervals.
func mentorSlotApart(t *testing.T, k *kioskNode, busy [][2]time.Time) kiosk.MentorSlot {
	t.Helper()
	ctx := context.Background()
	ms, err := k.db.Mentors(ctx, kiosk.MentorAcademic)
	must(t, err)
	for _, m := range ms {
		slots, err := k.db.MentorSlots(ctx, m.ID, t0.Add(time.Hour), t0.AddDate(0, 0, 7))
		must(t, err)
	slot:
		for _, s := range slots {
			if s.Taken {
				continue
			}
			for _, b := range busy {
				if s.Start.Before(b[1]) && b[0].Before(s.End) {
					continue slot
				}
			}
			return s
		}
	}
	t.Fatal("no free academic mentor slot apart from the room hours")
	return kiosk.MentorSlot{}
}

// freeHours returns n free seminar room hours on day, none overlapping
// another or any busy interval.
func freeHours(t *testing.T, k *kioskNode, day time.Time, n int, busy [][2]time.Time) []kiosk.FreeSlot {
	t.Helper()
	free, err := k.db.FreeSlots(context.Background(), kiosk.RoomSeminar, day.Add(9*time.Hour), day.Add(21*time.Hour), time.Hour)
	must(t, err)
	var out []kiosk.FreeSlot
	taken := append([][2]time.Time(nil), busy...)
	for _, f := range free { // free stretches: split them into hours
	next:
		for h := f.Start; !h.Add(time.Hour).After(f.End) && len(out) < n; h = h.Add(time.Hour) {
			end := h.Add(time.Hour)
			for _, b := range taken {
				if h.Before(b[1]) && b[0].Before(end) {
					continue next
				}
			}
			taken = append(taken, [2]time.Time{h, end})
			out = append(out, kiosk.FreeSlot{RoomID: f.RoomID, Start: h, End: end})
		}
	}
	if len(out) < n {
		t.Fatalf("only %d of %d free room hours on %s", len(out), n, day.Format(time.DateOnly))
	}
	return out
}

// quiesce syncs the kiosks in random orders until a round began with
// every outbox empty and every kiosk's sync in it succeeded: then
// nothing was pushed in that round, so each pull saw central's final
// state through to has_more false.
func quiesce(t *testing.T, ks []*jepsenKiosk, rnd *rand.Rand, faulty bool) (rounds, failures int) {
	t.Helper()
	ctx := context.Background()
	for rounds = 1; rounds <= 300; rounds++ {
		quietStart := true
		for _, k := range ks {
			if k.pending() != 0 {
				quietStart = false
			}
		}
		allOK := true
		for _, i := range rnd.Perm(len(ks)) {
			if err := ks[i].sync.Sync(ctx); err != nil {
				if !faulty {
					t.Fatalf("kiosk %d: sync on a clean link: %v", i, err)
				}
				failures++
				allOK = false
			}
		}
		if quietStart && allOK {
			return rounds, failures
		}
	}
	t.Fatalf("not quiet after %d rounds (%d failed syncs)", rounds-1, failures)
	return
}

// checkJepsen: exactly one winner per contested slot; the losers show
// the conflict; every confirmed action is at central exactly once or a
// reported refusal, never both; central applied exactly one mutation per
// action; and every kiosk holds exactly central's bookings and
// appointments.
func checkJepsen(t *testing.T, c *campus, ks []*jepsenKiosk, room string, start time.Time, slot kiosk.MentorSlot) {
	t.Helper()
	ctx := context.Background()
	snap := c.snapshot()

	// One holder of each contested slot.
	var roomHolders, slotHolders []string
	for id, raw := range snap[kiosk.EntityBooking] {
		var b kiosk.Booking
		must(t, json.Unmarshal(raw, &b))
		if b.RoomID == room && b.Start.Equal(start) && b.Status.Holds() {
			roomHolders = append(roomHolders, id)
		}
	}
	for id, raw := range snap[kiosk.EntityAppointment] {
		var a kiosk.Appointment
		must(t, json.Unmarshal(raw, &a))
		if a.SlotID == slot.ID && a.Status != kiosk.AppointmentCancelled {
			slotHolders = append(slotHolders, id)
		}
	}
	if len(roomHolders) != 1 || len(slotHolders) != 1 {
		t.Fatalf("central's holders: room slot %v, mentor slot %v; want one each", roomHolders, slotHolders)
	}
	winners := map[string]bool{roomHolders[0]: true, slotHolders[0]: true}
	t.Logf("winners: room slot %s, mentor slot %s", roomHolders[0], slotHolders[0])

	for i, k := range ks {
		// Refusals the kiosk shows, by entity id.
		refused := map[string]kiosk.Rejection{}
		rj, err := k.db.Rejections(ctx, k.student(2+i).Key)
		must(t, err)
		for _, r := range rj {
			if _, dup := refused[r.EntityID]; dup {
				t.Errorf("kiosk %d shows the refusal of %s twice", i, r.EntityID)
			}
			refused[r.EntityID] = r
		}
		for _, a := range k.acts {
			_, atCentral := snap[a.entity][a.id]
			r, isRefused := refused[a.id]
			switch {
			case a.contested && winners[a.id]:
				if !atCentral || isRefused {
					t.Errorf("kiosk %d: winner %s at central %v, refused %v", i, a.id, atCentral, isRefused)
				}
			case a.contested:
				if atCentral && holds(t, a.entity, snap[a.entity][a.id]) {
					t.Errorf("kiosk %d: loser %s holds the slot at central", i, a.id)
				}
				if !isRefused || r.State != kiosk.OutboxConflict || r.MessageID != kiosk.MsgErrSlotTaken || r.Kind != a.kind {
					t.Errorf("kiosk %d: loser %s refusal %+v (shown %v)", i, a.id, r, isRefused)
				}
			default:
				if !atCentral || isRefused {
					t.Errorf("kiosk %d: %s %s lost: at central %v, refused %v %+v", i, a.entity, a.id, atCentral, isRefused, r)
				}
			}
			delete(refused, a.id)
		}
		for id, r := range refused {
			t.Errorf("kiosk %d shows a refusal of %s it never made: %+v", i, id, r)
		}
		// Nothing doubled: central applied one mutation per action.
		if got := c.lastSeq(k.id); got != int64(len(k.acts)) {
			t.Errorf("kiosk %d: central's last seq %d, want %d actions", i, got, len(k.acts))
		}
		if n := k.pending(); n != 0 {
			t.Errorf("kiosk %d: %d entries still pending", i, n)
		}
		wantConverged(t, c, k.kioskNode, snap)
	}
	// Central holds no scenario entity nobody made.
	made := map[string]bool{}
	for _, k := range ks {
		for _, a := range k.acts {
			made[a.id] = true
		}
	}
	for _, entity := range []string{kiosk.EntityBooking, kiosk.EntityAppointment, kiosk.EntityVisit} {
		for id := range snap[entity] {
			if strings.Contains(id, "-k") && !made[id] {
				t.Errorf("central has %s %s nobody made", entity, id)
			}
		}
	}
}

// holds reports whether a central booking or appointment occupies its slot.
func holds(t *testing.T, entity string, raw json.RawMessage) bool {
	t.Helper()
	if entity == kiosk.EntityBooking {
		var b kiosk.Booking
		must(t, json.Unmarshal(raw, &b))
		return b.Status.Holds()
	}
	var a kiosk.Appointment
	must(t, json.Unmarshal(raw, &a))
	return a.Status != kiosk.AppointmentCancelled
}

// cleanLink connects kiosks straight to central.
func cleanLink(*campus) (func(int) kioskOpts, func()) {
	return func(int) kioskOpts { return kioskOpts{} }, func() {}
}

// TestThreeKioskConvergence: Jepsen-style, three kiosks book the same
// room slot and mentor slot offline (plus their own bookings, visits and
// requests), reconnect in a seeded random order and sync until quiet.
func TestThreeKioskConvergence(t *testing.T) {
	for _, seed := range convergeSeeds {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			jepsenScenario(t, seed, cleanLink, false)
		})
	}
}
