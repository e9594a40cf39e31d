package kiosk_test

import (
	"errors"
	"testing"
	"time"

	"onestop/kiosk"
)

func TestSatisfactionOfStars(t *testing.T) {
	want := map[int]kiosk.Satisfaction{1: kiosk.NotSatisfied, 2: kiosk.NotSatisfied, 3: kiosk.BasicallySatisfied, 4: kiosk.Satisfied, 5: kiosk.Satisfied}
	for stars, s := range want {
		if got := kiosk.SatisfactionOfStars(stars); got != s {
			t.Errorf("%d stars: %s, want %s", stars, got, s)
		}
	}
}

func TestRateIsTheFollowUp(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, kiosk.DefaultLocation())
	for _, c := range []struct {
		o      kiosk.Outcome
		stars  int
		status kiosk.RequestStatus
		sat    kiosk.Satisfaction
	}{
		{kiosk.OutcomeSolved, 5, kiosk.RequestClosed, kiosk.Satisfied},
		{kiosk.OutcomePartly, 3, kiosk.RequestClosed, kiosk.BasicallySatisfied},
		{kiosk.OutcomeNotSolved, 2, kiosk.RequestReopened, kiosk.NotSatisfied},
	} {
		r := kiosk.Request{Category: kiosk.CategoryRepair, Status: kiosk.RequestResolved}
		if err := r.Rate(now, kiosk.DefaultSettings().SLA, c.o, c.stars); err != nil {
			t.Fatal(err)
		}
		f := r.FollowUp
		if r.Status != c.status || f == nil || !f.At.Equal(now) || f.By != kiosk.FollowUpByStudent || !f.Contacted || f.Solved != c.o || f.Satisfied != c.sat {
			t.Errorf("%s %d: %s %+v", c.o, c.stars, r.Status, f)
		}
	}
}

func TestRecordFollowUp(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, kiosk.DefaultLocation())
	for _, c := range []struct {
		name   string
		from   kiosk.RequestStatus
		f      kiosk.FollowUp
		field  string // the field refused, "" for none
		code   string
		status kiosk.RequestStatus
	}{
		{"solved", kiosk.RequestResolved, kiosk.FollowUp{By: "admin:ada", Contacted: true, Solved: kiosk.OutcomeSolved, Satisfied: kiosk.Satisfied}, "", "", kiosk.RequestClosed},
		{"partly", kiosk.RequestResolved, kiosk.FollowUp{By: "admin:ada", Contacted: true, Solved: kiosk.OutcomePartly, Satisfied: kiosk.BasicallySatisfied}, "", "", kiosk.RequestClosed},
		{"not solved reopens", kiosk.RequestResolved, kiosk.FollowUp{By: "admin:ada", Contacted: true, Solved: kiosk.OutcomeNotSolved, Satisfied: kiosk.NotSatisfied}, "", "", kiosk.RequestReopened},
		{"not reached waits", kiosk.RequestResolved, kiosk.FollowUp{By: "admin:ada"}, "", "", kiosk.RequestResolved},
		{"not reached, answers", kiosk.RequestResolved, kiosk.FollowUp{By: "admin:ada", Satisfied: kiosk.Satisfied}, "satisfied", kiosk.EINVALID, kiosk.RequestResolved},
		{"not reached, solved", kiosk.RequestResolved, kiosk.FollowUp{By: "admin:ada", Solved: kiosk.OutcomeSolved}, "solved", kiosk.EINVALID, kiosk.RequestResolved},
		{"reached, no answer", kiosk.RequestResolved, kiosk.FollowUp{By: "admin:ada", Contacted: true, Satisfied: kiosk.Satisfied}, "solved", kiosk.EINVALID, kiosk.RequestResolved},
		{"reached, odd satisfied", kiosk.RequestResolved, kiosk.FollowUp{By: "admin:ada", Contacted: true, Solved: kiosk.OutcomeSolved, Satisfied: "very"}, "satisfied", kiosk.EINVALID, kiosk.RequestResolved},
		{"not an admin", kiosk.RequestResolved, kiosk.FollowUp{By: "student", Contacted: true, Solved: kiosk.OutcomeSolved, Satisfied: kiosk.Satisfied}, "by", kiosk.EINVALID, kiosk.RequestResolved},
		{"still open", kiosk.RequestDispatched, kiosk.FollowUp{By: "admin:ada"}, "", kiosk.ECONFLICT, kiosk.RequestDispatched},
		{"already rated", kiosk.RequestClosed, kiosk.FollowUp{By: "admin:ada", Contacted: true, Solved: kiosk.OutcomeSolved, Satisfied: kiosk.Satisfied}, "", kiosk.ECONFLICT, kiosk.RequestClosed},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := kiosk.Request{Status: c.from}
			err := r.RecordFollowUp(now, c.f)
			if kiosk.ErrorCode(err) != c.code || errField(err) != c.field || r.Status != c.status {
				t.Fatalf("err %v (field %q), status %s", err, errField(err), r.Status)
			}
			if err == nil && (r.FollowUp == nil || !r.FollowUp.At.Equal(now) || r.FollowUp.Contacted != c.f.Contacted) {
				t.Fatalf("follow-up %+v", r.FollowUp)
			}
			if err != nil && r.FollowUp != nil {
				t.Fatalf("a refused call left %+v", r.FollowUp)
			}
		})
	}
}

func TestBasicallyWeightSetting(t *testing.T) {
	if k := kiosk.ParseSettings(nil).BasicallyWeight; k != 0.9 {
		t.Fatalf("default k %v", k)
	}
	for v, want := range map[string]float64{"0.75": 0.75, "1": 1, "0": 0, "1.5": 0.9, "-0.1": 0.9, "NaN": 0.9, "x": 0.9} {
		if k := kiosk.ParseSettings(map[string]string{kiosk.SettingBasicallyWeight: v}).BasicallyWeight; k != want {
			t.Errorf("%q: k %v, want %v", v, k, want)
		}
		ok := want != 0.9 || v == "0.9"
		if err := kiosk.CheckSetting(kiosk.SettingBasicallyWeight, v); (err == nil) != ok {
			t.Errorf("CheckSetting(%q) = %v", v, err)
		}
	}
}

func errField(err error) string {
	var e *kiosk.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
