package kiosk

import "time"

// DeskBoard is today's hall as the desk shows it (issue 11), in pages
// the UI cuts: who waits for which mentor, rooms starting now and the
// no-shows, today's requests, walk-ins by purpose and hour, and events
// running with their attendance so far. Students appear only by masked
// name, and a counselling appointment not even by that.
type DeskBoard struct {
	At       time.Time
	Waiting  []DeskWaiting
	RoomsNow []Booking // starting within the check-in window around now, not checked in yet
	NoShows  []Booking // today's released no-shows
	Requests []Request // submitted in the hall today, newest first, with their status
	Visits   []VisitCount
	Events   []DeskEvent
}

// DeskWaiting is an arrived student waiting for (or with) a mentor.
type DeskWaiting struct {
	Appointment Appointment
	MentorName  LocalName
	// Student is the masked name, or "" when Personal: the desk then
	// shows only 个人预约 (MsgDeskPersonal).
	Student  string
	Personal bool
	Since    time.Time // when they checked in
}

// MsgDeskPersonal is the label the desk shows instead of a counselling
// appointment's student.
const MsgDeskPersonal = "DeskPersonal"

// DeskStudent is how the desk names the student of an appointment with
// a mentor of type t: a private appointment hides even the masked name.
func DeskStudent(t MentorType, masked string) (name string, personal bool) {
	if t.Private() {
		return "", true
	}
	return masked, false
}

// VisitCount is how many walk-ins came for a purpose in one hour of the
// hall's day (Hour 0–23).
type VisitCount struct {
	Purpose Purpose
	Hour    int
	Count   int
}

// DeskEvent is a running event and how many have checked in so far.
type DeskEvent struct {
	Event    Event
	Attended int
}
