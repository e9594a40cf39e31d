package public

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central/ics"
	"onestop/sync/wire"
)

// "Add to calendar" for students: an appointment's .ics beside /a/{id},
// and a room booking's page at /b/{id}, the kiosk's booking receipt QR,
// with its own .ics. Ids are random UUIDs the kiosk makes (122 random
// bits), so the link is the secret, as for /a/{id}; the pages show
// nothing about the student.

// appointmentCalendar is one appointment as an .ics to add; a
// counselling appointment has the neutral title and the hall as place.
func (s *Pages) appointmentCalendar(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Appointment(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	hall, _, err := s.store.Entity(r.Context(), wire.EntityAppointment, a.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var m kiosk.Mentor
	if !a.MentorType.Private() {
		if _, data, err := s.store.Entity(r.Context(), wire.EntityMentor, a.MentorID); err == nil {
			json.Unmarshal(data, &m) // a mentor gone leaves the type as the title
		}
	}
	l := lang(r)
	ev := appointmentEvent(pageText[l], langTag(l), a, m, s.settings(r.Context(), hall), s.clock.Now())
	s.calendar(w, r, ics.Calendar{ProdID: prodID, Events: []ics.Event{ev}}, "appointment.ics")
}

// booking is a room booking with its room, building and hall settings.
type booking struct {
	B        kiosk.Booking
	Room     kiosk.Room
	Building kiosk.Building
	Set      kiosk.Settings
}

func (s *Pages) booking(r *http.Request) (booking, error) {
	var b booking
	hall, data, err := s.store.Entity(r.Context(), wire.EntityBooking, r.PathValue("id"))
	if err != nil {
		return b, err
	}
	if err := json.Unmarshal(data, &b.B); err != nil {
		return b, err
	}
	if _, data, err := s.store.Entity(r.Context(), wire.EntityRoom, b.B.RoomID); err == nil {
		json.Unmarshal(data, &b.Room) // a room gone leaves the page without its name
	}
	if _, data, err := s.store.Entity(r.Context(), wire.EntityBuilding, b.Room.BuildingID); err == nil && b.Room.BuildingID != "" {
		json.Unmarshal(data, &b.Building)
	}
	b.Set = s.settings(r.Context(), hall)
	return b, nil
}

// place is where the room is: building and floor.
func (b booking) place(t map[string]string, lt string) string {
	p := b.Building.Name.In(lt)
	if b.Room.Floor != 0 {
		f := t["md_floor"]
		if p != "" {
			p += " · "
		}
		p += strings.ReplaceAll(f, "{n}", strconv.Itoa(b.Room.Floor))
	}
	return p
}

type bookingView struct {
	page
	Room, Place, Time, Status, CheckIn, Calendar string
	Open                                         bool // booked: the check-in hint applies
}

// bookingPage shows a room booking: room, place, time, status and when
// to check in.
func (s *Pages) bookingPage(w http.ResponseWriter, r *http.Request) {
	b, err := s.booking(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := bookingView{page: newPage(r)}
	lt := langTag(v.Lang)
	loc := b.Set.Zone
	v.Title = v.T["md_booking_title"]
	v.Room = b.Room.Name.In(lt)
	v.Place = b.place(v.T, lt)
	v.Time = clockFmt(loc, b.B.Start) + " – " + b.B.End.In(loc).Format("15:04")
	v.Status = v.T["b_"+string(b.B.Status)]
	v.Open = b.B.Status == kiosk.BookingBooked
	opens, closes := b.Set.Room.CheckInWindow(b.B)
	v.CheckIn = opens.In(loc).Format("15:04") + " – " + closes.In(loc).Format("15:04")
	v.Calendar = r.URL.Path + "/calendar.ics?lang=" + v.Lang
	s.render(w, r, http.StatusOK, "md_booking", v)
}

// bookingCalendar is a room booking as an .ics to add.
func (s *Pages) bookingCalendar(w http.ResponseWriter, r *http.Request) {
	b, err := s.booking(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	l := lang(r)
	t, lt := pageText[l], langTag(l)
	loc := b.Set.Zone
	opens, closes := b.Set.Room.CheckInWindow(b.B)
	ev := ics.Event{UID: b.B.ID + "@booking.onestop", Stamp: s.clock.Now(), Start: b.B.Start, End: b.B.End,
		Summary: t["md_booking_summary"], Location: b.place(t, lt), Status: ics.StatusConfirmed,
		Description: t["md_checkin"] + ": " + opens.In(loc).Format("15:04") + " – " + closes.In(loc).Format("15:04")}
	if name := b.Room.Name.In(lt); name != "" {
		ev.Summary += " · " + name
	}
	if ev.Location == "" {
		ev.Location = b.Set.HallName.In(lt)
	}
	if b.B.Status == kiosk.BookingCancelled {
		ev.Status = ics.StatusCancelled
	}
	s.calendar(w, r, ics.Calendar{ProdID: prodID, Events: []ics.Event{ev}}, "booking.ics")
}
