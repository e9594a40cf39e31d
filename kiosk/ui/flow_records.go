package ui

import (
	"context"
	"slices"
	"time"

	"onestop/kiosk"
)

// RecordsState is "my records": everything since the term started.
type RecordsState struct {
	Since    time.Time
	Rows     []RecordRow
	Hours    float64 // volunteer hours
	Events   int     // events attended
	Meetings int     // academic mentor meetings this month
	Page     int
	Loaded   bool
}

// RecordRow is one line of my records. Kind and Status are message ids;
// What is a name in both languages or a message id in WhatID.
type RecordRow struct {
	At     time.Time
	Kind   string // e.g. "RecordVisit"
	What   kiosk.LocalName
	WhatID string // translated instead of What when set
	Status string // message id, "" for none
	Sync   string // kiosk.Outbox* state, "" when unknown
}

// RecordsPageSize is how many rows one page of my records shows: eight,
// five in large text.
func (f *Flow) RecordsPageSize() int {
	if f.S.Large {
		return 5
	}
	return 8
}

func (f *Flow) openRecords(ctx context.Context) {
	f.S.Screen = ScreenRecords
	now := f.now()
	since := f.Settings.TermStartAt(now)
	rec, err := f.d.Records.Records(ctx, f.studentKey(), since)
	if err != nil {
		f.S.Fail(err)
		return
	}
	rooms := f.roomIndex(ctx)
	names := f.mentorNames(ctx, rec.Appointments)
	f.S.Records = RecordsState{Since: since, Hours: rec.VolunteerHours, Events: len(rec.Attendance),
		Meetings: f.Settings.Mentor.AcademicMeetings(now, rec.Appointments), Rows: recordRows(rec, rooms, names), Loaded: true}
}

func recordRows(rec kiosk.Records, rooms map[string]kiosk.Room, names map[string]kiosk.Mentor) []RecordRow {
	var rows []RecordRow
	for _, v := range rec.Visits {
		rows = append(rows, RecordRow{At: v.At, Kind: "RecordVisit", WhatID: purposeIDs[v.Purpose], Sync: v.SyncState})
	}
	for _, a := range rec.Appointments {
		r := RecordRow{At: a.Start, Kind: "RecordAppointment", WhatID: mentorLabelID(a.MentorType),
			Status: "ApptStatus." + string(a.Status), Sync: a.SyncState}
		if m, ok := names[a.MentorID]; ok && !a.MentorType.Private() {
			r.What, r.WhatID = m.Name, ""
		}
		rows = append(rows, r)
	}
	for _, b := range rec.Bookings {
		rows = append(rows, RecordRow{At: b.Start, Kind: "RecordBooking", What: rooms[b.RoomID].Name,
			Status: "BookingStatus." + string(b.Status), Sync: b.SyncState})
	}
	for _, q := range rec.Requests {
		rows = append(rows, RecordRow{At: q.SubmittedAt, Kind: "RecordRequest", WhatID: categoryLabelID(q.Category),
			What: kiosk.LocalName{Zh: q.Ticket, En: q.Ticket}, Status: "ReqStatus." + string(q.Status), Sync: q.SyncState})
	}
	for _, a := range rec.Attendance {
		// An event no longer known has no title: the kind alone names it.
		rows = append(rows, RecordRow{At: a.At, Kind: "RecordEvent", What: a.EventTitle, Sync: a.SyncState})
	}
	for _, s := range rec.Shifts {
		rows = append(rows, RecordRow{At: s.Start, Kind: "RecordShift"})
	}
	slices.SortStableFunc(rows, func(a, b RecordRow) int { return b.At.Compare(a.At) })
	return rows
}

// mentorLabelID is the label a list shows for an appointment type: a
// neutral one for private types, never their name.
func mentorLabelID(t kiosk.MentorType) string {
	if t.Private() {
		return "ApptPrivate"
	}
	return "MentorType." + string(t)
}

// categoryLabelID is the label lists show for a request category; the
// counselling referral gets a neutral one, like private appointments.
func categoryLabelID(c kiosk.RequestCategory) string {
	if c == kiosk.CategoryCounselling {
		return "ReqPrivate"
	}
	return "ReqCat." + string(c)
}
