package kiosk_test

import (
	"testing"
	"time"

	"onestop/kiosk"
)

// Monday 23 Nov 2026 09:00 in the hall.
var monday = time.Date(2026, 11, 23, 9, 0, 0, 0, hallZone)

func submitted(c kiosk.RequestCategory) kiosk.Request {
	r := kiosk.Request{ID: "r1", HallID: "h1", Category: c, Status: kiosk.RequestSubmitted, SubmittedAt: monday}
	kiosk.DefaultRequestPolicy().SetDeadlines(&r, hallZone)
	return r
}

func TestDefaultDeadlines(t *testing.T) {
	r := submitted(kiosk.CategoryRepair)
	if !r.ResponseDueAt.Equal(monday.Add(2*time.Hour)) || !r.DueAt.Equal(monday.AddDate(0, 0, 3)) {
		t.Errorf("repair: respond by %v, resolve by %v", r.ResponseDueAt, r.DueAt)
	}
	r = submitted(kiosk.CategorySafety)
	if !r.ResponseDueAt.Equal(monday.Add(30*time.Minute)) || !r.DueAt.Equal(monday.Add(24*time.Hour)) {
		t.Errorf("safety: respond by %v, resolve by %v", r.ResponseDueAt, r.DueAt)
	}
	if err := kiosk.DefaultRequestPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
	p := kiosk.DefaultRequestPolicy()
	p.SLA[kiosk.CategoryDorm] = kiosk.SLAPolicy{Respond: kiosk.SLATerm{Length: 0}, Resolve: kiosk.SLATerm{Length: time.Hour}}
	if err := p.Validate(); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("a zero deadline: %v", err)
	}
	if r := submitted(kiosk.CategoryRepair); !r.ResponseOverdue(monday.Add(3*time.Hour)) || r.ResponseOverdue(monday.Add(time.Hour)) {
		t.Error("response overdue")
	}
}

func TestRequestHandling(t *testing.T) {
	unit := &kiosk.Unit{ID: "u1", HallID: "h1", Name: kiosk.LocalName{Zh: "后勤维修"}, Active: true}
	r := submitted(kiosk.CategoryRepair)
	at := monday.Add(10 * time.Minute)
	if _, err := r.Handle(at, kiosk.RequestAction{Kind: kiosk.ActAccept}); err != nil {
		t.Fatal(err)
	}
	if r.Status != kiosk.RequestAccepted || !r.RespondedAt.Equal(at) || len(r.Notes) != 1 {
		t.Fatalf("accepted %+v", r)
	}
	// Accepting again comes from the wrong status.
	if _, err := r.Handle(at, kiosk.RequestAction{Kind: kiosk.ActAccept}); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("accept twice: %v", err)
	}
	later := monday.Add(time.Hour)
	if _, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActDispatch, UnitID: "u2", Unit: &kiosk.Unit{ID: "u2", HallID: "h2", Active: true}}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("another hall's unit: %v", err)
	}
	if _, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActDispatch, Unit: unit, Due: r.DueAt.Add(time.Hour)}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("dispatch past the deadline: %v", err)
	}
	due := monday.Add(26 * time.Hour)
	if _, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActDispatch, Unit: unit, Due: due}); err != nil {
		t.Fatal(err)
	}
	if r.Status != kiosk.RequestDispatched || r.UnitID != "u1" || !r.DueAt.Equal(due) || !r.RespondedAt.Equal(at) {
		t.Fatalf("dispatched %+v", r)
	}
	if _, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActExtend, Due: due.Add(time.Hour)}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("extend without a reason: %v", err)
	}
	if _, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActExtend, Due: due.Add(-time.Hour), Text: "等配件"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("extend to earlier: %v", err)
	}
	if _, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActExtend, Due: due.Add(24 * time.Hour), Text: "等配件"}); err != nil {
		t.Fatal(err)
	}
	notes := len(r.Notes)
	in, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActNote, Text: "学生电话 138…", By: "admin:ada"})
	if err != nil || in == nil || in.Text != "学生电话 138…" || len(r.Notes) != notes {
		t.Fatalf("an internal note reached the request: %v %+v", err, r.Notes)
	}
	if in, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActNote, Text: "师傅明早到", Public: true}); err != nil || in != nil || len(r.Notes) != notes+1 {
		t.Fatalf("public note: %v", err)
	}
	if _, err := r.Handle(later, kiosk.RequestAction{Kind: kiosk.ActResolve}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("resolve without a note: %v", err)
	}
	done := monday.Add(30 * time.Hour)
	if _, err := r.Handle(done, kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "灯已更换"}); err != nil {
		t.Fatal(err)
	}
	if r.Status != kiosk.RequestResolved || !r.ResolvedAt.Equal(done) || r.Notes[len(r.Notes)-1].Text != "灯已更换" {
		t.Fatalf("resolved %+v", r)
	}
	if _, err := r.Handle(done, kiosk.RequestAction{Kind: kiosk.ActReject, Text: "x"}); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("reject a resolved request: %v", err)
	}
	// A rejected request cannot be resolved.
	r = submitted(kiosk.CategoryDorm)
	if _, err := r.Handle(at, kiosk.RequestAction{Kind: kiosk.ActReject, Text: "不属于本中心受理范围"}); err != nil || !r.RespondedAt.Equal(at) {
		t.Fatal(err)
	}
	if _, err := r.Handle(at, kiosk.RequestAction{Kind: kiosk.ActResolve, Text: "x"}); kiosk.ErrorCode(err) != kiosk.ECONFLICT {
		t.Fatalf("resolve a rejected request: %v", err)
	}
	if _, err := r.Handle(at, kiosk.RequestAction{Kind: "shred"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("an unknown action: %v", err)
	}
	// A public note is an answer too.
	r = submitted(kiosk.CategoryNetwork)
	if _, err := r.Handle(at, kiosk.RequestAction{Kind: kiosk.ActNote, Text: "已收到", Public: true}); err != nil || !r.RespondedAt.Equal(at) || r.Status != kiosk.RequestSubmitted {
		t.Fatalf("public note %v %+v", err, r)
	}
}

func TestProactiveRequest(t *testing.T) {
	p := kiosk.DefaultRequestPolicy()
	r, err := kiosk.NewProactiveRequest(kiosk.IDSource{}, monday, hallZone, p, kiosk.Proactive{HallID: "h1", BuildingID: "b1", Floor: 3,
		Category: kiosk.CategoryRepair, Description: "三楼走廊灯连续报修，统一排查"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Proactive || r.StudentKey != "" || r.Status != kiosk.RequestAccepted || !r.RespondedAt.Equal(monday) ||
		!r.DueAt.Equal(monday.AddDate(0, 0, 3)) || len(r.Notes) != 1 || !kiosk.ValidTicket(r.Ticket) {
		t.Fatalf("proactive %+v", r)
	}
	if _, err := kiosk.NewProactiveRequest(kiosk.IDSource{}, monday, hallZone, p, kiosk.Proactive{HallID: "h1", BuildingID: "b1", Category: kiosk.CategoryRepair}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("no description: %v", err)
	}
	if _, err := kiosk.NewProactiveRequest(kiosk.IDSource{}, monday, hallZone, p, kiosk.Proactive{HallID: "h1", Category: "ghosts", Description: "x"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("bad category: %v", err)
	}
}
