package central

import (
	"context"
	"time"

	"onestop/kiosk"
)

// ShiftStore is the console's list of duty shifts left open past the
// hall's cap (issue 11): kiosk.CapShift ended them at the cap, and the
// volunteer may since have said when they left (kiosk.CorrectShift).
type ShiftStore interface {
	// CappedShifts lists the capped shifts q picks, the latest start
	// first, at most MaxCappedShifts of them.
	CappedShifts(ctx context.Context, q CappedShiftQuery) ([]CappedShift, error)
}

// CappedShiftQuery picks capped shifts. Halls limits them to those
// halls (nil: every hall); the shift started in [From, To) (a zero
// bound does not limit); Uncorrected keeps those not yet corrected.
type CappedShiftQuery struct {
	Halls       []string
	From, To    time.Time
	Uncorrected bool
}

// MaxCappedShifts caps one answer of CappedShifts.
const MaxCappedShifts = 500

// CappedShift is one capped shift: Shift as kiosks see it (End is the
// corrected end once corrected, CorrectedAt when), its hall, the
// volunteer's masked name ("" when the roster no longer holds them) and
// the end the cap gave (zero when unknown: capped and corrected before
// central kept it).
type CappedShift struct {
	kiosk.Shift
	HallID      string
	StudentName string
	CappedEnd   time.Time
}
