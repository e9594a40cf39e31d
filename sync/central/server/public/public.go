// Package public serves the pages phones open from the kiosk's QR codes:
// a request's status at /r/{token}, where the student may add a
// description or a photo, and an appointment at /a/{id}. Whoever holds
// the link may read it, so the pages show the request or appointment
// and nothing about the student; the request token has 160 random bits.
package public

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

//go:embed pages/*.html
var pageFS embed.FS

var pages = template.Must(template.ParseFS(pageFS, "pages/*.html"))

// Upload limits: one photo, and a little room for the form around it.
const (
	maxPhoto    = 5 << 20
	maxPageForm = maxPhoto + 64<<10
	maxDetail   = 2000 // characters of description
)

var photoTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp"}

// Store is all of central the pages reach: they are open to anyone with
// a link, so they read one request or appointment and add only details.
type Store interface {
	RequestByToken(ctx context.Context, token string) (kiosk.Request, error)
	RequestDetails(ctx context.Context, requestID string) ([]central.RequestDetail, error)
	AddRequestDetail(ctx context.Context, token string, d central.RequestDetail) error
	Appointment(ctx context.Context, id string) (kiosk.Appointment, error)
	Entity(ctx context.Context, entity, id string) (hallID string, data json.RawMessage, err error)
	Settings(ctx context.Context, hallID string) (map[string]string, error)
	MentorByLink(ctx context.Context, tokenHash string) (central.MentorLink, error)
	MentorAppointments(ctx context.Context, mentorID string, from, to time.Time) ([]central.MentorAppointment, error)
	// Unit names the unit a request is dispatched to.
	Unit(ctx context.Context, id string) (kiosk.Unit, error)
	// RateByToken takes the student's verdict on a resolved request.
	RateByToken(ctx context.Context, token string, o kiosk.Outcome, stars int) (kiosk.Request, error)
}

// Pages serves the public pages.
type Pages struct {
	store Store
	clock kiosk.Clock
	log   *slog.Logger
}

// New returns the pages over store; log gets one line per failure (nil:
// discarded).
func New(store Store, clock kiosk.Clock, log *slog.Logger) *Pages {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pages{store: store, clock: clock, log: log}
}

// Routes adds the pages to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /r/{token}", s.requestPage)
	mux.HandleFunc("POST /r/{token}", s.requestAdd)
	mux.HandleFunc("POST /r/{token}/rate", s.requestRate)
	mux.HandleFunc("GET /a/{id}", s.appointmentPage)
	mux.HandleFunc("GET /a/{id}/calendar.ics", s.appointmentCalendar)
	mux.HandleFunc("GET /b/{id}", s.bookingPage)
	mux.HandleFunc("GET /b/{id}/calendar.ics", s.bookingCalendar)
	mux.HandleFunc("GET /m/{token}", s.mentorDay)
	mux.HandleFunc("GET /m/{token}/calendar.ics", s.mentorFeed)
}

// lang picks zh or en: ?lang first, then Accept-Language, else zh.
func lang(r *http.Request) string {
	switch q := r.URL.Query().Get("lang"); q {
	case "en", "zh":
		return q
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.Split(part, ";")[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return "zh"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "zh"
}

// page is what every template gets.
type page struct {
	Lang, Title, Message string
	T                    map[string]string
	Refresh              int // seconds until the page reloads itself; 0: never
}

func newPage(r *http.Request) page {
	l := lang(r)
	return page{Lang: l, T: pageText[l]}
}

// render writes a page; it renders into a buffer first so a template
// error is a clean 500, not half a page.
func (s *Pages) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer") // the token is in the URL
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func (s *Pages) message(w http.ResponseWriter, r *http.Request, status int, key string) {
	p := newPage(r)
	p.Title, p.Message = p.T["not_found_title"], p.T[key]
	s.render(w, r, status, "message", p)
}

type requestView struct {
	page
	R                    kiosk.Request
	Status, Category     string
	Submitted, Due       string
	Unit                 string // the unit handling it, in the page's language
	Overdue, Open, Added bool
	Error                string
	Draft                string // the student's refused text, to fix and send again
	Notes                []noteView
	Details              []detailView
	Rate                 rateForm // the rating form of a resolved request
}

type noteView struct{ At, Status, Text string }

type detailView struct {
	At, Text string
	Photo    bool
}

// zone is the hall's time zone: the pages show the hall's clock,
// whatever zone central runs in.
func (s *Pages) zone(ctx context.Context, hallID string) *time.Location {
	kv, err := s.store.Settings(ctx, hallID)
	if err != nil {
		return kiosk.DefaultLocation()
	}
	return kiosk.ParseSettings(kv).Zone
}

func clockFmt(loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func (s *Pages) requestPage(w http.ResponseWriter, r *http.Request) {
	s.showRequest(w, r, http.StatusOK, r.URL.Query().Get("added") == "1", "", "")
}

// showRequest renders the request page; problem names a refusal of what
// the student sent and draft is their text, kept in the form.
func (s *Pages) showRequest(w http.ResponseWriter, r *http.Request, status int, added bool, problem, draft string) {
	s.showRequestRated(w, r, status, added, problem, draft, rateForm{})
}

// showRequestRated is showRequest with the rating form as the student
// left it (rate.go).
func (s *Pages) showRequestRated(w http.ResponseWriter, r *http.Request, status int, added bool, problem, draft string, rate rateForm) {
	req, err := s.store.RequestByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	ds, err := s.store.RequestDetails(r.Context(), req.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := requestView{page: newPage(r), R: req, Added: added, Overdue: req.Overdue(s.clock.Now()), Open: req.Status.Open()}
	v.Title = v.T["request_title"] + " " + req.Ticket
	v.Status, v.Category = v.T["r_"+string(req.Status)], v.T[string(req.Category)]
	loc := s.zone(r.Context(), req.HallID)
	v.Submitted, v.Due = clockFmt(loc, req.SubmittedAt), clockFmt(loc, req.DueAt)
	if req.UnitID != "" {
		if u, err := s.store.Unit(r.Context(), req.UnitID); err == nil {
			v.Unit = u.Name.In(v.Lang)
		}
	}
	if problem != "" {
		v.Error = strings.ReplaceAll(v.T[problem], "{max}", strconv.Itoa(maxDetail))
	}
	v.Draft = draft
	for _, n := range req.Notes {
		v.Notes = append(v.Notes, noteView{At: clockFmt(loc, n.At), Status: v.T["r_"+string(n.Status)], Text: n.Text})
	}
	for _, d := range ds {
		v.Details = append(v.Details, detailView{At: clockFmt(loc, d.At), Text: d.Text, Photo: len(d.Photo) > 0})
	}
	v.Rate = rate.fill(v.T, req, r.URL.Query().Get("rated") == "1")
	s.render(w, r, status, "request", v)
}

func (s *Pages) pageError(w http.ResponseWriter, r *http.Request, err error) {
	if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
		s.message(w, r, http.StatusNotFound, "not_found")
		return
	}
	s.log.Error("public page", "path", r.URL.Path, "err", err)
	http.Error(w, "internal error", wire.HTTPStatus(kiosk.ErrorCode(err)))
}

// requestAdd takes a description and a photo from the student's phone.
func (s *Pages) requestAdd(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPageForm)
	if err := r.ParseMultipartForm(maxPageForm); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			s.showRequest(w, r, http.StatusRequestEntityTooLarge, false, "too_large", "")
			return
		}
		s.showRequest(w, r, http.StatusBadRequest, false, "empty", "")
		return
	}
	d := central.RequestDetail{Text: strings.TrimSpace(r.FormValue("text"))}
	switch {
	case !utf8.ValidString(d.Text) || strings.IndexByte(d.Text, 0) >= 0:
		s.showRequest(w, r, http.StatusBadRequest, false, "bad_text", strings.ToValidUTF8(strings.ReplaceAll(d.Text, "\x00", ""), ""))
		return
	case utf8.RuneCountInString(d.Text) > maxDetail:
		s.showRequest(w, r, http.StatusBadRequest, false, "too_long", d.Text)
		return
	}
	if f, _, err := r.FormFile("photo"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxPhoto+1))
		switch {
		case err != nil:
			s.pageError(w, r, err)
			return
		case len(b) > maxPhoto:
			s.showRequest(w, r, http.StatusRequestEntityTooLarge, false, "too_large", d.Text)
			return
		}
		d.PhotoType = http.DetectContentType(b)
		if !slices.Contains(photoTypes, d.PhotoType) {
			s.showRequest(w, r, http.StatusBadRequest, false, "bad_photo", d.Text)
			return
		}
		d.Photo = b
	}
	if d.Text == "" && d.Photo == nil {
		s.showRequest(w, r, http.StatusBadRequest, false, "empty", d.Text)
		return
	}
	if err := s.store.AddRequestDetail(r.Context(), r.PathValue("token"), d); err != nil {
		if kiosk.ErrorCode(err) == kiosk.ELIMIT {
			s.showRequest(w, r, http.StatusTooManyRequests, false, "too_many", d.Text)
			return
		}
		s.pageError(w, r, err)
		return
	}
	// Post/redirect/get: a reload does not send the photo twice.
	http.Redirect(w, r, r.URL.Path+"?added=1&lang="+lang(r), http.StatusSeeOther)
}

type appointmentView struct {
	page
	Status, Kind, Mentor, Time, Place, Calendar string
}

// appointmentPage shows an appointment by id (a random UUID). A
// counselling appointment shows neither its type nor the counsellor.
func (s *Pages) appointmentPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Appointment(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := appointmentView{page: newPage(r)}
	v.Title = v.T["appt_title"]
	v.Status = v.T["a_"+string(a.Status)]
	loc := kiosk.DefaultLocation()
	if hall, _, err := s.store.Entity(r.Context(), wire.EntityAppointment, a.ID); err == nil {
		loc = s.zone(r.Context(), hall)
	}
	v.Time = clockFmt(loc, a.Start) + " – " + a.End.In(loc).Format("15:04")
	v.Calendar = r.URL.Path + "/calendar.ics?lang=" + v.Lang
	v.Kind = v.T["personal"]
	if !a.MentorType.Private() {
		v.Kind = v.T[string(a.MentorType)]
		var m kiosk.Mentor
		if _, data, err := s.store.Entity(r.Context(), wire.EntityMentor, a.MentorID); err == nil && json.Unmarshal(data, &m) == nil {
			v.Mentor, v.Place = m.Name.In(langTag(v.Lang)), m.Place.In(langTag(v.Lang))
		}
	}
	s.render(w, r, http.StatusOK, "appointment", v)
}

func langTag(l string) string {
	if l == "en" {
		return kiosk.LangEn
	}
	return kiosk.LangZh
}
