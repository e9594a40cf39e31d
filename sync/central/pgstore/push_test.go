package pgstore_test

import (
	"context"
	"database/sql"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/pgstore"
	"onestop/sync/central/pgstore/pgtest"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// TestPushRefusedQueuedWrite: a mutation's writes wait in the pipeline,
// so the unique violation that refuses one is found only after later
// mutations have run in Go. The push must go back to it, undo it alone
// (the booking's first write included) and apply the rest.
func TestPushRefusedQueuedWrite(t *testing.T) {
	dsn := pgtest.Schema(t)
	f := storetest.NewFixture(t, func(testing.TB) storetest.Opener {
		return func(tb testing.TB, clock kiosk.Clock) central.Store {
			s, err := pgstore.Open(context.Background(), dsn, clock)
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { s.Close() })
			return s
		}
	})
	raw, err := sql.Open("pgx", dsn)
	f.Must(err)
	defer raw.Close()
	// Rows behind the store's back, as a concurrent push would leave
	// them after the batch's checks: a hold on the booking's slot and a
	// visit with the id the batch uses.
	start, end := f.At(1, 10, 0), f.At(1, 11, 0)
	_, err = raw.Exec(`INSERT INTO booking_holds (room_id, slot_start, booking_id) VALUES ($1, $2, 'other')`,
		storetest.RoomA, start.UnixNano())
	f.Must(err)
	_, err = raw.Exec(`INSERT INTO visits (id, hall_id, student_key, at) VALUES ('v-taken', $1, $2, 0)`,
		storetest.HallA, storetest.Bob)
	f.Must(err)

	visit := func(id string) kiosk.Visit {
		return kiosk.Visit{ID: id, StudentKey: storetest.Alice, Purpose: kiosk.PurposeStudy, At: storetest.Start}
	}
	ms := []kiosk.Mutation{
		f.Mutation(f.K1, kiosk.KindVisitCheckin, "v1", visit("v1")),
		f.Mutation(f.K1, kiosk.KindBookingCreate, "b1", storetest.Booking("b1", storetest.RoomA, storetest.Alice, start, end)),
		f.Mutation(f.K1, kiosk.KindVisitCheckin, "v-taken", visit("v-taken")),
		f.Mutation(f.K1, kiosk.KindVisitCheckin, "v2", visit("v2")),
		f.Mutation(f.K1, kiosk.KindRequestCreate, "r1", storetest.Request("r1", storetest.Bob)),
	}
	want := []struct{ status, code string }{
		{wire.StatusApplied, ""},
		{wire.StatusConflict, kiosk.ECONFLICT},
		{wire.StatusConflict, kiosk.ECONFLICT},
		{wire.StatusApplied, ""},
		{wire.StatusApplied, ""},
	}
	res, err := f.S.Push(f.Ctx, f.K1, ms)
	f.Must(err)
	if res.LastSeq != 5 || len(res.Results) != len(want) {
		t.Fatalf("push %+v", res)
	}
	for i, w := range want {
		storetest.WantStatus(t, res.Results[i], w.status, w.code)
		if w.code != "" && res.Results[i].MessageID != kiosk.MsgErrSlotTaken {
			t.Errorf("result %d: message %q", i, res.Results[i].MessageID)
		}
	}

	// Only the applied ones left rows, entities and changes.
	var n int
	f.Must(raw.QueryRow(`SELECT count(*) FROM bookings`).Scan(&n))
	if n != 0 {
		t.Errorf("%d bookings, want none", n)
	}
	changes, _, _ := storetest.PullAll(t, f.S, storetest.HallA, central.Cursor{}, 500)
	for _, c := range []struct {
		entity, id string
		there      bool
	}{
		{wire.EntityVisit, "v1", true}, {wire.EntityBooking, "b1", false}, {wire.EntityVisit, "v-taken", false},
		{wire.EntityVisit, "v2", true}, {wire.EntityRequest, "r1", true},
	} {
		if _, ok := storetest.Find(changes, c.entity, c.id); ok != c.there {
			t.Errorf("%s %s in the feed: %v, want %v", c.entity, c.id, ok, c.there)
		}
		if _, _, err := f.S.Entity(f.Ctx, c.entity, c.id); (err == nil) != c.there {
			t.Errorf("%s %s stored: %v, want %v", c.entity, c.id, err, c.there)
		}
	}

	// The batch again: every answer as stored.
	again, err := f.S.Push(f.Ctx, f.K1, ms)
	f.Must(err)
	for i, r := range again.Results {
		if r.Status != wire.StatusDuplicate || r.Stored != res.Results[i].Status || string(r.Entity) != string(res.Results[i].Entity) {
			t.Errorf("again %d: %+v, first %+v", i, r, res.Results[i])
		}
	}
}
