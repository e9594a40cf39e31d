package kiosktest

import (
	"cmp"
	"context"
	"slices"
	"time"

	"onestop/kiosk"
)

// Requests is an in-memory kiosk.RequestService running the domain's
// SubmitRequest and RateRequest at the fake clock's time.
type Requests struct{ service }

// newRequests returns an empty request service on hall's state; a nil
// hall is a new one.
func newRequests(clock kiosk.Clock, hall *Hall) *Requests {
	return &Requests{on(clock, hall)}
}

// All returns every stored request in the order stored.
func (q *Requests) All() []kiosk.Request {
	var out []kiosk.Request
	q.locked(func(s *state) {
		for _, r := range s.requests {
			out = append(out, cloneRequest(r))
		}
	})
	return out
}

// Add stores r as is: a request made earlier or elsewhere.
func (q *Requests) Add(r kiosk.Request) {
	q.locked(func(s *state) { s.requests = append(s.requests, cloneRequest(r)) })
}

// Handle is a handler's step on request id: a new status and a note.
func (q *Requests) Handle(id string, st kiosk.RequestStatus, note string) {
	now := q.clock.Now()
	q.locked(func(s *state) {
		if i := index(s.requests, id, requestID); i >= 0 {
			r := &s.requests[i]
			r.Status = st
			if note != "" {
				r.Notes = append(r.Notes, kiosk.RequestNote{At: now, Status: st, Text: note})
			}
		}
	})
}

// SetSyncState sets the kiosk-local sync state of request id.
func (q *Requests) SetSyncState(id, syncState string) {
	q.locked(func(s *state) {
		if i := index(s.requests, id, requestID); i >= 0 {
			s.requests[i].SyncState = syncState
		}
	})
}

// SubmitRequest implements kiosk.RequestService with
// kiosk.SubmitRequest and fills r as stored: the same id again is the
// stored request, another student's id a conflict.
func (q *Requests) SubmitRequest(_ context.Context, r *kiosk.Request) error {
	now, err := q.begin()
	defer q.end()
	if err != nil {
		return err
	}
	got, err := kiosk.SubmitRequest(q.st, now, actor(r.StudentKey, r.AssistedBy), *r)
	if err != nil {
		return err
	}
	*r, _, err = q.st.Request(got.ID)
	return err
}

// RequestsOf implements kiosk.RequestService: newest first.
func (q *Requests) RequestsOf(_ context.Context, studentKey string) ([]kiosk.Request, error) {
	_, err := q.begin()
	defer q.end()
	if err != nil {
		return nil, err
	}
	return q.st.requestsOf(studentKey, time.Time{}), nil
}

// requestsOf returns the student's requests submitted since, newest
// first as the store orders them.
func (s *state) requestsOf(studentKey string, since time.Time) []kiosk.Request {
	var out []kiosk.Request
	for _, r := range s.requests {
		if r.StudentKey == studentKey && !r.SubmittedAt.Before(since) {
			out = append(out, cloneRequest(r))
		}
	}
	slices.SortFunc(out, func(a, b kiosk.Request) int {
		return cmp.Or(b.SubmittedAt.Compare(a.SubmittedAt), cmp.Compare(b.ID, a.ID))
	})
	return out
}

// RateRequest implements kiosk.RequestService with kiosk.RateRequest.
func (q *Requests) RateRequest(_ context.Context, studentKey, id string, o kiosk.Outcome, stars int) (*kiosk.Request, error) {
	now, err := q.begin()
	defer q.end()
	if err != nil {
		return nil, err
	}
	if _, err := kiosk.RateRequest(q.st, now, kiosk.Self(studentKey), id, o, stars); err != nil {
		return nil, err
	}
	r, _, err := q.st.Request(id)
	return &r, err
}
