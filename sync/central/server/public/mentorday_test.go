package public_test

import (
	"net/http"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

// link gives the mentor a day-page link with the plain token tok.
func (e *env) link(mentor, tok string) string {
	e.T.Helper()
	if _, err := e.S.CreateMentorLink(e.Ctx, mentor, central.HashSecret(tok)); err != nil {
		e.T.Fatal(err)
	}
	return "/m/" + tok
}

func (e *env) book(id, slot, student string) {
	e.T.Helper()
	storetest.WantStatus(e.T, e.Push(e.K1, kiosk.KindAppointmentCreate, id, kiosk.Appointment{ID: id, SlotID: slot, StudentKey: student}), wire.StatusApplied, "")
}

// The day page lists the hall's today, not the process's: at 07:00 in
// the hall (23:00 the day before in UTC, the clock's zone here) it shows
// the hall day's appointments. A check-in pushed by a kiosk shows at the
// next load, with its time.
func TestMentorDayPage(t *testing.T) {
	e := newEnv(t)
	for _, s := range []kiosk.MentorSlot{
		{ID: "s-early", MentorID: storetest.MentorA, Start: e.At(1, 8, 30), End: e.At(1, 9, 0)},
		{ID: "s-evening", MentorID: storetest.MentorA, Start: e.At(0, 20, 0), End: e.At(0, 20, 30)},
	} {
		e.Must(e.S.PutMentorSlot(e.Ctx, s))
	}
	e.book("ap-a", storetest.SlotA, storetest.Alice)
	e.book("ap-b", "s-early", storetest.Bob)
	e.book("ap-c", "s-evening", storetest.Bob)
	page := e.link(storetest.MentorA, "tok-wang-0123456789abcdef")
	e.Clock.Set(e.At(1, 7, 0).UTC())

	st, body, hdr := e.get(page, "")
	if st != http.StatusOK || !strings.Contains(body, "王老师") || !strings.Contains(body, "2026-03-03") {
		t.Fatalf("day page %d:\n%s", st, body)
	}
	if !strings.Contains(body, "08:30–09:00") || !strings.Contains(body, "10:00–10:30") || strings.Contains(body, "20:00–20:30") {
		t.Fatalf("not the hall's today:\n%s", body)
	}
	if strings.Index(body, "08:30") > strings.Index(body, "10:00") || !strings.Contains(body, "张*华") || !strings.Contains(body, "李*") {
		t.Fatalf("order or students:\n%s", body)
	}
	if !strings.Contains(body, `<meta http-equiv="refresh" content="10">`) || hdr.Get("Referrer-Policy") != "no-referrer" ||
		hdr.Get("Cache-Control") != "no-store" || strings.Contains(body, storetest.Alice) {
		t.Fatalf("refresh, headers or a student key:\n%v\n%s", hdr, body)
	}
	if strings.Count(body, "已预约") != 2 {
		t.Fatalf("both booked:\n%s", body)
	}

	e.Clock.Set(e.At(1, 9, 55))
	storetest.WantStatus(t, e.Push(e.K2, kiosk.KindAppointmentCheckin, "ap-a", storetest.Action("ap-a", storetest.Alice)), wire.StatusApplied, "")
	_, body, _ = e.get(page+"?lang=en", "")
	if !strings.Contains(body, "Checked in 09:55") || !strings.Contains(body, "Booked") {
		t.Fatalf("after the check-in:\n%s", body)
	}

	st, feed, hdr := e.get(page+"/calendar.ics", "")
	if st != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/calendar") || strings.Count(feed, "BEGIN:VEVENT") != 3 ||
		!strings.Contains(feed, "DTSTART:20260303T020000Z\r\n") || !strings.Contains(feed, "SUMMARY:学业导师 · 王老师 · 张*华\r\n") {
		t.Fatalf("feed %d %v:\n%s", st, hdr, feed)
	}

	// A new link revokes the old; a revoked link is a 404 like any other.
	page2 := e.link(storetest.MentorA, "tok-wang-new-0123456789abc")
	if st, _, _ := e.get(page, ""); st != http.StatusNotFound {
		t.Fatalf("the replaced link: %d", st)
	}
	if st, _, _ := e.get(page2, ""); st != http.StatusOK {
		t.Fatalf("the new link: %d", st)
	}
	e.Must(e.S.RevokeMentorLink(e.Ctx, storetest.MentorA))
	for _, p := range []string{page2, page2 + "/calendar.ics", "/m/nosuchtoken"} {
		if st, body, _ := e.get(p, ""); st != http.StatusNotFound || strings.Contains(body, "王老师") {
			t.Fatalf("%s after revoking: %d\n%s", p, st, body)
		}
	}
}

// Counselling shows its student only on the counsellor's own day page:
// /a/, its .ics and the counsellor's own feed (fetched by calendar
// providers) show the neutral personal appointment.
func TestCounsellingNeutralExceptOwnPage(t *testing.T) {
	e := newEnv(t)
	e.Must(e.S.PutMentor(e.Ctx, storetest.HallA, kiosk.Mentor{ID: "m-psy", Name: kiosk.LocalName{Zh: "林老师", En: "Dr Lin"},
		Type: kiosk.MentorCounselling, Place: kiosk.LocalName{Zh: "心理中心 201"}}))
	e.Must(e.S.PutMentorSlot(e.Ctx, kiosk.MentorSlot{ID: "s-psy", MentorID: "m-psy", Start: e.At(0, 14, 0), End: e.At(0, 14, 50)}))
	e.book("ap-psy", "s-psy", storetest.Bob)
	page := e.link("m-psy", "tok-lin-0123456789abcdefgh")

	_, body, _ := e.get(page, "")
	if !strings.Contains(body, "李*") || !strings.Contains(body, "14:00–14:50") {
		t.Fatalf("the counsellor's own page lacks the student:\n%s", body)
	}
	neutral := func(what, body string) {
		t.Helper()
		for _, leak := range []string{"李*", "林老师", "Dr Lin", "心理", "咨询", "ounsel"} {
			if strings.Contains(body, leak) {
				t.Fatalf("%s shows %q:\n%s", what, leak, body)
			}
		}
	}
	_, body, _ = e.get("/a/ap-psy", "")
	neutral("/a/", body)
	if !strings.Contains(body, "个人预约") || !strings.Contains(body, "/a/ap-psy/calendar.ics") {
		t.Fatalf("/a/ of counselling:\n%s", body)
	}
	_, body, _ = e.get("/a/ap-psy?lang=en", "")
	neutral("/a/ in English", body)
	st, cal, hdr := e.get("/a/ap-psy/calendar.ics", "")
	neutral("/a/'s .ics", cal)
	if st != http.StatusOK || !strings.Contains(cal, "SUMMARY:个人预约\r\n") || !strings.Contains(cal, "LOCATION:甲大厅\r\n") ||
		!strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
		t.Fatalf("/a/'s .ics %d %v:\n%s", st, hdr, cal)
	}
	// The feed is the counsellor's own calendar (named for them), yet it
	// names neither the student nor the kind.
	_, feed, _ := e.get(page+"/calendar.ics", "")
	if !strings.Contains(feed, "SUMMARY:个人预约\r\n") || strings.Contains(feed, "李*") || strings.Contains(feed, "心理") {
		t.Fatalf("feed:\n%s", feed)
	}
	// An academic appointment's .ics names the mentor and the place.
	e.Must(e.S.PutMentor(e.Ctx, storetest.HallA, kiosk.Mentor{ID: storetest.MentorA, Name: kiosk.LocalName{Zh: "王老师"},
		Type: kiosk.MentorAcademic, Place: kiosk.LocalName{Zh: "二楼研讨室"}}))
	e.book("ap-a", storetest.SlotA, storetest.Alice)
	_, cal, _ = e.get("/a/ap-a/calendar.ics", "")
	if !strings.Contains(cal, "SUMMARY:学业导师 · 王老师\r\n") || !strings.Contains(cal, "LOCATION:二楼研讨室\r\n") || strings.Contains(cal, "张*华") {
		t.Fatalf("academic .ics:\n%s", cal)
	}
	if st, _, _ := e.get("/a/nope/calendar.ics", ""); st != http.StatusNotFound {
		t.Fatalf("unknown appointment's .ics: %d", st)
	}
}

// The booking receipt's page: room, place, time, status, check-in time
// and its .ics; nothing of the student.
func TestBookingPage(t *testing.T) {
	e := newEnv(t)
	b := storetest.Booking("bk-1", storetest.RoomA, storetest.Alice, e.At(1, 10, 0), e.At(1, 11, 0))
	storetest.WantStatus(t, e.Push(e.K1, kiosk.KindBookingCreate, "bk-1", b), wire.StatusApplied, "")
	e.Clock.Set(e.At(1, 7, 0).UTC())
	st, body, _ := e.get("/b/bk-1", "")
	for _, want := range []string{"我的房间预约", "自习室", "明德楼 · 1 层", "2026-03-03 10:00 – 11:00", "已预约", "09:45 – 10:15", "/b/bk-1/calendar.ics?lang=zh"} {
		if !strings.Contains(body, want) {
			t.Fatalf("booking page %d lacks %q:\n%s", st, want, body)
		}
	}
	if strings.Contains(body, storetest.Alice) || strings.Contains(body, "张*华") {
		t.Fatalf("the booking page shows the student:\n%s", body)
	}
	st, cal, _ := e.get("/b/bk-1/calendar.ics", "")
	if st != http.StatusOK || !strings.Contains(cal, "SUMMARY:房间预约 · 自习室\r\n") || !strings.Contains(cal, "LOCATION:明德楼 · 1 层\r\n") ||
		!strings.Contains(cal, "DTSTART:20260303T020000Z\r\n") || !strings.Contains(cal, "DTEND:20260303T030000Z\r\n") || !strings.Contains(cal, "UID:bk-1@booking.onestop\r\n") {
		t.Fatalf("booking .ics %d:\n%s", st, cal)
	}
	storetest.WantStatus(t, e.Push(e.K1, kiosk.KindBookingCancel, "bk-1", storetest.Action("bk-1", storetest.Alice)), wire.StatusApplied, "")
	if _, body, _ := e.get("/b/bk-1?lang=en", ""); !strings.Contains(body, "Cancelled") || strings.Contains(body, "Check-in") {
		t.Fatalf("cancelled booking:\n%s", body)
	}
	if _, cal, _ := e.get("/b/bk-1/calendar.ics", ""); !strings.Contains(cal, "STATUS:CANCELLED\r\n") {
		t.Fatalf("cancelled .ics:\n%s", cal)
	}
	if st, _, _ := e.get("/b/nope", ""); st != http.StatusNotFound {
		t.Fatalf("unknown booking: %d", st)
	}
}
