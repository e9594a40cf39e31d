package kiosk

import (
	"slices"
	"time"
)

// SLAs are the response deadlines per request category. A struct, not a
// map, so Settings stays comparable.
type SLAs struct {
	Safety, Repair, Dorm, Network, Catering, Study, Counselling, Other time.Duration
}

// For returns the deadline length for category c.
func (s SLAs) For(c RequestCategory) time.Duration {
	switch c {
	case CategorySafety:
		return s.Safety
	case CategoryRepair:
		return s.Repair
	case CategoryDorm:
		return s.Dorm
	case CategoryNetwork:
		return s.Network
	case CategoryCatering:
		return s.Catering
	case CategoryStudy:
		return s.Study
	case CategoryCounselling:
		return s.Counselling
	}
	return s.Other
}

// Valid reports whether c is one of RequestCategories.
func (c RequestCategory) Valid() bool { return slices.Contains(RequestCategories, c) }

// Validate checks a request before it is stored: a known category, at
// least one of that category's presets, a place and a contact choice.
func (r *Request) Validate() error {
	if !r.Category.Valid() {
		return Errorf(EINVALID, MsgErrRequestCategory, "unknown category %q", r.Category)
	}
	if len(r.Presets) == 0 {
		return Errorf(EINVALID, MsgErrRequestPresets, "no description chosen")
	}
	for _, p := range r.Presets {
		if !slices.Contains(RequestPresets[r.Category], p) {
			return Errorf(EINVALID, MsgErrRequestPresets, "preset %q is not in %s", p, r.Category)
		}
	}
	if r.BuildingID == "" || r.Floor < MinFloor || r.Floor > MaxFloor || len(r.Room) > 16 {
		return Errorf(EINVALID, MsgErrRequestPlace, "bad place").WithField("building_id")
	}
	if !slices.Contains(ContactPrefs, r.Contact) {
		return Errorf(EINVALID, MsgErrRequestContact, "unknown contact %q", r.Contact).WithField("contact")
	}
	switch {
	case r.ID == "":
		return errNoID("request")
	case r.StudentKey == "" && !r.Proactive: // 未诉先办 has no student
		return errNoStudent("request")
	case !ValidTicket(r.Ticket):
		return invalidField("ticket", "ticket %q is not R<MMDD>-<5 characters>", clipped(r.Ticket))
	case !ValidToken(r.Token):
		return invalidField("token", "token is not %d characters of the status-page alphabet", tokenLen)
	case r.SubmittedAt.IsZero():
		return invalidField("submitted_at", "request has no submission time")
	}
	return nil
}

// NewRequest fills in what the kiosk decides for a request the student
// composed: id, ticket, status-page token, submission time and deadline.
func NewRequest(ids IDSource, clock Clock, set Settings, s *Student, hallID string, draft Request) (*Request, error) {
	if s == nil {
		return nil, Errorf(EUNAUTHORIZED, MsgErrNotIdentified, "no student identified")
	}
	now := set.Local(clock.Now()) // the ticket's date is the hall's
	sla := set.SLA
	r := draft
	var err error
	if r.ID, err = ids.NewID(); err != nil {
		return nil, err
	}
	if r.Ticket, err = NewTicket(ids.R, now); err != nil {
		return nil, err
	}
	if r.Token, err = NewToken(ids.R); err != nil {
		return nil, err
	}
	r.StudentKey, r.HallID, r.Status, r.SubmittedAt = s.Key, hallID, RequestSubmitted, now
	r.DueAt = now.Add(sla.For(r.Category))
	r.Presets = slices.Clone(draft.Presets)
	return &r, r.Validate()
}

// Rate records the student's verdict on a resolved request: solved or
// partly solved closes it, not solved reopens it with a fresh deadline.
// The verdict is the request's follow-up (StudentFollowUp), so the rates
// count it as they count an admin's call.
func (r *Request) Rate(now time.Time, sla SLAs, o Outcome, stars int) error {
	if r.Status != RequestResolved {
		return Errorf(EINVALID, MsgErrRequestNotResolved, "request is %s", r.Status)
	}
	if stars < 1 || stars > 5 {
		return Errorf(EINVALID, MsgErrRating, "rating %d", stars)
	}
	switch o {
	case OutcomeSolved, OutcomePartly:
		r.Status = RequestClosed
	case OutcomeNotSolved:
		r.Status = RequestReopened
		r.DueAt = now.Add(sla.For(r.Category))
	default:
		return Errorf(EINVALID, MsgErrRating, "outcome %q", o)
	}
	r.Outcome, r.Rating = o, stars
	r.FollowUp = StudentFollowUp(now, o, stars)
	return nil
}
