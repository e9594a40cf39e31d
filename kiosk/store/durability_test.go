package store_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// envChildDB tells a re-executed test binary to act as the child that
// confirms actions on the database at its value.
const envChildDB = "ONESTOP_STORE_CHILD_DB"

const (
	childStudent = "durability-student"
	killRounds   = 30
	// childMaxActions stops an orphaned child that was never killed.
	childMaxActions = 100_000
)

// action is one thing the child confirmed: the outbox kind and entity id.
type action struct{ kind, id string }

// durableTable is where each kind's entity lives.
var durableTable = map[string]string{
	kiosk.KindVisitCheckin:      "visits",
	kiosk.KindBookingCreate:     "bookings",
	kiosk.KindAppointmentCreate: "appointments",
	kiosk.KindRequestCreate:     "requests",
}

// TestActionsSurviveKill kills a process that is confirming a mix of
// actions (visit check-in, room booking, appointment booking, request)
// and checks that every action it confirmed is stored with exactly one
// outbox entry, and that seqs stay gap-free across the kills.
func TestActionsSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "kiosk.db")
	seedDurable(t, path)
	rng := rand.New(rand.NewPCG(1, 2))
	var confirmed []action
	for round := range killRounds {
		// Read 1–6 confirmations, then kill: the child is by then somewhere
		// inside a later action.
		got := runChildUntilKilled(t, path, 1+rng.IntN(6))
		confirmed = append(confirmed, got...)
		checkDurable(t, path, confirmed, round)
	}
	kinds := map[string]bool{}
	for _, a := range confirmed {
		kinds[a.kind] = true
	}
	if len(kinds) != len(durableTable) {
		t.Errorf("confirmed kinds %v: want all of %d", kinds, len(durableTable))
	}
}

// seedDurable gives the child rooms and mentor slots to book.
func seedDurable(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path, kiosktest.NewClock(t0))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seedStudents(t, db, childStudent)
	seed(t, db, kiosk.EntityRoom, seminar, study)
	seed(t, db, kiosk.EntityMentor, academic)
	var slots []kiosk.MentorSlot
	for d := range 14 {
		for hh := 9; hh < 18; hh++ {
			slots = append(slots, slotAt(d, hh, 0))
		}
	}
	seed(t, db, kiosk.EntityMentorSlot, slots...)
}

// runChildUntilKilled starts the child, reads want confirmed actions
// from it and SIGKILLs it at once.
func runChildUntilKilled(t *testing.T, path string, want int) []action {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperActionChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChildDB+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var got []action
	sc := bufio.NewScanner(out)
	for len(got) < want && sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "confirmed "); ok {
			kind, id, _ := strings.Cut(rest, " ")
			got = append(got, action{kind, id})
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait() // killed: the error is expected
	if len(got) < want {
		t.Fatalf("child confirmed %d of %d actions; stderr:\n%s", len(got), want, stderr.String())
	}
	return got
}

// checkDurable reopens the store after a kill and checks it.
func checkDurable(t *testing.T, path string, confirmed []action, round int) {
	t.Helper()
	db, err := store.Open(path, kiosktest.NewClock(t0))
	if err != nil {
		t.Fatalf("round %d: reopen after kill: %v", round, err)
	}
	defer db.Close()
	raw := rawDB(t, path)
	defer raw.Close()
	stored := func(a action) bool {
		var n int
		err := raw.QueryRow(`
			SELECT
				count(*)
			FROM `+durableTable[a.kind]+`
			WHERE id = ?`, a.id).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	for _, a := range confirmed {
		if !stored(a) {
			t.Fatalf("round %d: confirmed %s %s is lost", round, a.kind, a.id)
		}
	}
	seen := map[action]bool{}
	entries := allOutbox(t, db) // fails on a gap
	for _, m := range entries {
		a := action{m.Kind, m.ID}
		if seen[a] || durableTable[m.Kind] == "" || !stored(a) {
			t.Fatalf("round %d: outbox entry %d (%s %s) is a duplicate or has no entity", round, m.Seq, m.Kind, m.ID)
		}
		seen[a] = true
	}
	var rows int
	err = raw.QueryRow(`
		SELECT
			(SELECT count(*) FROM visits)
			+ (SELECT count(*) FROM bookings)
			+ (SELECT count(*) FROM appointments)
			+ (SELECT count(*) FROM requests)`).Scan(&rows)
	if err != nil {
		t.Fatal(err)
	}
	if rows != len(entries) {
		t.Fatalf("round %d: %d entities but %d outbox entries", round, rows, len(entries))
	}
}

// TestHelperActionChild is the child of TestActionsSurviveKill: it
// confirms actions of every kind in turn until killed, and reports each
// one only after the store returned.
func TestHelperActionChild(t *testing.T) {
	path := os.Getenv(envChildDB)
	if path == "" {
		t.Skip("runs only as TestActionsSurviveKill's child")
	}
	clock := kiosktest.NewClock(t0)
	db, err := store.Open(path, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := kiosk.IDSource{}
	for i := range childMaxActions {
		id, err := ids.NewID()
		if err != nil {
			t.Fatal(err)
		}
		kind, err := childAction(db, clock, i, id)
		if err != nil {
			t.Fatal(err)
		}
		// Unbuffered: the line leaves the process before the next action.
		fmt.Fprintf(os.Stdout, "confirmed %s %s\n", kind, id)
		clock.Advance(time.Second)
	}
}

// childAction performs the i-th action with entity id and returns its
// outbox kind. Bookings and appointments take the first free slot, so
// children restarting at the same clock never collide with their
// predecessors.
func childAction(db *store.DB, clock *kiosktest.Clock, i int, id string) (string, error) {
	ctx := context.Background()
	now := clock.Now()
	switch i % 4 {
	case 0:
		v := &kiosk.Visit{ID: id, StudentKey: childStudent, HallID: "hall-1", Purpose: kiosk.PurposeService, At: now}
		return kiosk.KindVisitCheckin, db.CheckInVisit(ctx, v)
	case 1:
		free, err := db.FreeSlots(ctx, "", now, now.AddDate(0, 0, 7), 30*time.Minute)
		if err != nil || len(free) == 0 {
			return "", fmt.Errorf("no free room: %v", err)
		}
		// A student per booking: the daily limit is not under test.
		if err := syncStudents(db, "dur-"+id); err != nil {
			return "", err
		}
		b := booking(id, "dur-"+id, free[0].RoomID, free[0].Start, 30)
		return kiosk.KindBookingCreate, db.BookRoom(ctx, b)
	case 2:
		slots, err := db.MentorSlots(ctx, academic.ID, now, now.AddDate(0, 0, 14))
		if err != nil {
			return "", err
		}
		for _, s := range slots {
			if !s.Taken {
				return kiosk.KindAppointmentCreate, db.BookAppointment(ctx, appointment(id, childStudent, s))
			}
		}
		return "", fmt.Errorf("no free mentor slot")
	}
	r, err := kiosk.NewRequest(kiosk.IDSource{}, clock, kiosk.DefaultSettings(), &kiosk.Student{Key: childStudent}, "hall-1",
		kiosk.Request{Category: kiosk.CategoryNetwork, BuildingID: "b1", Floor: 3, Presets: []string{"network.slow"}, Contact: kiosk.ContactSMS})
	if err != nil {
		return "", err
	}
	r.ID = id
	return kiosk.KindRequestCreate, db.SubmitRequest(ctx, r)
}
