package store_test

import (
	"context"
	"testing"

	"onestop/kiosk"
)

func TestRunningEvents(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	later := kiosk.Event{ID: "e-later", Title: kiosk.LocalName{Zh: "讲座", En: "Talk"}, Start: at(0, 18, 0), End: at(0, 19, 0)}
	seed(t, db, kiosk.EntityEvent, later)
	for _, tt := range []struct {
		hh, mm int
		want   []string
	}{
		{9, 29, nil},
		{9, 30, []string{fair.ID}}, // EventBefore: 30 min
		{11, 59, []string{fair.ID}},
		{12, 0, nil},
		{17, 45, []string{later.ID}},
	} {
		clock.Set(at(0, tt.hh, tt.mm))
		es, err := db.RunningEvents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range es {
			ids = append(ids, e.ID)
		}
		if len(ids) != len(tt.want) || (len(ids) > 0 && ids[0] != tt.want[0]) {
			t.Errorf("at %02d:%02d running = %v, want %v", tt.hh, tt.mm, ids, tt.want)
		}
	}
	clock.Set(at(0, 10, 0))
	if es, _ := db.RunningEvents(ctx); len(es) != 1 || es[0].Title != fair.Title || !es[0].Start.Equal(at(0, 10, 0)) {
		t.Errorf("event read back as %+v", es)
	}
	wantSkipped(t, db, changes(t, kiosk.EntityEvent, kiosk.Event{ID: "bad", Start: at(0, 10, 0), End: at(0, 9, 0)})...)
}

func TestCheckInEvent(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	clock.Set(at(0, 9, 29))
	_, err := db.CheckInEvent(ctx, kiosk.Self("s1"), fair.ID, "att-1")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCheckInTooEarly)
	_, err = db.CheckInEvent(ctx, kiosk.Self("s1"), "e-none", "att-1")
	wantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	_, err = db.CheckInEvent(ctx, kiosk.Self(""), fair.ID, "att-1")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrNotIdentified)
	_, err = db.CheckInEvent(ctx, kiosk.Self("s1"), fair.ID, "")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrBadInput)
	clock.Set(at(0, 9, 45))
	a, err := db.CheckInEvent(ctx, kiosk.Self("s1"), fair.ID, "att-1")
	if err != nil || a.Tardy || a.EventID != fair.ID || !a.At.Equal(at(0, 9, 45)) || a.SyncState != kiosk.OutboxPending {
		t.Fatalf("check-in = %+v, %v", a, err)
	}
	// The same tap again returns the stored attendance.
	if again, err := db.CheckInEvent(ctx, kiosk.Self("s1"), fair.ID, "att-1"); err != nil || !again.At.Equal(a.At) {
		t.Fatalf("repeat = %+v, %v", again, err)
	}
	_, err = db.CheckInEvent(ctx, kiosk.Self("s1"), fair.ID, "att-2")
	wantCode(t, err, kiosk.ECONFLICT, kiosk.MsgErrAlreadyCheckedIn)
	_, err = db.CheckInEvent(ctx, kiosk.Self("s2"), fair.ID, "att-1")
	wantCode(t, err, kiosk.ECONFLICT, kiosk.MsgErrInternal)
	clock.Set(at(0, 10, 1))
	if a, err := db.CheckInEvent(ctx, kiosk.Self("s2"), fair.ID, "att-3"); err != nil || !a.Tardy {
		t.Fatalf("late check-in = %+v, %v", a, err)
	}
	clock.Set(at(0, 12, 1))
	_, err = db.CheckInEvent(ctx, kiosk.Self("s3"), fair.ID, "att-4")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCheckInClosed)
	wantOutbox(t, db, kiosk.KindEventCheckin, kiosk.KindEventCheckin)
}
