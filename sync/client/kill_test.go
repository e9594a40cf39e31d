package client_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
	"onestop/sync/client"
)

// Environment of the kiosk child process.
const (
	killChildEnv   = "ONESTOP_CLIENT_KILL_CHILD" // the kiosk database path
	killCentralEnv = "ONESTOP_CLIENT_KILL_CENTRAL"
	killPrefixEnv  = "ONESTOP_CLIENT_KILL_PREFIX"
	killStudent    = "ONESTOP_CLIENT_KILL_STUDENT"
	childActions   = 40
)

// killChild is the kiosk process: it checks the student in, reports each
// visit the store confirmed on stdout, and syncs, in a loop, until killed
// (or done).
func killChild(path string) {
	ctx := context.Background()
	clock := kiosktest.NewClock(t0.Add(time.Minute))
	db, err := store.Open(path, clock)
	if err != nil {
		fmt.Println("child: open:", err)
		os.Exit(3)
	}
	api, err := client.New(client.Options{BaseURL: os.Getenv(killCentralEnv), Clock: clock,
		Sleep:  func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
		Random: func() float64 { return 0.5 }, Retry: client.Backoff{Attempts: 2, Base: time.Second, Max: time.Second}})
	if err != nil {
		fmt.Println("child: client:", err)
		os.Exit(3)
	}
	s := client.NewSyncer(api, db, client.Config{Clock: clock, Ticks: make(chan time.Time)})
	prefix, student := os.Getenv(killPrefixEnv), os.Getenv(killStudent)
	for i := range childActions {
		id := fmt.Sprintf("%s-%d", prefix, i)
		if err := db.CheckInVisit(ctx, &kiosk.Visit{ID: id, StudentKey: student, HallID: demo.HallID,
			Purpose: kiosk.PurposeStudy, At: clock.Now()}); err != nil {
			fmt.Println("child: check in:", err)
			os.Exit(3)
		}
		fmt.Println("confirmed", id)
		s.Sync(ctx) // a failure leaves the outbox for the next round
	}
	db.Close()
	os.Exit(0)
}

// TestKioskKilledMidPush: a kiosk process is SIGKILLed at seeded random
// points — between local writes, just before central applies a push, and
// just after central committed a push whose answer the dead process never
// reads — and restarted on the same database, several times. After a
// final clean sync central holds every visit the kiosk confirmed, each
// exactly once (central's last seq equals the kiosk's visit count), and
// the kiosk holds exactly central's visits.
func TestKioskKilledMidPush(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		killChild(path)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	for _, seed := range []int64{7, 11, 19} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) { killedMidPush(t, seed) })
	}
}

// killedMidPush runs the kill rounds with seed's choice of kill points.
func killedMidPush(t *testing.T, seed int64) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	id, err := k.db.KioskIdentity(context.Background())
	must(t, err)
	student := k.student(1).Key
	rnd := rand.New(rand.NewSource(seed))

	var (
		mu    sync.Mutex
		child *exec.Cmd
		dead  chan struct{}
		// killAt is the push (counted in the round) whose handling kills
		// the child: before central applies it, or after.
		killAt     int
		afterApply bool
		pushes     int
	)
	c.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/push" {
			return false
		}
		mu.Lock()
		pushes++
		hit := pushes == killAt
		cmd, gone := child, dead
		mu.Unlock()
		if !hit {
			return false
		}
		if afterApply {
			c.srv.Handler().ServeHTTP(httptest.NewRecorder(), r) // committed; the answer is lost
		}
		cmd.Process.Kill()
		<-gone
		apiError(w, http.StatusServiceUnavailable, "unavailable", "")
		return true
	})

	confirmed := map[string]bool{}
	kills := map[string]int{}
	for round := range 8 {
		mode := rnd.Intn(3)
		mu.Lock()
		pushes, killAt, afterApply = 0, 0, false
		killLine := 0
		switch mode {
		case 0:
			killLine = 1 + rnd.Intn(childActions/2)
		case 1, 2:
			killAt, afterApply = 1+rnd.Intn(childActions/2), mode == 2
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKioskKilledMidPush$", "-test.count=1", "-test.short=false")
		cmd.Env = append(os.Environ(), killChildEnv+"="+k.path, killCentralEnv+"="+c.url,
			killPrefixEnv+"=kill-"+strconv.Itoa(round), killStudent+"="+student)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		child, dead = cmd, make(chan struct{})
		gone := dead
		mu.Unlock()

		lines := 0
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "child:") {
				t.Errorf("round %d: %s", round, line)
			}
			if vid, ok := strings.CutPrefix(line, "confirmed "); ok {
				confirmed[vid] = true
				lines++
				if lines == killLine {
					cmd.Process.Kill()
				}
			}
		}
		werr := cmd.Wait()
		close(gone)
		how := [...]string{"between writes", "before a push applied", "after a push applied"}[mode]
		if werr != nil {
			kills[how]++
		}
		t.Logf("round %d: %d visits confirmed, killed %s: %v", round, lines, how, werr)
	}
	c.setFault(nil)

	// A clean restart syncs what is left.
	final := c.newKioskOn(k, kioskOpts{})
	for range 5 {
		final.mustSync()
		if final.pending() == 0 {
			break
		}
	}
	if n := final.pending(); n != 0 {
		t.Fatalf("%d entries still pending after clean syncs", n)
	}
	if len(kills) < 2 {
		t.Errorf("kills %v: want at least two kinds of kill point", kills)
	}
	vs, err := final.db.VisitsOf(context.Background(), student)
	must(t, err)
	local := map[string]int{}
	for _, v := range vs {
		if strings.HasPrefix(v.ID, "kill-") {
			local[v.ID]++
			if v.SyncState != kiosk.OutboxApplied {
				t.Errorf("visit %s is %s", v.ID, v.SyncState)
			}
		}
	}
	snap := c.snapshot()
	for vid := range confirmed {
		if local[vid] != 1 {
			t.Errorf("confirmed visit %s is on the kiosk %d times", vid, local[vid])
		}
		if _, ok := snap[kiosk.EntityVisit][vid]; !ok {
			t.Errorf("confirmed visit %s lost: not at central", vid)
		}
	}
	atCentral := 0
	for vid := range snap[kiosk.EntityVisit] {
		if strings.HasPrefix(vid, "kill-") {
			atCentral++
			if local[vid] != 1 {
				t.Errorf("central has visit %s the kiosk does not", vid)
			}
		}
	}
	if atCentral != len(local) {
		t.Errorf("central has %d visits, the kiosk %d", atCentral, len(local))
	}
	if got := c.lastSeq(id.KioskID); got != int64(len(local)) {
		t.Errorf("central applied %d mutations for %d visits: something doubled or went missing", got, len(local))
	}
	t.Logf("%d visits confirmed, %d made, kills %v", len(confirmed), len(local), kills)
}
