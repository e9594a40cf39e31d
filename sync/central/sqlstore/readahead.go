package sqlstore

import (
	"encoding/json"
	"maps"
	"strings"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// creates names the entity each create kind makes (readAhead).
var creates = map[string]string{
	kiosk.KindVisitCheckin:      wire.EntityVisit,
	kiosk.KindEventCheckin:      wire.EntityAttendance,
	kiosk.KindRequestCreate:     wire.EntityRequest,
	kiosk.KindBookingCreate:     wire.EntityBooking,
	kiosk.KindAppointmentCreate: wire.EntityAppointment,
	wire.KindShiftStart:         wire.EntityShift,
}

// readAhead looks up, before the first mutation, what the new
// mutations' creates will look up one by one: whether their entity
// exists (sameAgain) and their students' roles. With a Pipeline that is
// one round trip instead of one per mutation. It runs with the hall's
// feed lock held, so the hall's entities change only through this
// transaction, whose writes drop what they touch from t.known; anything
// else may change as it could have between two statements of the
// transaction anyway (read committed).
func (a *applier) readAhead(ms []kiosk.Mutation, lastSeq int64) error {
	t := a.t
	t.known = map[entityKey]*entityRow{}
	var stmts []Stmt
	for _, m := range ms {
		entity, ok := creates[m.Kind]
		if _, bad := a.badText[m.Seq]; !ok || bad || m.Seq <= lastSeq {
			continue
		}
		var p struct {
			ID         string `json:"id"`
			StudentKey string `json:"student"`
		}
		if json.Unmarshal(m.Payload, &p) != nil {
			continue // the applier refuses it
		}
		if p.ID == "" {
			p.ID = m.ID
		}
		key := entityKey{entity, p.ID}
		if _, ok := t.known[key]; !ok {
			t.known[key] = nil // unless the row below says otherwise
			stmts = append(stmts, Stmt{SQL: t.db.q(`
				SELECT
					hall_id,
					data
				FROM entities
				WHERE entity = ?
					AND id = ?`), Args: []any{entity, p.ID}, Row: func(scan func(...any) error) error {
				var hall, data string
				err := scan(&hall, &data)
				t.known[key] = &entityRow{hall: hall, data: json.RawMessage(data)}
				return err
			}})
		}
		if _, ok := a.roles[p.StudentKey]; !ok {
			a.roles[p.StudentKey] = nil // unless found: asked again
			stmts = append(stmts, Stmt{SQL: t.db.q(`
				SELECT
					roles
				FROM students
				WHERE student_key = ?`), Args: []any{p.StudentKey}, Row: func(scan func(...any) error) error {
				var roles string
				err := scan(&roles)
				a.roles[p.StudentKey] = strings.Split(roles, ",")
				return err
			}})
		}
	}
	if err := t.batch(stmts); err != nil {
		return err
	}
	// Students not found are left to studentRoles, which refuses them.
	maps.DeleteFunc(a.roles, func(_ string, r []string) bool { return r == nil })
	return nil
}
