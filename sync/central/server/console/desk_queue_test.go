package console_test

import (
	"context"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// A queue mark central refuses, over real sync (issue 11): the
// volunteer lost the role at central before the kiosk heard, so the
// mark is refused; the kiosk's desk names the volunteer, and the
// student whose appointment it was is told nothing and keeps it.
func TestRefusedQueueMarkReachesTheVolunteer(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	k := e.kiosk(storetest.HallA)
	e.Clock.Set(e.At(1, 9, 55))
	storetest.WantStatus(t, e.Push(e.K1, kiosk.KindAppointmentCreate, "a1",
		kiosk.Appointment{ID: "a1", SlotID: storetest.SlotA, StudentKey: storetest.Bob}), wire.StatusApplied, "")
	storetest.WantStatus(t, e.Push(e.K1, kiosk.KindAppointmentCheckin, "a1", storetest.Action("a1", storetest.Bob)), wire.StatusApplied, "")
	k.mustSync()
	e.Must(e.S.PutStudents(ctx, []central.Student{{Key: storetest.Alice, CardKey: "card-alice", MaskedName: "张*华",
		BuildingID: storetest.BuildingA, Floor: 3, Roles: []string{kiosk.RoleStudent}}}))
	if _, err := k.db.MarkQueue(ctx, storetest.Alice, "a1", kiosk.QueueWithMentor); err != nil {
		t.Fatalf("the kiosk, not yet told, takes the mark: %v", err)
	}
	k.mustSync()

	ds, err := k.db.DeskSync(ctx, 10)
	e.Must(err)
	if len(ds.Rejected) != 1 || ds.Rejected[0].Kind != kiosk.KindAppointmentQueue || ds.Rejected[0].StudentKey != storetest.Alice ||
		ds.Rejected[0].MaskedName != "张*华" || ds.Rejected[0].MessageID != kiosk.MsgErrNotVolunteer {
		t.Fatalf("desk sync health: %+v", ds.Rejected)
	}
	if rs, err := k.db.Rejections(ctx, storetest.Bob); err != nil || len(rs) != 0 {
		t.Errorf("the student is told of the volunteer's refused mark: %+v %v", rs, err)
	}
	recs, err := k.db.Records(ctx, storetest.Bob, e.At(0, 0, 0))
	e.Must(err)
	if len(recs.Appointments) != 1 || recs.Appointments[0].SyncState == kiosk.OutboxRejected || recs.Appointments[0].Queue != kiosk.QueueWaiting {
		t.Errorf("the student's appointment after the refused mark: %+v", recs.Appointments)
	}
	if rs, err := k.db.Rejections(ctx, storetest.Alice); err != nil || len(rs) != 1 {
		t.Errorf("the volunteer's own rejections: %+v %v", rs, err)
	}
}
