package central

import (
	"context"
	"time"

	"onestop/kiosk"
)

// BoardStore is the console's 接诉即办 board: the hall's working
// calendar and SLA clocks, the units requests are dispatched to, the
// board's filtered pages and the handlers' steps. Every step writes the
// request entity, so it reaches the hall's kiosks and the /r page
// through the change feed; internal notes stay central.
type BoardStore interface {
	// RequestPolicy is the hall's calendar and clocks, the default for
	// a hall that set none; ENOTFOUND for an unknown hall.
	RequestPolicy(ctx context.Context, hallID string) (kiosk.RequestPolicy, error)
	// SetRequestPolicy validates and stores the hall's policy. Requests
	// filed later get its deadlines; those filed keep theirs.
	SetRequestPolicy(ctx context.Context, hallID string, p kiosk.RequestPolicy) error
	// Units lists every unit, campus-wide ones (HallID "") included,
	// ordered by hall and name.
	Units(ctx context.Context) ([]kiosk.Unit, error)
	Unit(ctx context.Context, id string) (kiosk.Unit, error)
	// PutUnit adds or replaces a unit; deactivate rather than delete.
	PutUnit(ctx context.Context, u kiosk.Unit) error
	// BoardRequests is one page of the board, most urgent first: open
	// requests by their earliest pending deadline, then closed ones,
	// newest first. The requests carry the board's columns only: no
	// token, presets or notes.
	BoardRequests(ctx context.Context, q BoardQuery) (BoardPage, error)
	// BoardRequest is one request in full with its internal notes.
	BoardRequest(ctx context.Context, id string) (kiosk.Request, []kiosk.InternalNote, error)
	// HandleRequest applies a handler's step (kiosk.Request.Handle),
	// finding a dispatch's unit itself.
	HandleRequest(ctx context.Context, id string, a kiosk.RequestAction) (kiosk.Request, error)
	// OpenProactiveRequest opens a request for the hall itself (未诉先办).
	OpenProactiveRequest(ctx context.Context, p kiosk.Proactive) (kiosk.Request, error)
	// BoardBuildings lists every hall's buildings, for the board's
	// filters and the proactive form.
	BoardBuildings(ctx context.Context) ([]HallBuilding, error)
}

// HallBuilding is a building with its hall.
type HallBuilding struct {
	HallID string
	kiosk.Building
}

// BoardQuery filters and pages the board. Empty fields do not filter.
type BoardQuery struct {
	HallID     string
	BuildingID string
	Floor      *int
	Category   kiosk.RequestCategory
	UnitID     string
	// Status is a kiosk.RequestStatus, or BoardOpen for any open one.
	Status string
	// Overdue keeps open requests past a pending deadline at Now.
	Overdue bool
	// Assisted is BoardAssisted or BoardUnassisted to keep the requests a
	// desk volunteer submitted for the student, or the others; "" is all.
	Assisted string
	Now      time.Time
	// After is BoardPage.Next of the page before; "" is the first page.
	After string
	Limit int
}

// BoardOpen is BoardQuery.Status for every open request.
const BoardOpen = "open"

// BoardQuery.Assisted values.
const (
	BoardAssisted   = "yes"
	BoardUnassisted = "no"
)

// MaxBoardPage caps BoardQuery.Limit.
const MaxBoardPage = 200

// BoardPage is one page; Next is "" on the last.
type BoardPage struct {
	Requests []kiosk.Request
	Next     string
}
