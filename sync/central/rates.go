package central

import (
	"context"
	"time"

	"onestop/kiosk"
)

// RatesStore is what the console's follow-up (回访) and 接诉即办 rates
// pages read and write. The rates are counted in SQL over indexed time
// ranges; package rates turns the counts into the figures.
type RatesStore interface {
	// RateCells counts the requests of q's halls per hall, category,
	// building, floor and unit (see RateCounts for which requests each
	// count takes); cells with nothing to count are left out.
	RateCells(ctx context.Context, q RatesQuery) ([]RateCell, error)
	// FollowUpQueue pages the resolved requests awaiting a follow-up
	// (kiosk.Request.AwaitsFollowUp), the longest resolved first.
	FollowUpQueue(ctx context.Context, q FollowUpQuery) (FollowUpPage, error)
	// RecordFollowUp applies an admin's follow-up call
	// (kiosk.Request.RecordFollowUp): a not-solved answer reopens the
	// request with its resolution clock restarted on the hall's
	// calendar. The request entity changes, so the kiosks and /r see it
	// through the feed.
	RecordFollowUp(ctx context.Context, id string, f kiosk.FollowUp) (kiosk.Request, error)
	// RateByToken records the student's own verdict from the status page
	// (kiosk.Request.Rate), which is the request's follow-up as a rating
	// on a kiosk is; the same verdict again changes nothing. ENOTFOUND
	// for an unknown token.
	RateByToken(ctx context.Context, token string, o kiosk.Outcome, stars int) (kiosk.Request, error)
}

// RatesQuery is one period of the rates: [From, To) of the halls listed
// (nil: every hall), with Now deciding what is still undecided.
type RatesQuery struct {
	HallIDs  []string
	From, To time.Time
	Now      time.Time
	// Group is how coarse the cells are: "" every cell, or one of the
	// RateGroup* (the other columns left zero). A table by category
	// needs no floors, a ranking of buildings neither; coarser cells
	// are far fewer (a campus-wide month: some 4,400 cells, 720 places,
	// 160 categories) and cheaper to read.
	Group string
}

// RatesQuery.Group's coarser cells.
const (
	RateGroupPlaces     = "places"     // hall, building, floor, unit
	RateGroupCategories = "categories" // hall, category
	RateGroupBuildings  = "buildings"  // hall, building
)

// RateCounts are the counts behind the four rates of one period:
//   - Requests were submitted in the period by students (not opened by
//     the hall itself, 未诉先办, which is its own answer) and their answer
//     is decided (answered, or the response deadline passed by Now);
//     RespondedInTime of them were answered by the response deadline.
//   - FollowedUp requests had a follow-up that reached the student in
//     the period (their own rating or a call); Solved, Partly,
//     Satisfied and Basically count their answers.
//   - Due requests (rejected ones aside) had their resolution deadline
//     in the period and either it passed by Now or they are resolved;
//     ResolvedInTime of them are resolved and were by the deadline.
type RateCounts struct {
	Requests, RespondedInTime                        int
	FollowedUp, Solved, Partly, Satisfied, Basically int
	Due, ResolvedInTime                              int
}

// Add adds o's counts to c.
func (c *RateCounts) Add(o RateCounts) {
	c.Requests += o.Requests
	c.RespondedInTime += o.RespondedInTime
	c.FollowedUp += o.FollowedUp
	c.Solved += o.Solved
	c.Partly += o.Partly
	c.Satisfied += o.Satisfied
	c.Basically += o.Basically
	c.Due += o.Due
	c.ResolvedInTime += o.ResolvedInTime
}

// RateCell is the counts of one hall × category × building × floor ×
// unit ("" for a request not dispatched).
type RateCell struct {
	HallID     string
	Category   kiosk.RequestCategory
	BuildingID string
	Floor      int
	UnitID     string
	RateCounts
}

// FollowUpQuery pages the follow-up queue; HallID "" is every hall.
type FollowUpQuery struct {
	HallID string
	// After is FollowUpPage.Next of the page before; "" is the first.
	After string
	Limit int
}

// FollowUpPage is one page of the queue, requests in full; Next is ""
// on the last.
type FollowUpPage struct {
	Requests []kiosk.Request
	Next     string
}
