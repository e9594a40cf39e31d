package public_test

import (
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// The desk's queue marks show on the mentor's day page, in both
// languages, and go away when the volunteer puts the student back.
func TestMentorDayQueue(t *testing.T) {
	e := newEnv(t)
	e.book("ap-a", storetest.SlotA, storetest.Bob)
	page := e.link(storetest.MentorA, "tok-wang-0123456789abcdef")
	e.Clock.Set(e.At(1, 9, 55))
	storetest.WantStatus(t, e.Push(e.K2, kiosk.KindAppointmentCheckin, "ap-a", storetest.Action("ap-a", storetest.Bob)), wire.StatusApplied, "")
	mark := func(q kiosk.AppointmentQueue) {
		t.Helper()
		storetest.WantStatus(t, e.Push(e.K1, kiosk.KindAppointmentQueue, "ap-a",
			kiosk.Appointment{ID: "ap-a", Queue: q, QueueBy: storetest.Alice}), wire.StatusApplied, "")
	}
	mark(kiosk.QueueWithMentor)
	if _, body, _ := e.get(page+"?lang=en", ""); !strings.Contains(body, "Checked in 09:55 · with you now") {
		t.Fatalf("with the mentor:\n%s", body)
	}
	mark(kiosk.QueueLeft)
	if _, body, _ := e.get(page, ""); !strings.Contains(body, "未面谈已离开") {
		t.Fatalf("left:\n%s", body)
	}
	mark(kiosk.QueueWaiting)
	if _, body, _ := e.get(page+"?lang=en", ""); strings.Contains(body, "left without") || strings.Contains(body, "with you now") {
		t.Fatalf("back to waiting:\n%s", body)
	}
}
