package server_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central/server"
	"onestop/sync/central/storetest"
)

// TestLongPollTwoProcessesPG: two central servers on one PostgreSQL,
// each with its own store handle as a separate process would have. k1
// waits on the second; k2 pushes a check-in to the first, and k1's pull
// answers with it.
func TestLongPollTwoProcessesPG(t *testing.T) {
	f := storetest.NewFixture(t, pgFresh)
	first := serve(t, f, f.S)
	srv2 := server.New(f.Open(t, f.Clock), f.Clock, nil, nil)
	ts2 := httptest.NewServer(srv2.Handler())
	t.Cleanup(ts2.Close)
	second := &env{Fixture: f, srv: srv2, url: ts2.URL}
	armed := heldTimers(second)

	cursor := second.upToDate(tokK1)
	got := second.pullAsync(tokK1, cursor, "30")
	expire := bounded(t, armed, "the pull never waited")
	first.push(tokK2, "k2", wm(t, 1, kiosk.KindVisitCheckin, "v-pg", visitPayload("v-pg", storetest.Alice)))
	p := page(t, bounded(t, got, "a push to the first process did not wake a pull waiting on the second"))
	expire <- time.Time{}
	if len(p.Changes) == 0 || p.Changes[len(p.Changes)-1].ID != "v-pg" {
		t.Fatalf("woken pull brought %+v", p.Changes)
	}
}
