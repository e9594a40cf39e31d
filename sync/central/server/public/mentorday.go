package public

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/ics"
)

// A mentor's day page at /m/{token}: today's appointments with live
// arrival status, for the mentor's phone, and their .ics feed. The
// token is the mentor's private link (160 random bits, central keeps
// its hash only); a revoked or unknown one is a 404 that tells nothing.
//
// Live status without JavaScript: the page reloads itself every
// dayRefresh seconds (<meta http-equiv="refresh">). One reload is one
// indexed query, the pages' CSP forbids scripts anyway, and it works on
// every phone browser; a check-in shows within the sync interval plus
// at most dayRefresh.

// dayRefresh is how often the day page reloads, in seconds.
const dayRefresh = 10

// feedBefore and feedAfter bound the mentor's .ics feed around today.
const (
	feedBefore = 30 // days back
	feedAfter  = 60 // days ahead
)

type dayView struct {
	page
	Mentor, Day, Updated, Feed string
	Appointments               []dayRow
}

type dayRow struct {
	Time, Student, Status, StatusClass string
}

// mentorLink resolves the path's token; ok false means the answer is sent.
func (s *Pages) mentorLink(w http.ResponseWriter, r *http.Request) (central.MentorLink, *time.Location, kiosk.Settings, bool) {
	l, err := s.store.MentorByLink(r.Context(), central.HashSecret(r.PathValue("token")))
	if err != nil {
		s.pageError(w, r, err)
		return l, nil, kiosk.Settings{}, false
	}
	set := s.settings(r.Context(), l.HallID)
	return l, set.Zone, set, true
}

// settings are the hall's effective settings, the defaults if unreadable.
func (s *Pages) settings(ctx context.Context, hallID string) kiosk.Settings {
	kv, err := s.store.Settings(ctx, hallID)
	if err != nil {
		return kiosk.DefaultSettings()
	}
	return kiosk.ParseSettings(kv)
}

// today is the hall's day around now: [midnight, next midnight).
func today(now time.Time, loc *time.Location) (time.Time, time.Time) {
	from := kiosk.StartOfDay(now.In(loc))
	return from, from.AddDate(0, 0, 1)
}

func (s *Pages) mentorDay(w http.ResponseWriter, r *http.Request) {
	l, loc, _, ok := s.mentorLink(w, r)
	if !ok {
		return
	}
	now := s.clock.Now()
	from, to := today(now, loc)
	as, err := s.store.MentorAppointments(r.Context(), l.Mentor.ID, from, to)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := dayView{page: newPage(r)}
	v.Refresh = dayRefresh
	v.Mentor = l.Mentor.Name.In(langTag(v.Lang))
	v.Title = v.Mentor + " · " + v.T["md_title"]
	v.Day = from.Format("2006-01-02")
	v.Updated = now.In(loc).Format("15:04:05")
	v.Feed = r.URL.Path + "/calendar.ics"
	for _, a := range as {
		// This is the mentor's own page: a counselling appointment shows
		// its student here and nowhere else. (Appointments carry no topic.)
		row := dayRow{Time: a.Start.In(loc).Format("15:04") + "–" + a.End.In(loc).Format("15:04"),
			Student: a.StudentName, StatusClass: string(a.Status)}
		if row.Student == "" {
			row.Student = v.T["md_unknown_student"]
		}
		row.Status = v.T["a_"+string(a.Status)]
		if a.Status == kiosk.AppointmentArrived || (a.Status == kiosk.AppointmentCompleted && !a.ArrivedAt.IsZero()) {
			row.Status += " " + a.ArrivedAt.In(loc).Format("15:04")
			if a.Tardy {
				row.Status += " · " + v.T["md_late"]
			}
		}
		if a.Status == kiosk.AppointmentArrived && a.Queue != kiosk.QueueWaiting {
			row.Status += " · " + v.T["md_q_"+string(a.Queue)]
		}
		v.Appointments = append(v.Appointments, row)
	}
	s.render(w, r, http.StatusOK, "md_day", v)
}

// mentorFeed is the mentor's appointments as an .ics feed a calendar
// app subscribes to. Calendar providers fetch and keep feeds on their
// own servers, so here a counselling appointment keeps the neutral
// title and no student: the detail stays on the day page.
func (s *Pages) mentorFeed(w http.ResponseWriter, r *http.Request) {
	l, loc, set, ok := s.mentorLink(w, r)
	if !ok {
		return
	}
	now := s.clock.Now()
	from, _ := today(now, loc)
	as, err := s.store.MentorAppointments(r.Context(), l.Mentor.ID, from.AddDate(0, 0, -feedBefore), from.AddDate(0, 0, feedAfter))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	t := pageText[lang(r)]
	lt := langTag(lang(r))
	cal := ics.Calendar{ProdID: prodID, Name: l.Mentor.Name.In(lt) + " · " + t["md_feed_name"]}
	for _, a := range as {
		ev := appointmentEvent(t, lt, a.Appointment, l.Mentor, set, now)
		if !a.MentorType.Private() && a.StudentName != "" {
			ev.Summary += " · " + a.StudentName
		}
		cal.Events = append(cal.Events, ev)
	}
	s.calendar(w, r, cal, "")
}

// prodID names the calendars' maker.
const prodID = "-//OneStop//Hall Kiosk//ZH"

// appointmentEvent is an appointment as a calendar event: a private
// (counselling) one has the neutral title and the hall as its place.
func appointmentEvent(t map[string]string, lt string, a kiosk.Appointment, m kiosk.Mentor, set kiosk.Settings, now time.Time) ics.Event {
	ev := ics.Event{UID: a.ID + "@appointment.onestop", Stamp: now, Start: a.Start, End: a.End,
		Summary: t["personal"], Location: set.HallName.In(lt), Status: ics.StatusConfirmed,
		Description: t["status"] + ": " + t["a_"+string(a.Status)]}
	if !a.MentorType.Private() {
		ev.Summary = t[string(a.MentorType)]
		if name := m.Name.In(lt); name != "" {
			ev.Summary += " · " + name
		}
		if place := m.Place.In(lt); place != "" {
			ev.Location = place
		}
	}
	if a.Status == kiosk.AppointmentCancelled || !a.CancelledAt.IsZero() {
		ev.Status = ics.StatusCancelled
	}
	return ev
}

// calendar writes cal; a filename makes it a download ("add to
// calendar"), none an inline feed to subscribe to.
func (s *Pages) calendar(w http.ResponseWriter, r *http.Request, cal ics.Calendar, filename string) {
	var b bytes.Buffer
	if err := cal.Encode(&b); err != nil {
		s.pageError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ics.ContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	if filename != "" {
		h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	}
	w.Write(b.Bytes())
}
