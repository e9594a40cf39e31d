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

// envChildDB tells a re-executed test binary to act as the check-in child
// on the database at its value.
const envChildDB = "ONESTOP_STORE_CHILD_DB"

const (
	childStudent = "durability-student"
	killRounds   = 25
	// childMaxVisits stops an orphaned child that was never killed.
	childMaxVisits = 100_000
)

// TestCheckInSurvivesKill kills a process that is checking in visits and
// checks that every visit it confirmed is stored with its outbox entry,
// and that seqs stay gap-free across the kills.
func TestCheckInSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "kiosk.db")
	rng := rand.New(rand.NewPCG(1, 2))
	var confirmed []string
	for round := range killRounds {
		// Read 1–4 confirmations, then kill: the child is by then somewhere
		// inside a later check-in.
		ids := runChildUntilKilled(t, path, 1+rng.IntN(4))
		confirmed = append(confirmed, ids...)
		checkDurable(t, path, confirmed, round)
	}
}

// runChildUntilKilled starts the child, reads want confirmed ids from it
// and SIGKILLs it at once.
func runChildUntilKilled(t *testing.T, path string, want int) []string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperCheckInChild$", "-test.count=1")
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
	var ids []string
	sc := bufio.NewScanner(out)
	for len(ids) < want && sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "confirmed "); ok {
			ids = append(ids, id)
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait() // killed: the error is expected
	if len(ids) < want {
		t.Fatalf("child confirmed %d of %d visits; stderr:\n%s", len(ids), want, stderr.String())
	}
	return ids
}

// checkDurable reopens the store after a kill and checks it.
func checkDurable(t *testing.T, path string, confirmed []string, round int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(path, kiosktest.NewClock(t0))
	if err != nil {
		t.Fatalf("round %d: reopen after kill: %v", round, err)
	}
	defer db.Close()
	visits, err := db.VisitsOf(ctx, childStudent)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, v := range visits {
		stored[v.ID] = true
	}
	for _, id := range confirmed {
		if !stored[id] {
			t.Fatalf("round %d: confirmed visit %s is lost", round, id)
		}
	}
	var entries []kiosk.Mutation
	for after := int64(0); ; {
		page, err := db.Outbox(ctx, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		entries = append(entries, page...)
		after = page[len(page)-1].Seq
	}
	inOutbox := map[string]bool{}
	for i, m := range entries {
		if m.Seq != int64(i+1) {
			t.Fatalf("round %d: outbox entry %d has seq %d: not gap-free", round, i, m.Seq)
		}
		if inOutbox[m.ID] || !stored[m.ID] {
			t.Fatalf("round %d: outbox entry %d for %s is a duplicate or has no visit", round, m.Seq, m.ID)
		}
		inOutbox[m.ID] = true
	}
	if len(entries) != len(visits) {
		t.Fatalf("round %d: %d visits but %d outbox entries", round, len(visits), len(entries))
	}
}

// TestHelperCheckInChild is the child of TestCheckInSurvivesKill: it
// checks in visits until killed and reports each one only after
// CheckInVisit returned.
func TestHelperCheckInChild(t *testing.T) {
	path := os.Getenv(envChildDB)
	if path == "" {
		t.Skip("runs only as TestCheckInSurvivesKill's child")
	}
	clock := kiosktest.NewClock(t0)
	db, err := store.Open(path, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids := kiosk.IDSource{}
	for range childMaxVisits {
		id, err := ids.NewID()
		if err != nil {
			t.Fatal(err)
		}
		v := &kiosk.Visit{ID: id, StudentKey: childStudent, HallID: "hall-1", Purpose: kiosk.PurposeService, At: clock.Now()}
		if err := db.CheckInVisit(context.Background(), v); err != nil {
			t.Fatal(err)
		}
		// Unbuffered: the line leaves the process before the next visit.
		fmt.Fprintf(os.Stdout, "confirmed %s\n", id)
		clock.Advance(time.Second)
	}
}
