package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// Push applies a batch of one kiosk's mutations exactly once. The batch
// is one transaction, so it costs one durable commit; each mutation runs
// in its own savepoint, so a refused one is undone alone and its refusal
// is recorded like any other result. The kiosk row is locked first
// (UPDATE … RETURNING), so two pushes of one kiosk, say a retry racing
// the original, run one after the other and the second sees the first's
// seqs as duplicates.
func (db *DB) Push(ctx context.Context, k central.Kiosk, ms []kiosk.Mutation) (central.PushResult, error) {
	for i := range ms {
		if ms[i].Seq < 1 || (i > 0 && ms[i].Seq != ms[i-1].Seq+1) {
			return central.PushResult{}, invalid("mutation seqs must be consecutive from 1 up")
		}
	}
	ms = slices.Clone(ms) // screenText makes ids storable in place
	var out central.PushResult
	err := db.update(ctx, "push", func(t *txn) error {
		var err error
		out, err = t.push(k, ms)
		return err
	})
	return out, err
}

// push is Push inside its transaction.
func (t *txn) push(k central.Kiosk, ms []kiosk.Mutation) (central.PushResult, error) {
	out := central.PushResult{Results: make([]central.Result, 0, len(ms))}
	err := t.row(`
		UPDATE kiosks SET
			last_seen_at = ?
		WHERE id = ?
		RETURNING last_seq`,
		t.now.UnixNano(),
		k.ID,
	).Scan(&out.LastSeq)
	if errors.Is(err, sql.ErrNoRows) {
		return out, kiosk.Errorf(kiosk.EUNAUTHORIZED, kiosk.MsgErrInternal, "unknown kiosk %s", k.ID)
	}
	if err != nil || len(ms) == 0 {
		return out, err
	}
	if ms[0].Seq > out.LastSeq+1 {
		return out, &central.SeqGapError{Expected: out.LastSeq + 1}
	}
	// Taken outside any savepoint: a savepoint rolled back would release
	// a lock taken inside it.
	if err := t.lockFeed(k.HallID); err != nil {
		return out, err
	}
	stored, err := t.storedResults(k.ID, ms, out.LastSeq)
	if err != nil {
		return out, err
	}
	a := &applier{t: t, hall: k.HallID, kiosk: k, now: t.now, roles: map[string][]string{}, badText: screenText(ms)}
	if err := a.readAhead(ms, out.LastSeq); err != nil {
		return out, err
	}
	// A mutation's writes are queued (see txn.exec) and run with a later
	// statement that needs an answer, or at the end of the batch: most
	// batches take a round trip or two. When one of them fails, the
	// server has run nothing after it, so the batch goes back to the
	// mark before that mutation, refuses it or fails, and goes on from
	// the next one.
	var results [][]any
	marks := make([]mark, len(ms))
	for i := 0; ; {
		var err error
		switch {
		case i == len(ms):
			// The last mutations' writes must have run before their
			// results are recorded.
			if err = t.flush(); err == nil {
				return out, t.recordResults(k.ID, out.LastSeq, results)
			}
		case ms[i].Seq <= out.LastSeq:
			r, ok := stored[ms[i].Seq]
			if !ok {
				// Only possible if results were deleted by hand: say so plainly.
				r = central.Result{Seq: ms[i].Seq, Status: wire.StatusDuplicate}
			}
			out.Results = append(out.Results, r)
			i++
			continue
		default:
			marks[i] = mark{len(results), len(out.Results), out.LastSeq, len(t.changes), maps.Clone(t.locked)}
			var r central.Result
			t.owner = i + 1
			r, err = a.applyOne(ms[i], marks[i])
			t.owner = 0
			if err == nil {
				results = append(results, resultRow(k.ID, ms[i], r, t.now))
				out.Results = append(out.Results, r)
				out.LastSeq = ms[i].Seq
				i++
				continue
			}
		}
		// Was it a queued write of a mutation before ms[i] (or of the
		// last ones, at the end)? Then go back to that mutation.
		qe := t.takeFailed()
		if qe == nil || qe.owner < 1 || qe.owner > i {
			return out, err
		}
		o := qe.owner - 1
		mk := marks[o]
		results, out.Results, out.LastSeq = results[:mk.results], out.Results[:mk.out], mk.lastSeq
		t.owner = o + 1
		r, err := a.refuse(ms[o], qe.err, mk)
		t.owner = 0
		if err != nil {
			return out, err
		}
		results = append(results, resultRow(k.ID, ms[o], r, t.now))
		out.Results = append(out.Results, r)
		out.LastSeq = ms[o].Seq
		i = o + 1
	}
}

// mark is the state of a push before one of its mutations.
type mark struct {
	results, out int
	lastSeq      int64
	changes      int
	locked       map[string]bool
}

// recordResults stores the answers given and the kiosk's new last seq.
func (t *txn) recordResults(kioskID string, lastSeq int64, results [][]any) error {
	if err := t.insertRows(`
		INSERT INTO applied_mutations (
			kiosk_id,
			seq,
			mutation_id,
			kind,
			status,
			code,
			message_id,
			field,
			entity,
			applied_at
		) VALUES `, results); err != nil {
		return err
	}
	err := t.exec(`
		UPDATE kiosks SET
			last_seq = ?
		WHERE id = ?`,
		lastSeq,
		kioskID,
	)
	return err
}

// storedResults returns the first answers to the mutations of ms that
// central has applied already (seq up to lastSeq), read in one query: a
// resent batch costs one round trip, not one per mutation.
func (t *txn) storedResults(kioskID string, ms []kiosk.Mutation, lastSeq int64) (map[int64]central.Result, error) {
	if len(ms) == 0 || ms[0].Seq > lastSeq {
		return nil, nil
	}
	rows, err := t.query(`
		SELECT
			seq,
			status,
			code,
			message_id,
			field,
			entity
		FROM applied_mutations
		WHERE kiosk_id = ?
			AND seq BETWEEN ? AND ?`, kioskID, ms[0].Seq, min(lastSeq, ms[len(ms)-1].Seq))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]central.Result{}
	for rows.Next() {
		r := central.Result{Status: wire.StatusDuplicate}
		var entity sql.NullString
		if err := rows.Scan(&r.Seq, &r.Stored, &r.Code, &r.MessageID, &r.Field, &entity); err != nil {
			return nil, err
		}
		if entity.Valid {
			r.Entity = json.RawMessage(entity.String)
		}
		out[r.Seq] = r
	}
	return out, rows.Err()
}

// resultRow is the applied_mutations row recording r, the answer to m.
func resultRow(kioskID string, m kiosk.Mutation, r central.Result, now time.Time) []any {
	var entity sql.NullString
	if r.Entity != nil {
		entity = sql.NullString{String: string(r.Entity), Valid: true}
	}
	return []any{kioskID, m.Seq, m.ID, m.Kind, r.Status, r.Code, r.MessageID, r.Field, entity, now.UnixNano()}
}

// applier applies one push's mutations with the server clock and the
// hall's rules.
type applier struct {
	t     *txn
	hall  string
	kiosk central.Kiosk // the pushing kiosk
	now   time.Time
	set   *kiosk.Settings
	// roles caches roster lookups: a batch names the same students often.
	roles map[string][]string
	// savepoint is set once the per-mutation savepoint exists.
	savepoint bool
	// out is the entity a use case's write stored, the mutation's answer.
	out json.RawMessage
	// badText names, by seq, the field of each mutation whose text no
	// store can keep alike (screenText); those are refused as invalid.
	badText map[int64]string
}

// studentRoles returns a student's roles, ENOTFOUND off the roster.
func (a *applier) studentRoles(key string) ([]string, error) {
	if r, ok := a.roles[key]; ok {
		return r, nil
	}
	r, err := a.t.studentRoles(key)
	if err == nil {
		a.roles[key] = r
	}
	return r, err
}

// settings loads the hall's rules once per push.
func (a *applier) settings() (kiosk.Settings, error) {
	if a.set == nil {
		s, err := a.t.rules(a.hall)
		if err != nil {
			return s, err
		}
		a.set = &s
	}
	return *a.set, nil
}

type applyFunc func(a *applier, m kiosk.Mutation) (json.RawMessage, error)

var appliers = map[string]applyFunc{
	kiosk.KindVisitCheckin:       (*applier).visit,
	kiosk.KindBookingCreate:      (*applier).bookingCreate,
	kiosk.KindBookingCancel:      (*applier).bookingCancel,
	kiosk.KindBookingCheckin:     (*applier).bookingCheckin,
	kiosk.KindAppointmentCreate:  (*applier).appointmentCreate,
	kiosk.KindAppointmentCancel:  (*applier).appointmentCancel,
	kiosk.KindAppointmentCheckin: (*applier).appointmentCheckin,
	kiosk.KindRequestCreate:      (*applier).requestCreate,
	kiosk.KindRequestRate:        (*applier).requestRate,
	kiosk.KindEventCheckin:       (*applier).eventCheckin,
	wire.KindShiftStart:          (*applier).shiftStart,
	wire.KindShiftEnd:            (*applier).shiftEnd,
	kiosk.KindPINSet:             (*applier).pinSet,
	kiosk.KindPINFail:            (*applier).pinFail,
}

// applyOne runs one mutation in a savepoint. A business refusal or a
// constraint violation (the slot was taken after all) rolls back to the
// savepoint and becomes a final rejected or conflict result; any other
// error fails the whole push, which the kiosk retries. mk is the state
// before it.
func (a *applier) applyOne(m kiosk.Mutation, mk mark) (central.Result, error) {
	r := central.Result{Seq: m.Seq}
	fn, ok := appliers[m.Kind]
	if !ok {
		r.Status, r.Code, r.MessageID = wire.StatusRejected, kiosk.EINVALID, kiosk.MsgErrSyncRejected
		return r, nil
	}
	// The savepoint stays open after a mutation; the next one releases
	// it and opens its own, and commit releases the last. No answer is
	// awaited: they go with the mutation's writes.
	if a.savepoint {
		if err := a.t.later(`RELEASE SAVEPOINT mutation`); err != nil {
			return r, err
		}
	}
	if err := a.t.later(`SAVEPOINT mutation`); err != nil {
		return r, err
	}
	a.savepoint = true
	var entity json.RawMessage
	var err error
	if field, bad := a.badText[m.Seq]; bad {
		err = kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrBadInput, "NUL or invalid UTF-8 in %q", field).
			With(map[string]any{"Field": field}).WithField(field)
	} else {
		entity, err = fn(a, m)
	}
	// A queued write that failed meanwhile decides, whatever fn made of
	// its error.
	if qe := a.t.takeFailed(); qe != nil {
		if qe.owner != a.t.owner {
			a.t.failed = qe // an earlier mutation's: push goes back to it
			return r, qe
		}
		err = qe.err // m's own, found failed by a later statement
	} else if err == nil {
		r.Status, r.Entity = wire.StatusApplied, entity
		return r, nil
	}
	return a.refuse(m, err, mk)
}

// refuse turns err, met applying m, into m's final refusal, undoing m
// back to mk; or it returns err when that is no refusal.
func (a *applier) refuse(m kiosk.Mutation, err error, mk mark) (central.Result, error) {
	r := central.Result{Seq: m.Seq}
	var ke *kiosk.Error
	failed := false // a statement failed: the transaction takes nothing but the rollback
	switch {
	case errors.As(err, &ke):
	case a.t.db.d.IsUnique(err):
		ke = kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSlotTaken, "taken meanwhile")
		failed = true
	default:
		return r, err
	}
	// Rolling back to it keeps the savepoint open for the next mutation.
	if err := a.t.rollbackTo(`mutation`, failed); err != nil {
		return r, err
	}
	a.t.locked, a.t.changes = maps.Clone(mk.locked), a.t.changes[:mk.changes]
	r.Status, r.Code, r.MessageID, r.Field = wire.StatusRejected, ke.Code, ke.MessageID, ke.Field
	if ke.Code == kiosk.ECONFLICT {
		r.Status = wire.StatusConflict
	}
	r.Entity, err = a.currentEntity(m)
	return r, err
}

// currentEntity returns, for a refused action on an existing entity,
// that entity's authoritative state, so the kiosk can put it right.
func (a *applier) currentEntity(m kiosk.Mutation) (json.RawMessage, error) {
	entity, ok := actionEntity[m.Kind]
	if !ok {
		return nil, nil
	}
	var p kiosk.ActionPayload
	if json.Unmarshal(m.Payload, &p) != nil || p.ID == "" {
		return nil, nil
	}
	var data string
	err := a.t.row(`
		SELECT
			data
		FROM entities
		WHERE entity = ?
			AND id = ?
			AND hall_id = ?`, entity, p.ID, a.hall).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return json.RawMessage(data), err
}

var actionEntity = map[string]string{
	kiosk.KindBookingCancel:      wire.EntityBooking,
	kiosk.KindBookingCheckin:     wire.EntityBooking,
	kiosk.KindAppointmentCancel:  wire.EntityAppointment,
	kiosk.KindAppointmentCheckin: wire.EntityAppointment,
	kiosk.KindRequestRate:        wire.EntityRequest,
	wire.KindShiftEnd:            wire.EntityShift,
}

// decode reads a mutation's payload; a payload that does not decode is a
// final rejection, not a transport error: resending cannot fix it.
func decode(m kiosk.Mutation, v any) error {
	if err := json.Unmarshal(m.Payload, v); err != nil {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrSyncRejected, "%s payload: %v", m.Kind, err)
	}
	return nil
}

// action decodes an ActionPayload and loads the entity it acts on into
// v, checking it is in the kiosk's hall and the student's own.
func (a *applier) action(m kiosk.Mutation, entity string, v any, owner func() string) (kiosk.ActionPayload, error) {
	var p kiosk.ActionPayload
	if err := decode(m, &p); err != nil {
		return p, err
	}
	if p.ID == "" {
		p.ID = m.ID
	}
	hall, err := a.t.get(entity, p.ID, v)
	if err != nil {
		return p, err
	}
	if hall != a.hall {
		return p, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrNotFound, "%s %s is another hall's", entity, p.ID)
	}
	if owner() != p.StudentKey {
		return p, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrNotFound, "%s %s is another student's", entity, p.ID)
	}
	return p, nil
}

// inHall loads a referenced entity and checks it is the kiosk's hall's.
func (a *applier) inHall(entity, id string, v any) error {
	hall, err := a.t.get(entity, id, v)
	if err != nil {
		return err
	}
	if hall != a.hall {
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrNotFound, "%s %s is another hall's", entity, id)
	}
	return nil
}

// clamp puts a kiosk-reported time in the server's zone and no later
// than now; zero becomes now.
func (a *applier) clamp(t time.Time) time.Time {
	if t.IsZero() || t.After(a.now) {
		return a.now
	}
	return t.In(a.now.Location())
}
