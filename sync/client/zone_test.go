package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
)

// envZoneChild makes the test binary run the zone scenario and print
// its answers: the parent runs it once per process zone.
const envZoneChild = "ONESTOP_ZONE_SCENARIO"

// TestSameAnswersInEveryProcessZone runs one scenario, a kiosk and
// central over real HTTP, in processes whose TZ is UTC, Asia/Shanghai
// and America/Los_Angeles: the hall's zone decides every answer, so all
// three must agree to the byte (issue 8, fault 3).
func TestSameAnswersInEveryProcessZone(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	var first, firstZone string
	for _, zone := range []string{"UTC", "Asia/Shanghai", "America/Los_Angeles"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestZoneScenario$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TZ="+zone, envZoneChild+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("TZ=%s: %v\n%s", zone, err, out)
		}
		_, answers, ok := strings.Cut(string(out), "ANSWERS ")
		if !ok {
			t.Fatalf("TZ=%s printed no answers:\n%s", zone, out)
		}
		answers, _, _ = strings.Cut(answers, "\n")
		switch {
		case first == "":
			first, firstZone = answers, zone
		case answers != first:
			t.Errorf("TZ=%s answers differ from TZ=%s:\n%s\n%s", zone, firstZone, answers, first)
		}
	}
}

// TestZoneScenario is the child: it books around the hall's day and
// opening hours on a kiosk, syncs, and reads the request page.
func TestZoneScenario(t *testing.T) {
	if os.Getenv(envZoneChild) == "" {
		t.Skip("runs as TestSameAnswersInEveryProcessZone's child")
	}
	ctx := context.Background()
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	s := k.student(0)
	// The wall clock's times carry the process's zone, as SystemClock's do.
	c.clock.Set(c.clock.Now().In(time.Local))
	answers := map[string]string{}
	now := c.clock.Now()
	free, err := k.db.FreeSlots(ctx, kiosk.RoomStudy, now, now.Add(36*time.Hour), time.Hour)
	if err != nil || len(free) == 0 {
		t.Fatalf("free slots: %v, %v", free, err)
	}
	answers["free"] = free[0].Start.Format(time.RFC3339) + " " + free[len(free)-1].End.Format(time.RFC3339)
	tomorrow := kiosk.StartOfDay(free[0].Start).AddDate(0, 0, 1)
	for i, at := range []time.Duration{7*time.Hour + 30*time.Minute, 8 * time.Hour, 21 * time.Hour, 21*time.Hour + 30*time.Minute} {
		start := tomorrow.Add(at).UTC() // what the rules see must not depend on the zone the time carries
		b := &kiosk.Booking{ID: fmt.Sprintf("zb%d", i), RoomID: free[0].RoomID, StudentKey: s.Key, Start: start, End: start.Add(30 * time.Minute)}
		err := k.db.BookRoom(ctx, b)
		answers[b.ID] = kiosk.ErrorCode(err) + " " + b.Start.Format(time.RFC3339)
	}
	r, err := kiosk.NewRequest(kiosk.IDSource{}, c.clock, kiosk.DefaultSettings(), s, demo.HallID, kiosk.Request{
		Category: kiosk.CategoryRepair, BuildingID: s.BuildingID, Floor: s.Floor,
		Presets: []string{kiosk.RequestPresets[kiosk.CategoryRepair][0]}, Contact: kiosk.ContactPrefs[0]})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.db.SubmitRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	answers["due"] = r.DueAt.Format(time.RFC3339)
	k.mustSync()
	bs, err := k.db.BookingsOf(ctx, s.Key, tomorrow, tomorrow.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		answers["synced "+b.ID] = string(b.Status) + " " + b.SyncState
	}
	answers["page"] = pageTimes(t, c.url+"/r/"+r.Token)
	out, _ := json.Marshal(answers) // map keys sorted: the line is canonical
	fmt.Printf("ANSWERS %s\n", out)
}

var pageTime = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`)

// pageTimes returns the local times the status page shows.
func pageTimes(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return strings.Join(pageTime.FindAllString(string(body), -1), ", ")
}
