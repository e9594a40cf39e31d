package storetest

import (
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// testCappedShifts: the console's list of capped shifts (issue 11)
// holds each shift capped by a push with its cap end, corrected or not,
// filtered by hall, start and correction; shifts ended in time are not
// in it.
func testCappedShifts(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	const dave = "key-dave"
	f.Must(f.S.PutStudents(f.Ctx, []central.Student{{Key: dave, MaskedName: "赵*", BuildingID: BuildingB, Floor: 4,
		Roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}}}))
	f.Must(f.S.SetSettings(f.Ctx, HallA, map[string]string{kiosk.SettingShiftCap: "4"}))
	push := func(k central.Kiosk, kind string, s kiosk.Shift) {
		t.Helper()
		WantStatus(t, f.Push(k, kind, s.ID, s), wire.StatusApplied, "")
	}
	// s1: Alice forgets to clock out; kiosk 2 caps it at 4 h.
	start1 := f.Clock.Now()
	push(f.K1, wire.KindShiftStart, kiosk.Shift{ID: "s1", StudentKey: Alice, Start: start1})
	f.Clock.Advance(5 * time.Hour)
	push(f.K2, wire.KindShiftCap, kiosk.Shift{ID: "s1"})
	// s2: a day later, a shift ended in time is no capped shift.
	f.Clock.Set(f.At(1, 8, 0))
	push(f.K1, wire.KindShiftStart, kiosk.Shift{ID: "s2", StudentKey: Alice, Start: f.Clock.Now()})
	f.Clock.Advance(time.Hour)
	push(f.K1, wire.KindShiftEnd, kiosk.Shift{ID: "s2", StudentKey: Alice, End: f.Clock.Now()})
	// s3: capped, then corrected to 2 h.
	start3 := f.Clock.Now()
	push(f.K1, wire.KindShiftStart, kiosk.Shift{ID: "s3", StudentKey: Alice, Start: start3})
	f.Clock.Advance(7 * time.Hour)
	push(f.K1, wire.KindShiftCap, kiosk.Shift{ID: "s3"})
	f.Clock.Advance(time.Hour)
	corrected := f.Clock.Now()
	push(f.K1, wire.KindShiftCorrect, kiosk.Shift{ID: "s3", StudentKey: Alice, End: start3.Add(2 * time.Hour)})
	// s4: hall B's volunteer, capped at the default 6 h.
	start4 := f.Clock.Now()
	push(f.KB, wire.KindShiftStart, kiosk.Shift{ID: "s4", StudentKey: dave, Start: start4})
	f.Clock.Advance(6*time.Hour + time.Minute)
	push(f.KB, wire.KindShiftCap, kiosk.Shift{ID: "s4"})

	list := func(q central.CappedShiftQuery) []central.CappedShift {
		t.Helper()
		cs, err := f.S.CappedShifts(f.Ctx, q)
		f.Must(err)
		return cs
	}
	ids := func(cs []central.CappedShift) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	all := list(central.CappedShiftQuery{})
	if got := ids(all); !slices.Equal(got, []string{"s4", "s3", "s1"}) {
		t.Fatalf("every capped shift, latest first: %v", got)
	}
	s4, s3, s1 := all[0], all[1], all[2]
	if s1.HallID != HallA || s1.StudentName != "张*华" || s1.StudentKey != Alice || !s1.Start.Equal(start1) ||
		!s1.CappedEnd.Equal(start1.Add(4*time.Hour)) || !s1.End.Equal(s1.CappedEnd) || !s1.Capped || !s1.CorrectedAt.IsZero() {
		t.Errorf("s1 capped, uncorrected: %+v", s1)
	}
	if !s3.CappedEnd.Equal(start3.Add(4*time.Hour)) || !s3.End.Equal(start3.Add(2*time.Hour)) || !s3.CorrectedAt.Equal(corrected) {
		t.Errorf("s3 corrected: %+v", s3)
	}
	if s4.HallID != HallB || s4.StudentName != "赵*" || !s4.CappedEnd.Equal(start4.Add(kiosk.DefaultSettings().Desk.ShiftCap)) {
		t.Errorf("s4 in hall B: %+v", s4)
	}
	for _, tc := range []struct {
		name string
		q    central.CappedShiftQuery
		want []string
	}{
		{"hall A", central.CappedShiftQuery{Halls: []string{HallA}}, []string{"s3", "s1"}},
		{"both halls", central.CappedShiftQuery{Halls: []string{HallB, HallA}}, []string{"s4", "s3", "s1"}},
		{"no hall", central.CappedShiftQuery{Halls: []string{}}, nil},
		{"uncorrected", central.CappedShiftQuery{Uncorrected: true}, []string{"s4", "s1"}},
		{"hall A uncorrected", central.CappedShiftQuery{Halls: []string{HallA}, Uncorrected: true}, []string{"s1"}},
		{"from day 1", central.CappedShiftQuery{From: f.At(1, 0, 0)}, []string{"s4", "s3"}},
		{"before day 1", central.CappedShiftQuery{To: f.At(1, 0, 0)}, []string{"s1"}},
		{"day 1, to s4's start", central.CappedShiftQuery{From: f.At(1, 0, 0), To: start4}, []string{"s3"}},
	} {
		if got := ids(list(tc.q)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// An imported capped shift is listed as a pushed one is.
	imported := kiosk.Shift{ID: "s-old", StudentKey: Alice, Start: f.At(-7, 9, 0), End: f.At(-7, 13, 0), Capped: true}
	f.Must(f.S.ImportHistory(f.Ctx, HallA, central.History{Shifts: []kiosk.Shift{imported}}))
	if cs := list(central.CappedShiftQuery{To: f.At(0, 0, 0)}); len(cs) != 1 || !cs[0].CappedEnd.Equal(imported.End) || !cs[0].CorrectedAt.IsZero() {
		t.Errorf("the imported capped shift: %+v", cs)
	}
	// A volunteer gone from the roster keeps their shift, without a name.
	f.Must(f.S.DeleteStudent(f.Ctx, dave))
	if cs := list(central.CappedShiftQuery{Halls: []string{HallB}}); len(cs) != 1 || cs[0].StudentName != "" || cs[0].StudentKey != dave {
		t.Errorf("after the roster dropped the volunteer: %+v", cs)
	}
	if _, err := f.S.CappedShifts(f.Ctx, central.CappedShiftQuery{From: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("a start in 1500: %v", err)
	}
}
