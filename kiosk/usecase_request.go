package kiosk

import "time"

// RequestTx is what the request use cases read and write.
type RequestTx interface {
	ActorTx
	// Request returns request id; found is false when there is none.
	Request(id string) (r Request, found bool, err error)
	// SaveRequest stores r as kind made it; a ticket or token another
	// request has is ECONFLICT.
	SaveRequest(r Request, kind string) error
}

// SubmitRequest files a request the student composed (NewRequest made
// its id, ticket and token). The status is submitted and the deadline
// the category's SLA in the hall's current settings from the
// submission time, which is the tap's and never later than now. The same
// id again returns the stored request; another student's id conflicts.
func SubmitRequest(tx RequestTx, now time.Time, act Actor, in Request) (Request, error) {
	if in.ID == "" {
		return Request{}, errNoID("request")
	}
	in.StudentKey = act.StudentKey
	if old, found, err := tx.Request(in.ID); err != nil || found {
		if err == nil && old.StudentKey != in.StudentKey {
			err = errIDInUse("request", in.ID)
		}
		return old, err
	}
	s, err := actorSettings(tx, now, act)
	if err != nil {
		return Request{}, err
	}
	r := in
	r.SubmittedAt = s.Local(keptTime(in.SubmittedAt, now))
	r.Status, r.DueAt = RequestSubmitted, r.SubmittedAt.Add(s.SLA.For(r.Category))
	r.Notes, r.Outcome, r.Rating, r.AssistedBy = nil, "", 0, act.AssistedBy
	if r.HallID == "" {
		r.HallID = s.HallID
	}
	if err := r.Validate(); err != nil {
		return Request{}, err
	}
	return r, tx.SaveRequest(r, KindRequestCreate)
}

// RateRequest records the actor's verdict on their resolved request:
// solved or partly solved closes it, not solved reopens it with a fresh
// deadline (Request.Rate).
func RateRequest(tx RequestTx, now time.Time, act Actor, id string, o Outcome, stars int) (Request, error) {
	s, err := actorSettings(tx, now, act)
	if err != nil {
		return Request{}, err
	}
	r, found, err := tx.Request(id)
	if err == nil && (!found || r.StudentKey != act.StudentKey) {
		err = ErrNotFound("request", id)
	}
	if err != nil {
		return Request{}, err
	}
	// The same verdict again is a repeated tap, not an error.
	rated := r.Status == RequestClosed || r.Status == RequestReopened
	if rated && r.Outcome == o && r.Rating == stars {
		return r, nil
	}
	if err := r.Rate(now, s.SLA, o, stars); err != nil {
		return Request{}, err
	}
	return r, tx.SaveRequest(r, KindRequestRate)
}
