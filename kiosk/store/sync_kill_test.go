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
	"strconv"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// envPullChildDB tells a re-executed test binary to act as the child
// that applies pulled pages to the database at its value.
const envPullChildDB = "ONESTOP_STORE_PULL_CHILD_DB"

const (
	pullKillRounds = 20
	roomsPerPage   = 150
	// childMaxPages stops an orphaned child that was never killed.
	childMaxPages = 10_000
)

// feedPage is page n (from 1) of a made-up feed: it adds rooms
// r-n-0…r-n-149 and deletes r-(n-1)-0, and its cursor is "p<n>". The
// rooms a store holds therefore tell exactly which pages it applied.
func feedPage(tb testing.TB, n int) kiosk.ChangePage {
	p := kiosk.ChangePage{Cursor: fmt.Sprintf("p%d", n), Reset: n == 1}
	if n > 1 {
		p.Changes = append(p.Changes, del(kiosk.EntityRoom, fmt.Sprintf("r-%d-0", n-1)))
	}
	for i := range roomsPerPage {
		r := study
		r.ID = fmt.Sprintf("r-%d-%d", n, i)
		p.Changes = append(p.Changes, upsert(tb, kiosk.EntityRoom, r.ID, r))
	}
	return p
}

// pagesApplied reads the cursor: "" is none, "p<n>" is n.
func pagesApplied(tb testing.TB, db *store.DB) int {
	tb.Helper()
	c, err := db.SyncCursor(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	if c == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimPrefix(c, "p"))
	if err != nil {
		tb.Fatalf("cursor %q", c)
	}
	return n
}

// TestPullSurvivesKill kills a process applying pages at random moments
// and checks after each kill that the store holds exactly the pages up
// to its cursor: a kill between or inside pages resumes without a gap
// (a cursor past data never stored) or a double (data past the cursor,
// applied again on resume).
func TestPullSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := store.Open(path, kiosktest.NewClock(t0))
	must(t, err)
	must(t, db.Close())
	rng := rand.New(rand.NewPCG(3, 4))
	confirmed := 0
	for round := range pullKillRounds {
		confirmed = max(confirmed, runPullChildUntilKilled(t, path, 1+rng.IntN(4)))
		checkPages(t, path, confirmed, round)
	}
}

func runPullChildUntilKilled(t *testing.T, path string, want int) int {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperPullChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envPullChildDB+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	last, got := 0, 0
	sc := bufio.NewScanner(out)
	for got < want && sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "applied "); ok {
			last, _ = strconv.Atoi(rest)
			got++
		}
	}
	must(t, cmd.Process.Kill())
	cmd.Wait() // killed: the error is expected
	if got < want {
		t.Fatalf("child applied %d of %d pages; stderr:\n%s", got, want, stderr.String())
	}
	return last
}

// checkPages reopens the store after a kill and checks it holds exactly
// the pages its cursor says, at least the confirmed ones.
func checkPages(t *testing.T, path string, confirmed, round int) {
	t.Helper()
	db, err := store.Open(path, kiosktest.NewClock(t0))
	if err != nil {
		t.Fatalf("round %d: reopen after kill: %v", round, err)
	}
	defer db.Close()
	k := pagesApplied(t, db)
	if k < confirmed {
		t.Fatalf("round %d: cursor at page %d but page %d was confirmed", round, k, confirmed)
	}
	rooms, err := db.Rooms(context.Background(), "")
	must(t, err)
	want := map[string]bool{}
	for n := 1; n <= k; n++ {
		for i := range roomsPerPage {
			if i > 0 || n == k {
				want[fmt.Sprintf("r-%d-%d", n, i)] = true
			}
		}
	}
	for _, r := range rooms {
		if !want[r.ID] {
			t.Fatalf("round %d: room %s is not of pages 1..%d (or was deleted by one)", round, r.ID, k)
		}
		delete(want, r.ID)
	}
	if len(want) > 0 {
		t.Fatalf("round %d: %d rooms of pages 1..%d missing", round, len(want), k)
	}
}

// TestHelperPullChild is the child of TestPullSurvivesKill: it applies
// feedPage from its cursor on until killed, reporting each page only
// after the store returned.
func TestHelperPullChild(t *testing.T) {
	path := os.Getenv(envPullChildDB)
	if path == "" {
		t.Skip("runs only as TestPullSurvivesKill's child")
	}
	db, err := store.Open(path, kiosktest.NewClock(t0))
	must(t, err)
	defer db.Close()
	for n := pagesApplied(t, db) + 1; n < childMaxPages; n++ {
		if _, err := db.ApplyChanges(context.Background(), feedPage(t, n)); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(os.Stdout, "applied %d\n", n)
	}
}
