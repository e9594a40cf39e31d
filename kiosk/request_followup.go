package kiosk

import (
	"strings"
	"time"
)

// The follow-up (回访) of a resolved request, which the 接诉即办 rates
// count: the student's own verdict on a kiosk or the phone, or an
// admin's follow-up call.

// FollowUpByStudent is FollowUp.By when the student answered themselves.
const FollowUpByStudent = "student"

// SatisfactionOfStars maps the 1–5 stars a student gives on a kiosk or
// the phone onto a follow-up's three answers, so their own rating counts
// in the rates exactly as the same answer on a call would:
//
//	4–5 stars  satisfied (满意)
//	3 stars    basically satisfied (基本满意)
//	1–2 stars  not satisfied (不满意)
func SatisfactionOfStars(stars int) Satisfaction {
	switch {
	case stars >= 4:
		return Satisfied
	case stars == 3:
		return BasicallySatisfied
	}
	return NotSatisfied
}

// StudentFollowUp is the follow-up the student's own verdict amounts to:
// they answered, so they were contacted; solved is their outcome.
func StudentFollowUp(now time.Time, o Outcome, stars int) *FollowUp {
	return &FollowUp{At: now, By: FollowUpByStudent, Contacted: true, Solved: o, Satisfied: SatisfactionOfStars(stars)}
}

// Satisfactions in the order a follow-up form offers them.
var Satisfactions = []Satisfaction{Satisfied, BasicallySatisfied, NotSatisfied}

// Outcomes in the order a rating or follow-up form offers them.
var Outcomes = []Outcome{OutcomeSolved, OutcomePartly, OutcomeNotSolved}

// Valid reports whether s is one of Satisfactions.
func (s Satisfaction) Valid() bool {
	return s == Satisfied || s == BasicallySatisfied || s == NotSatisfied
}

// Valid reports whether o is one of Outcomes.
func (o Outcome) Valid() bool {
	return o == OutcomeSolved || o == OutcomePartly || o == OutcomeNotSolved
}

// AwaitsFollowUp reports whether the request is resolved and nobody has
// answered a follow-up on it yet: the student's own rating or a call
// that reached them moves it on, an unanswered call does not.
func (r *Request) AwaitsFollowUp() bool { return r.Status == RequestResolved }

// RecordFollowUp records an admin's follow-up call at now on a resolved
// request. A call that did not reach the student carries no answers and
// leaves the request waiting; one that did takes the student's answer
// as their own rating would: solved or partly closes the request, not
// solved reopens it (the caller restarts its resolution clock, as for
// Rate). Field names in errors are the form's: contacted, solved,
// satisfied.
func (r *Request) RecordFollowUp(now time.Time, f FollowUp) error {
	if !r.AwaitsFollowUp() {
		return r.wrongStatus()
	}
	if !strings.HasPrefix(f.By, "admin:") {
		return Errorf(EINVALID, MsgErrBadInput, "follow-up by %q", f.By).With(map[string]any{"Field": "by"}).WithField("by")
	}
	bad := func(field, why string) error {
		return Errorf(EINVALID, MsgErrBadInput, "follow-up: %s", why).With(map[string]any{"Field": field}).WithField(field)
	}
	if !f.Contacted {
		if f.Solved != "" {
			return bad("solved", "not contacted, yet an answer on solved")
		}
		if f.Satisfied != "" {
			return bad("satisfied", "not contacted, yet an answer on satisfied")
		}
	} else {
		if !f.Solved.Valid() {
			return bad("solved", "solved is "+string(f.Solved))
		}
		if !f.Satisfied.Valid() {
			return bad("satisfied", "satisfied is "+string(f.Satisfied))
		}
	}
	f.At = now
	r.FollowUp = &f
	if !f.Contacted {
		return nil
	}
	r.Outcome = f.Solved
	if f.Solved == OutcomeNotSolved {
		r.Status = RequestReopened
	} else {
		r.Status = RequestClosed
	}
	return nil
}
