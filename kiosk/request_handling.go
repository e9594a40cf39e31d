package kiosk

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// What handlers do with a request on central's 接诉即办 board, and the
// clocks they are held to. Central is authoritative for the deadlines:
// the kiosk's Settings.SLA only gives a provisional DueAt offline.

// SLATerm is one deadline: a length counted in real time or in working
// time on the hall's calendar.
type SLATerm struct {
	Length  time.Duration `json:"length"`
	Working bool          `json:"working,omitempty"`
}

// From is the deadline of a clock started at at.
func (t SLATerm) From(cal WorkCalendar, loc *time.Location, at time.Time) time.Time {
	if t.Working {
		return cal.AddWorking(loc, at, t.Length)
	}
	return at.Add(t.Length)
}

// SLAPolicy is a category's two clocks: the first answer and resolution.
type SLAPolicy struct {
	Respond SLATerm `json:"respond"`
	Resolve SLATerm `json:"resolve"`
}

// RequestPolicy is a hall's calendar and its clocks per category.
type RequestPolicy struct {
	Calendar WorkCalendar                  `json:"calendar"`
	SLA      map[RequestCategory]SLAPolicy `json:"sla"`
}

// Bounds of an SLA length: a minute to ninety days.
const (
	MinSLA = time.Minute
	MaxSLA = 90 * 24 * time.Hour
)

// workDay is a working day of the default calendar, 7 working hours.
const workDay = 7 * time.Hour

// DefaultRequestPolicy is what a hall starts with: safety on the real
// clock, the rest in working time (a working day is 7 working hours of
// the default calendar).
func DefaultRequestPolicy() RequestPolicy {
	h := time.Hour
	w := func(d time.Duration) SLATerm { return SLATerm{Length: d, Working: true} }
	return RequestPolicy{
		Calendar: DefaultWorkCalendar(),
		SLA: map[RequestCategory]SLAPolicy{
			CategorySafety:      {Respond: SLATerm{Length: 30 * time.Minute}, Resolve: SLATerm{Length: 24 * h}},
			CategoryRepair:      {Respond: w(2 * h), Resolve: w(3 * workDay)},
			CategoryDorm:        {Respond: w(4 * h), Resolve: w(3 * workDay)},
			CategoryNetwork:     {Respond: w(2 * h), Resolve: w(2 * workDay)},
			CategoryCatering:    {Respond: w(4 * h), Resolve: w(5 * workDay)},
			CategoryStudy:       {Respond: w(4 * h), Resolve: w(3 * workDay)},
			CategoryCounselling: {Respond: w(1 * h), Resolve: w(2 * workDay)},
			CategoryOther:       {Respond: w(workDay), Resolve: w(7 * workDay)},
		},
	}
}

// For is category c's clocks; a category the hall has not set gets the
// default's.
func (p RequestPolicy) For(c RequestCategory) SLAPolicy {
	if s, ok := p.SLA[c]; ok {
		return s
	}
	return DefaultRequestPolicy().SLA[c]
}

// Validate checks the calendar and every clock's length.
func (p RequestPolicy) Validate() error {
	if err := p.Calendar.Validate(); err != nil {
		return err
	}
	for _, c := range RequestCategories {
		s := p.For(c)
		for which, t := range map[string]SLATerm{"respond": s.Respond, "resolve": s.Resolve} {
			if t.Length < MinSLA || t.Length > MaxSLA {
				return Errorf(EINVALID, MsgErrSLALength, "%s %s: %v", c, which, t.Length).
					WithField(string(c) + "." + which)
			}
		}
	}
	return nil
}

// SetDeadlines sets r's response and resolution deadlines from its
// submission time, loc being the hall's zone.
func (p RequestPolicy) SetDeadlines(r *Request, loc *time.Location) {
	s := p.For(r.Category)
	r.ResponseDueAt = s.Respond.From(p.Calendar, loc, r.SubmittedAt)
	r.DueAt = s.Resolve.From(p.Calendar, loc, r.SubmittedAt)
}

// Reopened restarts the resolution clock of a request the student
// found unsolved, from now.
func (p RequestPolicy) Reopened(r *Request, loc *time.Location, now time.Time) {
	r.DueAt = p.For(r.Category).Resolve.From(p.Calendar, loc, now)
}

// ResponseOverdue reports whether nobody answered by the response deadline.
func (r *Request) ResponseOverdue(now time.Time) bool {
	return r.Status.Open() && r.RespondedAt.IsZero() && !r.ResponseDueAt.IsZero() && now.After(r.ResponseDueAt)
}

// Unit is where requests are dispatched (宿管, 后勤维修, 网络中心, …):
// of one hall, or campus-wide with HallID "". An inactive unit keeps its
// requests but takes no new ones.
type Unit struct {
	ID     string    `json:"id"`
	HallID string    `json:"hall_id,omitempty"`
	Name   LocalName `json:"name"`
	Active bool      `json:"active"`
}

// Serves reports whether the unit takes the hall's requests.
func (u Unit) Serves(hallID string) bool { return u.HallID == "" || u.HallID == hallID }

// Validate checks a unit: an id and a name.
func (u Unit) Validate() error {
	switch {
	case strings.TrimSpace(u.ID) == "" || len(u.ID) > 64:
		return errNoID("unit")
	case strings.TrimSpace(u.Name.Zh+u.Name.En) == "":
		return Errorf(EINVALID, MsgErrUnitName, "unit has no name").WithField("name_zh")
	case utf8.RuneCountInString(u.Name.Zh) > 60 || utf8.RuneCountInString(u.Name.En) > 60:
		return Errorf(EINVALID, MsgErrUnitName, "unit name too long").WithField("name_zh")
	}
	return nil
}

// Handler actions on a request.
const (
	ActAccept   = "accept"
	ActDispatch = "dispatch"
	ActExtend   = "extend"
	ActNote     = "note"
	ActResolve  = "resolve"
	ActReject   = "reject"
)

// RequestAction is one handler step. Unit is the dispatch's unit as
// central found it (nil for none); Due the dispatch's or extension's
// deadline; Text the note, reason or resolution; Public whether a note
// is shown to the student.
type RequestAction struct {
	Kind   string
	UnitID string
	Unit   *Unit
	Due    time.Time
	Text   string
	Public bool
	By     string // the handler, for internal notes
}

// InternalNote is a handler's note the student never sees: central
// keeps it apart from the request entity kiosks get.
type InternalNote struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Text string    `json:"text"`
}

// MaxNoteRunes caps a note, reason or description.
const MaxNoteRunes = 1000

// Handle applies a handler's step to r at now. It checks the status the
// request comes from; the first answer of any kind the student sees
// sets RespondedAt, resolving sets ResolvedAt. An internal note leaves
// r alone and comes back to be stored apart.
func (r *Request) Handle(now time.Time, a RequestAction) (*InternalNote, error) {
	text, err := noteText(a.Text, a.Kind != ActAccept && a.Kind != ActDispatch)
	if err != nil {
		return nil, err
	}
	switch a.Kind {
	case ActAccept:
		if err := r.from(RequestSubmitted, RequestReopened); err != nil {
			return nil, err
		}
		r.step(now, RequestAccepted, text)
	case ActDispatch:
		if err := r.from(RequestSubmitted, RequestReopened, RequestAccepted, RequestDispatched, RequestInProgress); err != nil {
			return nil, err
		}
		if a.Unit == nil || !a.Unit.Active || !a.Unit.Serves(r.HallID) {
			return nil, Errorf(EINVALID, MsgErrRequestUnit, "unit %q cannot take the request", a.UnitID).WithField("unit")
		}
		if !a.Due.IsZero() {
			// A dispatch may tighten the deadline; moving it later is an
			// extension the student is told the reason of.
			if !a.Due.After(now) || (!r.DueAt.IsZero() && a.Due.After(r.DueAt)) {
				return nil, Errorf(EINVALID, MsgErrRequestDispatchDue, "dispatch due %v not in (now, %v]", a.Due, r.DueAt).WithField("due")
			}
			r.DueAt = a.Due
		}
		r.UnitID = a.Unit.ID
		r.step(now, RequestDispatched, text)
	case ActExtend:
		if !r.Status.Open() {
			return nil, r.wrongStatus()
		}
		if !a.Due.After(now) || !a.Due.After(r.DueAt) {
			return nil, Errorf(EINVALID, MsgErrRequestExtendDue, "extension %v is not later than %v and now", a.Due, r.DueAt).WithField("due")
		}
		r.DueAt = a.Due
		r.step(now, r.Status, text)
	case ActNote:
		if !a.Public {
			return &InternalNote{At: now, By: a.By, Text: text}, nil
		}
		r.step(now, r.Status, text)
	case ActResolve:
		if !r.Status.Open() {
			return nil, r.wrongStatus()
		}
		r.step(now, RequestResolved, text)
		r.ResolvedAt = now
	case ActReject:
		if err := r.from(RequestSubmitted, RequestReopened, RequestAccepted, RequestDispatched, RequestInProgress); err != nil {
			return nil, err
		}
		r.step(now, RequestRejected, text)
	default:
		return nil, Errorf(EINVALID, MsgErrBadInput, "unknown action %q", a.Kind).With(map[string]any{"Field": "action"}).WithField("action")
	}
	return nil, nil
}

// step moves r to status with a note the student sees (none when text
// is empty and the status does not change) and counts as the response.
func (r *Request) step(now time.Time, status RequestStatus, text string) {
	if text != "" || status != r.Status {
		r.Notes = append(r.Notes, RequestNote{At: now, Status: status, Text: text})
	}
	r.Status = status
	if r.RespondedAt.IsZero() {
		r.RespondedAt = now
	}
}

func (r *Request) from(ok ...RequestStatus) error {
	if !slices.Contains(ok, r.Status) {
		return r.wrongStatus()
	}
	return nil
}

func (r *Request) wrongStatus() error {
	return Errorf(ECONFLICT, MsgErrRequestStatus, "request is %s", r.Status).With(map[string]any{"Status": string(r.Status)})
}

// noteText trims a note and refuses an empty one when it is needed,
// one too long, or one with control characters.
func noteText(s string, needed bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && needed:
		return "", Errorf(EINVALID, MsgErrRequestNote, "no text").WithField("text")
	case !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxNoteRunes ||
		strings.ContainsFunc(s, func(c rune) bool { return c < 0x20 && c != '\n' && c != '\r' && c != '\t' }):
		return "", Errorf(EINVALID, MsgErrRequestNote, "bad or long text").WithField("text")
	}
	return s, nil
}

// Proactive is what an admin enters to open a request nobody filed
// (未诉先办): where, what kind, and what was seen.
type Proactive struct {
	HallID, BuildingID string
	Floor              int
	Category           RequestCategory
	Description        string
}

// NewProactiveRequest opens a request for the hall itself: no student,
// accepted at once (the hall is its own first answer), the description
// its first note, deadlines from the hall's policy.
func NewProactiveRequest(ids IDSource, now time.Time, loc *time.Location, p RequestPolicy, in Proactive) (Request, error) {
	text, err := noteText(in.Description, true)
	if err != nil {
		return Request{}, err.(*Error).WithField("description")
	}
	if !in.Category.Valid() {
		return Request{}, Errorf(EINVALID, MsgErrRequestCategory, "unknown category %q", in.Category).WithField("category")
	}
	presets := RequestPresets[in.Category]
	now = now.In(zoneOr(loc))
	r := Request{HallID: in.HallID, Category: in.Category, BuildingID: in.BuildingID, Floor: in.Floor,
		Presets: []string{presets[len(presets)-1]}, Contact: ContactKiosk, SubmittedAt: now, Proactive: true,
		Status: RequestAccepted, RespondedAt: now, Notes: []RequestNote{{At: now, Status: RequestAccepted, Text: text}}}
	if r.ID, err = ids.NewID(); err != nil {
		return Request{}, err
	}
	if r.Ticket, err = NewTicket(ids.R, now); err != nil {
		return Request{}, err
	}
	if r.Token, err = NewToken(ids.R); err != nil {
		return Request{}, err
	}
	p.SetDeadlines(&r, loc)
	return r, r.Validate()
}
