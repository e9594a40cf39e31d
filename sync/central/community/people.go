package community

import (
	"cmp"
	"slices"
	"time"
)

// MeetingTarget is how many academic-mentor meetings a student should
// have a month (guide 2.8).
const MeetingTarget = 2

// Student is a roster entry as the dashboard lists it: the masked name
// the roster holds, never more.
type Student struct {
	Key, MaskedName, BuildingID string
	Floor                       int
}

// Behind is a student below the meeting target, with their meetings.
type Behind struct {
	Student
	Meetings int
}

// Meetings are the month's academic-mentor meetings: how many students
// had 0, 1, … meetings (the last entry: MeetingTarget or more), and the
// students below the target by building, floor and name.
func Meetings(roster []Student, counts []StudentCount) (histogram [MeetingTarget + 1]int, behind []Behind) {
	n := map[string]int{}
	for _, c := range counts {
		n[c.StudentKey] += c.Count
	}
	for _, s := range roster {
		m := n[s.Key]
		histogram[min(m, MeetingTarget)]++
		if m < MeetingTarget {
			behind = append(behind, Behind{Student: s, Meetings: m})
		}
	}
	slices.SortFunc(behind, func(a, b Behind) int {
		return cmp.Or(cmp.Compare(a.BuildingID, b.BuildingID), cmp.Compare(a.Floor, b.Floor),
			cmp.Compare(a.Meetings, b.Meetings), cmp.Compare(a.MaskedName, b.MaskedName), cmp.Compare(a.Key, b.Key))
	})
	return histogram, behind
}

// Weekly is a figure per person (a leader, a volunteer) and week of the
// period: p.Weeks() order.
type Weekly struct {
	Key   string
	Weeks []float64
	Total float64
}

// weekOf is the index of the week of weeks holding at, -1 for none.
func weekOf(weeks []time.Time, at time.Time) int {
	for i := len(weeks) - 1; i >= 0; i-- {
		if !at.Before(weeks[i]) {
			if at.Before(weeks[i].AddDate(0, 0, 7)) {
				return i
			}
			return -1
		}
	}
	return -1
}

// weekly adds v at bucket (from from) to key's week.
type weeklySum struct {
	weeks []time.Time
	by    map[string]*Weekly
	order []string
}

func (s *weeklySum) add(key string, at time.Time, v float64) {
	i := weekOf(s.weeks, at)
	if i < 0 {
		return
	}
	w := s.by[key]
	if w == nil {
		w = &Weekly{Key: key, Weeks: make([]float64, len(s.weeks))}
		s.by[key] = w
		s.order = append(s.order, key)
	}
	w.Weeks[i] += v
	w.Total += v
}

func (s *weeklySum) list() []Weekly {
	var out []Weekly
	for _, k := range s.order {
		out = append(out, *s.by[k])
	}
	slices.SortFunc(out, func(a, b Weekly) int { return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Key, b.Key)) })
	return out
}

// LeaderSessions are the face-to-face sessions each leader held per
// week (held appointments with a leader-type mentor); rows count hours
// from from, which is p.Weeks()[0].
func LeaderSessions(p Period, from time.Time, rows []MentorCount) []Weekly {
	s := weeklySum{weeks: p.Weeks(), by: map[string]*Weekly{}}
	for _, r := range rows {
		s.add(r.MentorID, At(from, r.Bucket), float64(r.Count))
	}
	return s.list()
}

// VolunteerHours are each volunteer's hours on duty per week, a shift
// counted in the week it started; rows count hours from from.
func VolunteerHours(p Period, from time.Time, rows []ShiftSum) []Weekly {
	s := weeklySum{weeks: p.Weeks(), by: map[string]*Weekly{}}
	for _, r := range rows {
		s.add(r.StudentKey, At(from, r.Bucket), r.Length.Hours())
	}
	return s.list()
}
