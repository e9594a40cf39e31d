package sqlstore

import (
	"encoding/json"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// The desk's mutation kinds register here rather than in push.go's
// tables, so the desk's part stays in one file.
func init() {
	appliers[wire.KindShiftCap] = (*applier).shiftCap
	appliers[wire.KindShiftCorrect] = (*applier).shiftCorrect
	actionEntity[wire.KindShiftCap] = wire.EntityShift
	actionEntity[wire.KindShiftCorrect] = wire.EntityShift
	appliers[kiosk.KindAppointmentQueue] = (*applier).appointmentQueue
	actionEntity[kiosk.KindAppointmentQueue] = wire.EntityAppointment
}

// queuePayload is what appointment.queue carries of the appointment.
type queuePayload struct {
	ID      string                 `json:"id"`
	Queue   kiosk.AppointmentQueue `json:"queue"`
	QueueBy string                 `json:"queue_by"`
}

// appointmentQueue applies the desk's queue mark (kiosk.MarkQueue) at
// central's now; the mentor's day page shows it.
func (a *applier) appointmentQueue(m kiosk.Mutation) (json.RawMessage, error) {
	var p queuePayload
	if err := decodeCreate(m, &p, &p.ID); err != nil {
		return nil, err
	}
	return a.run(kiosk.MarkQueue(a, a.now, p.QueueBy, p.ID, p.Queue))
}

// shiftCap ends a shift left open past the hall's cap at the cap
// (kiosk.CapShift), by central's own clock and settings: the kiosk's
// end is not trusted.
func (a *applier) shiftCap(m kiosk.Mutation) (json.RawMessage, error) {
	var p shiftPayload
	if err := decodeCreate(m, &p, &p.ID); err != nil {
		return nil, err
	}
	return a.run(kiosk.CapShift(a, a.now, p.ID))
}

// shiftCorrect records when the volunteer of a capped shift left
// (kiosk.CorrectShift).
func (a *applier) shiftCorrect(m kiosk.Mutation) (json.RawMessage, error) {
	var p shiftPayload
	if err := decodeCreate(m, &p, &p.ID); err != nil {
		return nil, err
	}
	return a.run(kiosk.CorrectShift(a, a.now, kiosk.Self(p.StudentKey), p.ID, p.End))
}

// saveShiftEnd writes a shift's end; a cap also keeps the capped end
// and a correction its flag, for the console's list (migration 0019).
func (t *txn) saveShiftEnd(s kiosk.Shift, kind string) error {
	switch kind {
	case wire.KindShiftCap:
		return t.exec(`
			UPDATE shifts SET
				end_at = ?,
				capped = 1,
				capped_end_at = ?
			WHERE id = ?`,
			s.End.UnixNano(),
			s.End.UnixNano(),
			s.ID,
		)
	case wire.KindShiftCorrect:
		return t.exec(`
			UPDATE shifts SET
				end_at = ?,
				corrected = 1
			WHERE id = ?`,
			s.End.UnixNano(),
			s.ID,
		)
	}
	return t.exec(`
		UPDATE shifts SET
			end_at = ?
		WHERE id = ?`,
		s.End.UnixNano(),
		s.ID,
	)
}

// markAssisted records on the request's row who helped submit it, for
// the board's filter (migration 0018).
func (t *txn) markAssisted(r *kiosk.Request) error {
	return t.exec(`
		UPDATE requests SET
			assisted_by = ?
		WHERE id = ?`,
		r.AssistedBy,
		r.ID,
	)
}
