package kiosk

import (
	"fmt"
	"slices"
	"time"
)

// WeeklySlots is how admins enter a mentor's office hours: on these
// weekdays, from Start to End (minutes after the hall's midnight), slots
// of Length, every week from From to To (dates, both included), except
// on Closed dates, plus the same hours on Extra dates. Slots expands it
// into the MentorSlots kiosks book.
type WeeklySlots struct {
	MentorID string
	Weekdays []time.Weekday
	Start    int
	End      int
	Length   time.Duration
	From, To string // YYYY-MM-DD, the hall's days
	Closed   []string
	Extra    []string
}

// Bounds of a pattern: a slot from 5 minutes to a whole day, a range of
// at most a year, so one form cannot write an unbounded number of slots.
const (
	MinSlotLength   = 5 * time.Minute
	MaxPatternDays  = 366
	maxPatternSlots = 5000
)

// Validate checks the pattern, naming the field at fault.
func (p WeeklySlots) Validate() error {
	from, ferr := time.Parse(time.DateOnly, p.From)
	to, terr := time.Parse(time.DateOnly, p.To)
	switch {
	case p.MentorID == "":
		return invalidField("mentor_id", "weekly slots have no mentor")
	case len(p.Weekdays) == 0 && len(p.Extra) == 0:
		return invalidField("weekdays", "weekly slots on no weekday")
	case p.Start < 0 || p.Start >= 24*60:
		return invalidField("start", "weekly slots start at minute %d", p.Start)
	case p.End <= p.Start || p.End > 24*60:
		return invalidField("end", "weekly slots end at minute %d, before or at their start %d", p.End, p.Start)
	case p.Length < MinSlotLength || p.Length > time.Duration(p.End-p.Start)*time.Minute:
		return invalidField("length", "a slot of %s does not fit %d to %d", p.Length, p.Start, p.End)
	case ferr != nil:
		return invalidField("from", "weekly slots from %q, not a YYYY-MM-DD date", p.From)
	case terr != nil || to.Before(from):
		return invalidField("to", "weekly slots to %q, not a YYYY-MM-DD date on or after %s", p.To, p.From)
	case to.Sub(from) >= MaxPatternDays*24*time.Hour:
		return invalidField("to", "weekly slots over more than %d days", MaxPatternDays)
	}
	for _, d := range p.Weekdays {
		if d < time.Sunday || d > time.Saturday {
			return invalidField("weekdays", "weekday %d", d)
		}
	}
	for _, list := range []struct {
		field string
		dates []string
	}{{"closed", p.Closed}, {"extra", p.Extra}} {
		for _, d := range list.dates {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				return invalidField(list.field, "%q is not a YYYY-MM-DD date", d)
			}
		}
	}
	return nil
}

// Slots expands the pattern in the hall's zone, in start order. A slot's
// id is its mentor and start, so entering the same pattern again gives
// the same slots, not a second copy of each.
func (p WeeklySlots) Slots(loc *time.Location) ([]MentorSlot, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	loc = zoneOr(loc)
	from, _ := time.ParseInLocation(time.DateOnly, p.From, loc)
	to, _ := time.ParseInLocation(time.DateOnly, p.To, loc)
	var out []MentorSlot
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		date := d.Format(time.DateOnly)
		if slices.Contains(p.Closed, date) || !slices.Contains(p.Weekdays, d.Weekday()) && !slices.Contains(p.Extra, date) {
			continue
		}
		out = append(out, p.day(d)...)
	}
	// Extra dates outside the range count too: a one-off Saturday.
	for _, e := range p.Extra {
		d, _ := time.ParseInLocation(time.DateOnly, e, loc)
		if (d.Before(from) || d.After(to)) && !slices.Contains(p.Closed, e) {
			out = append(out, p.day(d)...)
		}
	}
	slices.SortFunc(out, func(a, b MentorSlot) int { return a.Start.Compare(b.Start) })
	out = slices.CompactFunc(out, func(a, b MentorSlot) bool { return a.ID == b.ID })
	if len(out) > maxPatternSlots {
		return nil, invalidField("length", "weekly slots make %d slots, more than %d", len(out), maxPatternSlots)
	}
	return out, nil
}

// day is the pattern's slots on the day starting at midnight d; the
// wall clock is used, so a day of a zone change keeps its local hours.
func (p WeeklySlots) day(d time.Time) []MentorSlot {
	y, m, dd := d.Date()
	var out []MentorSlot
	end := time.Date(y, m, dd, 0, p.End, 0, 0, d.Location())
	for s := time.Date(y, m, dd, 0, p.Start, 0, 0, d.Location()); !s.Add(p.Length).After(end); s = s.Add(p.Length) {
		out = append(out, MentorSlot{ID: fmt.Sprintf("%s@%s", p.MentorID, s.Format("20060102T1504")),
			MentorID: p.MentorID, Start: s, End: s.Add(p.Length)})
	}
	return out
}

// DayOff is one of a pattern's closed dates as a span of time.
type DayOff struct{ Start, End time.Time }

// DaysOff are the pattern's Closed dates in the hall's zone: a mentor's
// free slots that start on them are to go, so a holiday entered after
// the slots were made still clears them.
func (p WeeklySlots) DaysOff(loc *time.Location) []DayOff {
	var out []DayOff
	for _, c := range p.Closed {
		d, err := time.ParseInLocation(time.DateOnly, c, zoneOr(loc))
		if err == nil {
			out = append(out, DayOff{d, d.AddDate(0, 0, 1)})
		}
	}
	return out
}
