package kiosk_test

import (
	"testing"
	"time"

	"onestop/kiosk"
)

func shanghai(t *testing.T, d, h, m int) time.Time {
	t.Helper()
	return time.Date(2026, 11, d, h, m, 0, 0, hallZone)
}

// The default week: Monday to Friday 08:30–12:00 and 14:00–17:30.
func TestAddWorking(t *testing.T) {
	cal := kiosk.DefaultWorkCalendar()
	for _, c := range []struct {
		name     string
		from     time.Time
		d        time.Duration
		want     time.Time
		holidays []string
		makeUp   []kiosk.MakeUpDay
	}{
		{"inside an interval", shanghai(t, 25, 9, 0), time.Hour, shanghai(t, 25, 10, 0), nil, nil},
		{"over lunch", shanghai(t, 25, 11, 30), time.Hour, shanghai(t, 25, 14, 30), nil, nil},
		{"before opening", shanghai(t, 25, 7, 0), 30 * time.Minute, shanghai(t, 25, 9, 0), nil, nil},
		{"ends exactly at closing", shanghai(t, 25, 17, 0), 30 * time.Minute, shanghai(t, 25, 17, 30), nil, nil},
		{"over the weekend", shanghai(t, 27, 16, 30), 2 * time.Hour, shanghai(t, 30, 9, 30), nil, nil},
		{"from a Sunday", shanghai(t, 29, 15, 0), time.Hour, shanghai(t, 30, 9, 30), nil, nil},
		{"a holiday Monday", shanghai(t, 27, 16, 30), 2 * time.Hour, time.Date(2026, 12, 1, 9, 30, 0, 0, hallZone), []string{"2026-11-30"}, nil},
		{"a 调休 Saturday", shanghai(t, 27, 16, 30), 2 * time.Hour, shanghai(t, 28, 9, 30), nil, []kiosk.MakeUpDay{{Date: "2026-11-28", Follows: time.Monday}}},
		{"three working days", shanghai(t, 23, 9, 0), 21 * time.Hour, shanghai(t, 26, 9, 0), nil, nil},
		{"zero", shanghai(t, 29, 15, 0), 0, shanghai(t, 29, 15, 0), nil, nil},
	} {
		cal := cal
		cal.Holidays, cal.MakeUp = c.holidays, c.makeUp
		if err := cal.Validate(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := cal.AddWorking(hallZone, c.from, c.d); !got.Equal(c.want) {
			t.Errorf("%s: %v + %v = %v, want %v", c.name, c.from, c.d, got, c.want)
		}
		if c.d > 0 {
			if got := cal.WorkingBetween(hallZone, c.from, c.want); got != c.d {
				t.Errorf("%s: working time between = %v, want %v", c.name, got, c.d)
			}
		}
	}
	// The hall's zone counts, not the instant's: 01:00 UTC is 09:00 in Shanghai.
	from := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)
	if got := cal.AddWorking(hallZone, from, time.Hour); !got.Equal(shanghai(t, 25, 10, 0)) {
		t.Errorf("from UTC: %v", got)
	}
	if got := cal.WorkingBetween(hallZone, shanghai(t, 30, 9, 0), shanghai(t, 23, 9, 0)); got != 0 {
		t.Errorf("backwards: %v", got)
	}
	// A week: five days of 7 hours.
	if got := cal.WorkingBetween(hallZone, shanghai(t, 23, 0, 0), shanghai(t, 30, 0, 0)); got != 35*time.Hour {
		t.Errorf("a week: %v", got)
	}
}

// New York springs forward on Sunday 8 March 2026 at 02:00.
func TestAddWorkingDST(t *testing.T) {
	ny, err := kiosk.LoadZone("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	cal := kiosk.WorkCalendar{}
	cal.Hours[time.Friday] = []kiosk.WorkSpan{{Start: 9 * 60, End: 17*60 + 30}}
	cal.Hours[time.Monday] = []kiosk.WorkSpan{{Start: 9 * 60, End: 17*60 + 30}}
	cal.Hours[time.Sunday] = []kiosk.WorkSpan{{Start: 60, End: 4 * 60}} // a night shift over the jump
	if err := cal.Validate(); err != nil {
		t.Fatal(err)
	}
	// Working hours after the change start at the wall clock's 09:00.
	got := cal.AddWorking(ny, time.Date(2026, 3, 6, 17, 0, 0, 0, ny), 3*time.Hour)
	if want := time.Date(2026, 3, 9, 9, 30, 0, 0, ny); !got.Equal(want) {
		t.Errorf("over the change: %v, want %v", got, want)
	}
	// 01:00–04:00 on the night of the jump is two real hours.
	sunday := time.Date(2026, 3, 8, 0, 0, 0, 0, ny)
	if got := cal.WorkingBetween(ny, sunday, sunday.Add(10*time.Hour)); got != 2*time.Hour {
		t.Errorf("the short night: %v", got)
	}
	if got := cal.AddWorking(ny, time.Date(2026, 3, 8, 1, 0, 0, 0, ny), 90*time.Minute); !got.Equal(time.Date(2026, 3, 8, 3, 30, 0, 0, ny)) {
		t.Errorf("across the jump: %v", got)
	}
}

func TestCalendarEdits(t *testing.T) {
	cal := kiosk.DefaultWorkCalendar()
	if err := cal.AddHoliday("2026-10-01"); err != nil {
		t.Fatal(err)
	}
	if err := cal.AddMakeUp("2026-10-10", time.Friday); err != nil {
		t.Fatal(err)
	}
	if err := cal.AddMakeUp("2026-10-01", time.Monday); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("a holiday as make-up day: %v", err)
	}
	if err := cal.AddHoliday("2026-13-01"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("a bad date: %v", err)
	}
	if err := cal.AddMakeUp("2026-10-11", time.Sunday); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("following a day without hours: %v", err)
	}
	cal = kiosk.DefaultWorkCalendar()
	cal.RemoveDay("2026-10-01")
	if _, err := kiosk.ParseWorkSpans("14:00-12:00"); err == nil {
		t.Error("a backwards span")
	}
	if _, err := kiosk.ParseWorkSpans("08:30-12:00, 11:00-13:00"); err == nil {
		t.Error("overlapping spans")
	}
	ss, err := kiosk.ParseWorkSpans("08:30-12:00，14:00-17:30")
	if err != nil || kiosk.FormatWorkSpans(ss) != "08:30-12:00, 14:00-17:30" {
		t.Errorf("spans %v %v", ss, err)
	}
	var empty kiosk.WorkCalendar
	if err := empty.Validate(); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("a week without hours: %v", err)
	}
}
