package kiosk

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The hall's working calendar, on which the 接诉即办 clocks that count
// working time run: opening intervals per weekday, public holidays, and
// the make-up working days of 调休 (a weekend date worked as a weekday).

// WorkSpan is one working interval of a day, in minutes after local
// midnight: 08:30–12:00 is {510, 720}.
type WorkSpan struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// String is the span as people write it, "08:30-12:00".
func (s WorkSpan) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", s.Start/60, s.Start%60, s.End/60, s.End%60)
}

// MakeUpDay is a 调休 working day: a date (usually a weekend) worked
// with the hours of weekday Follows.
type MakeUpDay struct {
	Date    string       `json:"date"` // YYYY-MM-DD in the hall's zone
	Follows time.Weekday `json:"follows"`
}

// WorkCalendar is a hall's working time. Hours is indexed by
// time.Weekday (Sunday first). Dates are YYYY-MM-DD, the hall's days.
type WorkCalendar struct {
	Hours    [7][]WorkSpan `json:"hours"`
	Holidays []string      `json:"holidays,omitempty"`
	MakeUp   []MakeUpDay   `json:"make_up,omitempty"`
}

// Limits of a calendar: they keep AddWorking's walk over days short.
const (
	MaxWorkSpans    = 6   // per weekday
	MaxCalendarDays = 400 // holidays plus make-up days
	dateLayout      = "2006-01-02"
)

// DefaultWorkCalendar is an office week: Monday to Friday 08:30–12:00 and
// 14:00–17:30, no holidays until the hall enters them.
func DefaultWorkCalendar() WorkCalendar {
	var c WorkCalendar
	for d := time.Monday; d <= time.Friday; d++ {
		c.Hours[d] = []WorkSpan{{8*60 + 30, 12 * 60}, {14 * 60, 17*60 + 30}}
	}
	return c
}

// ParseWorkSpans reads "08:30-12:00, 14:00-17:30" (empty: no hours).
func ParseWorkSpans(s string) ([]WorkSpan, error) {
	var out []WorkSpan
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == ' ' }) {
		a, b, ok := strings.Cut(part, "-")
		if !ok {
			a, b, ok = strings.Cut(part, "–")
		}
		start, err1 := parseClock(a)
		end, err2 := parseClock(b)
		if !ok || err1 != nil || err2 != nil {
			return nil, Errorf(EINVALID, MsgErrWorkHours, "hours %q are not HH:MM-HH:MM", clipped(part))
		}
		out = append(out, WorkSpan{start, end})
	}
	return out, validSpans(out)
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		if strings.TrimSpace(s) == "24:00" {
			return 24 * 60, nil
		}
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// FormatWorkSpans is the inverse of ParseWorkSpans.
func FormatWorkSpans(ss []WorkSpan) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}

func validSpans(ss []WorkSpan) error {
	if len(ss) > MaxWorkSpans {
		return Errorf(EINVALID, MsgErrWorkHours, "%d intervals in a day", len(ss))
	}
	for i, s := range ss {
		if s.Start < 0 || s.End > 24*60 || s.End <= s.Start || (i > 0 && s.Start < ss[i-1].End) {
			return Errorf(EINVALID, MsgErrWorkHours, "interval %s is empty, out of the day or not after the one before", s)
		}
	}
	return nil
}

// ParseDate checks a YYYY-MM-DD date and returns it normalised.
func ParseDate(s string) (string, error) {
	d, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return "", Errorf(EINVALID, MsgErrCalendarDate, "date %q is not YYYY-MM-DD", clipped(s)).WithField("date")
	}
	return d.Format(dateLayout), nil
}

// Validate checks the calendar: ordered intervals within the day, some
// working time in an ordinary week, valid dates, no date both a holiday
// and a make-up day.
func (c WorkCalendar) Validate() error {
	week := 0
	for _, ss := range c.Hours {
		if err := validSpans(ss); err != nil {
			return err.(*Error).WithField("hours")
		}
		week += len(ss)
	}
	if week == 0 {
		return Errorf(EINVALID, MsgErrWorkHours, "no working hours in the week").WithField("hours")
	}
	if len(c.Holidays)+len(c.MakeUp) > MaxCalendarDays {
		return Errorf(EINVALID, MsgErrCalendarDate, "more than %d special days", MaxCalendarDays).WithField("date")
	}
	for _, d := range c.Holidays {
		if _, err := ParseDate(d); err != nil {
			return err
		}
	}
	for _, m := range c.MakeUp {
		if _, err := ParseDate(m.Date); err != nil {
			return err
		}
		if m.Follows < time.Sunday || m.Follows > time.Saturday || len(c.Hours[m.Follows]) == 0 {
			return Errorf(EINVALID, MsgErrWorkHours, "make-up day %s follows a day without hours", m.Date).WithField("follows")
		}
		if slices.Contains(c.Holidays, m.Date) {
			return Errorf(EINVALID, MsgErrCalendarClash, "%s is a holiday and a make-up day", m.Date).
				With(map[string]any{"Date": m.Date}).WithField("date")
		}
	}
	return nil
}

// AddHoliday adds a day off; a date already there is no error.
func (c *WorkCalendar) AddHoliday(date string) error {
	d, err := ParseDate(date)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(c.MakeUp, func(m MakeUpDay) bool { return m.Date == d }) {
		return Errorf(EINVALID, MsgErrCalendarClash, "%s is a make-up day", d).With(map[string]any{"Date": d}).WithField("date")
	}
	if !slices.Contains(c.Holidays, d) {
		c.Holidays = append(c.Holidays, d)
		slices.Sort(c.Holidays)
	}
	return c.Validate()
}

// AddMakeUp adds a 调休 working day following weekday follows' hours.
func (c *WorkCalendar) AddMakeUp(date string, follows time.Weekday) error {
	d, err := ParseDate(date)
	if err != nil {
		return err
	}
	if slices.Contains(c.Holidays, d) {
		return Errorf(EINVALID, MsgErrCalendarClash, "%s is a holiday", d).With(map[string]any{"Date": d}).WithField("date")
	}
	c.MakeUp = slices.DeleteFunc(c.MakeUp, func(m MakeUpDay) bool { return m.Date == d })
	c.MakeUp = append(c.MakeUp, MakeUpDay{Date: d, Follows: follows})
	slices.SortFunc(c.MakeUp, func(a, b MakeUpDay) int { return strings.Compare(a.Date, b.Date) })
	return c.Validate()
}

// RemoveDay drops a date from the holidays and make-up days.
func (c *WorkCalendar) RemoveDay(date string) {
	c.Holidays = slices.DeleteFunc(c.Holidays, func(d string) bool { return d == date })
	c.MakeUp = slices.DeleteFunc(c.MakeUp, func(m MakeUpDay) bool { return m.Date == date })
}

// spansOn returns the working intervals of the local date y-m-d: none on
// a holiday, the followed weekday's on a make-up day.
func (c WorkCalendar) spansOn(y int, m time.Month, d int, wd time.Weekday) []WorkSpan {
	date := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	if slices.Contains(c.Holidays, date) {
		return nil
	}
	for _, mu := range c.MakeUp {
		if mu.Date == date {
			return c.Hours[mu.Follows]
		}
	}
	return c.Hours[wd]
}

// maxWalkDays bounds the walk over days: Validate leaves working time
// in every week but for at most MaxCalendarDays holidays.
const maxWalkDays = MaxCalendarDays + 3*366

// each calls fn with the working intervals, as instants, from the local
// day of from on, in order, until fn returns false. Each interval's ends
// are wall-clock times of their own day, so a DST change between days
// moves nothing, and a jump inside an interval counts as real time.
func (c WorkCalendar) each(loc *time.Location, from time.Time, fn func(start, end time.Time) bool) {
	loc = zoneOr(loc)
	l := from.In(loc)
	y, m, d := l.Date()
	for i := 0; i < maxWalkDays; i++ {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, loc) // noon: no DST gap
		dy, dm, dd := day.Date()
		for _, s := range c.spansOn(dy, dm, dd, day.Weekday()) {
			start := time.Date(dy, dm, dd, 0, s.Start, 0, 0, loc)
			end := time.Date(dy, dm, dd, 0, s.End, 0, 0, loc)
			if !end.After(from) {
				continue
			}
			if !fn(start, end) {
				return
			}
		}
	}
}

// AddWorking returns the instant when d of working time has passed
// after from, in the hall's zone loc: from inside an interval the clock
// runs at once, outside it starts at the next interval. A calendar
// without working time in reach (it cannot pass Validate) counts real
// time instead.
func (c WorkCalendar) AddWorking(loc *time.Location, from time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	left := d
	var due time.Time
	c.each(loc, from, func(start, end time.Time) bool {
		if start.Before(from) {
			start = from
		}
		if n := end.Sub(start); n < left {
			left -= n
			return true
		}
		due = start.Add(left)
		return false
	})
	if due.IsZero() {
		return from.Add(d)
	}
	return due
}

// WorkingBetween is the working time from a to b (zero if b is not
// after a).
func (c WorkCalendar) WorkingBetween(loc *time.Location, a, b time.Time) time.Duration {
	var sum time.Duration
	if !b.After(a) {
		return 0
	}
	c.each(loc, a, func(start, end time.Time) bool {
		if !start.Before(b) {
			return false
		}
		start, end = later(start, a), earlier(end, b)
		sum += end.Sub(start)
		return true
	})
	return sum
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
