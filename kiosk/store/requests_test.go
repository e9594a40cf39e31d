package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
)

// newRequest composes a valid repair request for student submitted at
// the clock's time; seed makes its id, ticket and token.
func newRequest(tb testing.TB, clock kiosk.Clock, student string, seed byte) *kiosk.Request {
	tb.Helper()
	ids := kiosk.IDSource{R: bytes.NewReader(bytes.Repeat([]byte{seed}, 64))}
	r, err := kiosk.NewRequest(ids, clock, kiosk.DefaultSettings(), &kiosk.Student{Key: student}, "hall-1", kiosk.Request{
		Category: kiosk.CategoryRepair, BuildingID: "b1", Floor: 5, Room: "512",
		Presets: []string{"repair.light"}, Contact: kiosk.ContactKiosk,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestSubmitRequest(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	// The deadline follows the stored settings, not the screen's.
	seedSettings(t, db, map[string]string{"request.sla.repair_hours": "12"})
	r := newRequest(t, clock, "s1", 1)
	if err := db.SubmitRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	if r.Status != kiosk.RequestSubmitted || !r.DueAt.Equal(clock.Now().Add(12*time.Hour)) || r.SyncState != kiosk.OutboxPending {
		t.Fatalf("submitted %+v", r)
	}
	again := *r
	must(t, db.SubmitRequest(ctx, &again))
	ms := wantOutbox(t, db, kiosk.KindRequestCreate)
	var got kiosk.Request
	if err := json.Unmarshal(ms[0].Payload, &got); err != nil || got.Ticket != r.Ticket || got.Token != r.Token {
		t.Fatalf("payload %s, %v", ms[0].Payload, err)
	}
	// Requests made from seed 2 differ from r in id and token.
	bad := func(f func(*kiosk.Request)) *kiosk.Request {
		r := newRequest(t, clock, "s1", 2)
		f(r)
		return r
	}
	tests := []struct {
		name      string
		r         *kiosk.Request
		code, msg string
	}{
		{"category", bad(func(r *kiosk.Request) { r.Category = "ufo" }), kiosk.EINVALID, kiosk.MsgErrRequestCategory},
		{"no preset", bad(func(r *kiosk.Request) { r.Presets = nil }), kiosk.EINVALID, kiosk.MsgErrRequestPresets},
		{"foreign preset", bad(func(r *kiosk.Request) { r.Presets = []string{"dorm.noise"} }), kiosk.EINVALID, kiosk.MsgErrRequestPresets},
		{"place", bad(func(r *kiosk.Request) { r.BuildingID = "" }), kiosk.EINVALID, kiosk.MsgErrRequestPlace},
		{"contact", bad(func(r *kiosk.Request) { r.Contact = "pigeon" }), kiosk.EINVALID, kiosk.MsgErrRequestContact},
		{"student", bad(func(r *kiosk.Request) { r.StudentKey = "" }), kiosk.EINVALID, kiosk.MsgErrNotIdentified},
		{"ticket in use", bad(func(b *kiosk.Request) { b.Ticket = r.Ticket }), kiosk.ECONFLICT, kiosk.MsgErrInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, db.SubmitRequest(ctx, tt.r), tt.code, tt.msg)
		})
	}
	wantCode(t, db.SubmitRequest(ctx, nil), kiosk.EINVALID, kiosk.MsgErrInternal)
	wantOutbox(t, db, kiosk.KindRequestCreate)
}

func TestRequestLifecycle(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	r1 := newRequest(t, clock, "s1", 1)
	must(t, db.SubmitRequest(ctx, r1))
	clock.Advance(time.Hour)
	r2 := newRequest(t, clock, "s1", 2)
	must(t, db.SubmitRequest(ctx, r2))
	_, err := db.RateRequest(ctx, "s1", r1.ID, kiosk.OutcomeSolved, 5)
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrRequestNotResolved)
	// Central took r1 (seq 1); the handlers' updates come in its feed.
	answer(t, db, 1, kiosk.OutboxApplied, "", "")
	accepted := handled(*r1, kiosk.RequestAccepted, clock.Now(), "已受理")
	seed(t, db, kiosk.EntityRequest, accepted)
	clock.Advance(time.Hour)
	seed(t, db, kiosk.EntityRequest, handled(accepted, kiosk.RequestResolved, clock.Now(), "已更换灯管"))
	lost := accepted
	lost.Status = "lost"
	wantSkipped(t, db, changes(t, kiosk.EntityRequest, lost)...)
	rs, err := db.RequestsOf(ctx, "s1")
	if err != nil || len(rs) != 2 || rs[0].ID != r2.ID || rs[1].ID != r1.ID {
		t.Fatalf("RequestsOf = %+v, %v; want newest first", rs, err)
	}
	notes := rs[1].Notes
	if rs[1].Status != kiosk.RequestResolved || len(notes) != 2 || notes[0].Text != "已受理" ||
		notes[0].Status != kiosk.RequestAccepted || notes[1].Status != kiosk.RequestResolved || !notes[1].At.Equal(clock.Now()) {
		t.Fatalf("resolved request %+v", rs[1])
	}
	_, err = db.RateRequest(ctx, "s2", r1.ID, kiosk.OutcomeSolved, 5)
	wantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	_, err = db.RateRequest(ctx, "s1", r1.ID, kiosk.OutcomeSolved, 6)
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrRating)
	_, err = db.RateRequest(ctx, "s1", r1.ID, "meh", 3)
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrRating)
	// Not solved reopens with a fresh deadline from the settings.
	got, err := db.RateRequest(ctx, "s1", r1.ID, kiosk.OutcomeNotSolved, 2)
	if err != nil || got.Status != kiosk.RequestReopened || !got.DueAt.Equal(clock.Now().Add(24*time.Hour)) || got.Rating != 2 {
		t.Fatalf("not solved = %+v, %v", got, err)
	}
	// The same verdict again is a repeated tap, not a new rating.
	if again, err := db.RateRequest(ctx, "s1", r1.ID, kiosk.OutcomeNotSolved, 2); err != nil || again.Status != kiosk.RequestReopened {
		t.Fatalf("repeat = %+v, %v", again, err)
	}
	answer(t, db, 3, kiosk.OutboxApplied, "", "")
	fixed := handled(*got, kiosk.RequestResolved, clock.Now(), "已彻底修好")
	fixed.DueAt = clock.Now()
	seed(t, db, kiosk.EntityRequest, fixed)
	if got, err := db.RateRequest(ctx, "s1", r1.ID, kiosk.OutcomeSolved, 5); err != nil || got.Status != kiosk.RequestClosed {
		t.Fatalf("solved = %+v, %v", got, err)
	}
	ms := wantOutbox(t, db, kiosk.KindRequestCreate, kiosk.KindRequestCreate, kiosk.KindRequestRate, kiosk.KindRequestRate)
	var rated kiosk.Request
	if err := json.Unmarshal(ms[3].Payload, &rated); err != nil || rated.Outcome != kiosk.OutcomeSolved || rated.Rating != 5 {
		t.Fatalf("rate payload %s, %v", ms[3].Payload, err)
	}
}

// handled is r as central sends it after a handler's update: the new
// status, with a note saying so at at.
func handled(r kiosk.Request, status kiosk.RequestStatus, at time.Time, text string) kiosk.Request {
	r.Status = status
	r.Notes = append(slices.Clone(r.Notes), kiosk.RequestNote{At: at, Status: status, Text: text})
	return r
}

// TestRequestOverdue: Overdue works on what the store returns.
func TestRequestOverdue(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	r := newRequest(t, clock, "s1", 1)
	must(t, db.SubmitRequest(ctx, r))
	rs, err := db.RequestsOf(ctx, "s1")
	if err != nil || len(rs) != 1 || rs[0].Overdue(clock.Now().Add(24*time.Hour)) || !rs[0].Overdue(clock.Now().Add(25*time.Hour)) {
		t.Fatalf("RequestsOf = %+v, %v", rs, err)
	}
}

// TestRequestHandlingCopied: what central's handlers add to a request
// (unit, response clock, resolution, follow-up, 未诉先办) survives the
// feed into the kiosk store, so the student's records show it.
func TestRequestHandlingCopied(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	r := newRequest(t, clock, "s1", 3)
	now := clock.Now()
	r.Status, r.UnitID, r.Proactive = kiosk.RequestResolved, "unit-repair", true
	r.SubmittedAt, r.DueAt = now, now.Add(24*time.Hour)
	r.ResponseDueAt, r.RespondedAt, r.ResolvedAt = now.Add(2*time.Hour), now.Add(time.Hour), now.Add(5*time.Hour)
	r.FollowUp = &kiosk.FollowUp{At: now.Add(30 * time.Hour), By: "admin:li", Contacted: true,
		Solved: kiosk.OutcomeSolved, Satisfied: kiosk.BasicallySatisfied}
	seed(t, db, kiosk.EntityRequest, *r)
	got, err := db.RequestsOf(ctx, "s1")
	if err != nil || len(got) != 1 {
		t.Fatalf("RequestsOf = %+v, %v", got, err)
	}
	g := got[0]
	if g.UnitID != r.UnitID || !g.Proactive || !g.ResponseDueAt.Equal(r.ResponseDueAt) ||
		!g.RespondedAt.Equal(r.RespondedAt) || !g.ResolvedAt.Equal(r.ResolvedAt) {
		t.Errorf("handling fields = %+v; want %+v", g, r)
	}
	if f := g.FollowUp; f == nil || !f.At.Equal(r.FollowUp.At) || f.By != "admin:li" || !f.Contacted ||
		f.Solved != kiosk.OutcomeSolved || f.Satisfied != kiosk.BasicallySatisfied {
		t.Errorf("follow-up = %+v; want %+v", f, r.FollowUp)
	}
	// A later copy without a follow-up clears it; zero times stay zero.
	r.FollowUp, r.ResolvedAt, r.Status = nil, time.Time{}, kiosk.RequestInProgress
	seed(t, db, kiosk.EntityRequest, *r)
	if got, _ := db.RequestsOf(ctx, "s1"); got[0].FollowUp != nil || !got[0].ResolvedAt.IsZero() {
		t.Errorf("after reopening: %+v", got[0])
	}
}
