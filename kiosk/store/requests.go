package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"onestop/kiosk"
)

const requestCols = `
	id,
	ticket,
	token,
	student_key,
	hall_id,
	category,
	building_id,
	floor,
	room,
	presets,
	contact,
	status,
	submitted_at,
	due_at,
	notes,
	outcome,
	rating,
	unit_id,
	response_due_at,
	responded_at,
	resolved_at,
	follow_up,
	proactive,
	sync_state`

// followUpRow is a request's follow-up (回访) as stored in
// requests.follow_up, its time in unix nanoseconds.
type followUpRow struct {
	At        int64              `json:"at"`
	By        string             `json:"by"`
	Contacted bool               `json:"contacted"`
	Solved    kiosk.Outcome      `json:"solved,omitempty"`
	Satisfied kiosk.Satisfaction `json:"satisfied,omitempty"`
}

// noteRow is a handler note as stored in requests.notes: its time in
// unix nanoseconds like every other stored time.
type noteRow struct {
	At     int64               `json:"at"`
	Status kiosk.RequestStatus `json:"status"`
	Text   string              `json:"text"`
}

func (db *DB) scanRequest(sc scanner) (kiosk.Request, error) {
	var r kiosk.Request
	var presets, notes, followUp string
	var submitted, due, responseDue, responded, resolved sql.NullInt64
	err := sc.Scan(&r.ID, &r.Ticket, &r.Token, &r.StudentKey, &r.HallID, &r.Category, &r.BuildingID,
		&r.Floor, &r.Room, &presets, &r.Contact, &r.Status, &submitted, &due, &notes, &r.Outcome,
		&r.Rating, &r.UnitID, &responseDue, &responded, &resolved, &followUp, &r.Proactive, &r.SyncState)
	if err != nil {
		return r, err
	}
	r.SubmittedAt, r.DueAt = db.at(submitted), db.at(due)
	r.ResponseDueAt, r.RespondedAt, r.ResolvedAt = db.at(responseDue), db.at(responded), db.at(resolved)
	if followUp != "" {
		var f followUpRow
		if err := json.Unmarshal([]byte(followUp), &f); err != nil {
			return r, fmt.Errorf("request %s follow-up: %w", r.ID, err)
		}
		r.FollowUp = &kiosk.FollowUp{At: db.at(sql.NullInt64{Int64: f.At, Valid: true}), By: f.By,
			Contacted: f.Contacted, Solved: f.Solved, Satisfied: f.Satisfied}
	}
	if err := json.Unmarshal([]byte(presets), &r.Presets); err != nil {
		return r, fmt.Errorf("request %s presets: %w", r.ID, err)
	}
	var ns []noteRow
	if err := json.Unmarshal([]byte(notes), &ns); err != nil {
		return r, fmt.Errorf("request %s notes: %w", r.ID, err)
	}
	for _, n := range ns {
		r.Notes = append(r.Notes, kiosk.RequestNote{At: db.at(sql.NullInt64{Int64: n.At, Valid: true}), Status: n.Status, Text: n.Text})
	}
	return r, nil
}

// loadRequest loads request id; found is false when there is none.
func (db *DB) loadRequest(ctx context.Context, q queryer, id string) (r kiosk.Request, found bool, err error) {
	r, err = db.scanRequest(q.QueryRowContext(ctx, `
		SELECT`+requestCols+`
		FROM requests
		WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// SubmitRequest files a request the student composed
// (kiosk.NewRequest, then kiosk.SubmitRequest) with its outbox entry;
// on success r is the request as stored, its deadline from the stored
// settings, so a screen that read older settings still promises the
// current one.
func (db *DB) SubmitRequest(ctx context.Context, r *kiosk.Request) error {
	if r == nil {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "no request")
	}
	return db.act(ctx, "submit request", func(t *txn) error {
		nr, err := kiosk.SubmitRequest(t, t.now, kiosk.Actor{StudentKey: r.StudentKey, AssistedBy: r.AssistedBy}, *r)
		if err == nil {
			*r = withState(nr, t.state)
		}
		return err
	})
}

func insertRequest(ctx context.Context, tx *sql.Tx, r kiosk.Request, syncState string) error {
	submitted, err := required("request", r.SubmittedAt)
	if err != nil {
		return err
	}
	args, err := requestArgs(r, submitted)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO requests (`+requestCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(args, syncState)...)
	return err
}

// requestArgs returns r's columns in requestCols order up to sync_state,
// which each writer sets; the writer converts submitted, as it checks it.
func requestArgs(r kiosk.Request, submitted int64) ([]any, error) {
	due, err := nanos(r.DueAt)
	if err != nil {
		return nil, err
	}
	presets, notes, err := requestJSON(r)
	if err != nil {
		return nil, err
	}
	followUp, err := followUpJSON(r.FollowUp)
	if err != nil {
		return nil, err
	}
	var times [3]sql.NullInt64
	for i, t := range []time.Time{r.ResponseDueAt, r.RespondedAt, r.ResolvedAt} {
		if times[i], err = nanos(t); err != nil {
			return nil, err
		}
	}
	return []any{
		r.ID,
		r.Ticket,
		r.Token,
		r.StudentKey,
		r.HallID,
		string(r.Category),
		r.BuildingID,
		r.Floor,
		r.Room,
		presets,
		string(r.Contact),
		string(r.Status),
		submitted,
		due,
		notes,
		string(r.Outcome),
		r.Rating,
		r.UnitID,
		times[0],
		times[1],
		times[2],
		followUp,
		r.Proactive,
	}, nil
}

// followUpJSON returns the follow_up column: empty when there is none.
func followUpJSON(f *kiosk.FollowUp) (string, error) {
	if f == nil {
		return "", nil
	}
	at, err := required("request follow-up", f.At)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(followUpRow{At: at, By: f.By, Contacted: f.Contacted, Solved: f.Solved, Satisfied: f.Satisfied})
	return string(b), err
}

// requestJSON returns the presets and notes columns of r.
func requestJSON(r kiosk.Request) (presets, notes string, err error) {
	ps := r.Presets
	if ps == nil {
		ps = []string{}
	}
	ns := make([]noteRow, 0, len(r.Notes))
	for _, n := range r.Notes {
		at, err := required("request note", n.At)
		if err != nil {
			return "", "", err
		}
		ns = append(ns, noteRow{At: at, Status: n.Status, Text: n.Text})
	}
	pj, err := json.Marshal(ps)
	if err != nil {
		return "", "", err
	}
	nj, err := json.Marshal(ns)
	return string(pj), string(nj), err
}

// RequestsOf returns the student's requests, newest first, with the
// handlers' notes in order.
func (db *DB) RequestsOf(ctx context.Context, studentKey string) ([]kiosk.Request, error) {
	out, err := db.requestsOf(ctx, db.reader, studentKey, math.MinInt64)
	return out, wrapErr("read requests", err)
}

// requestsOf returns the student's requests submitted since (unix
// nanos), newest first.
func (db *DB) requestsOf(ctx context.Context, q queryer, studentKey string, since int64) ([]kiosk.Request, error) {
	return queryAll(ctx, q, db.scanRequest, `
		SELECT`+requestCols+`
		FROM requests
		WHERE student_key = ?
			AND submitted_at >= ?
		ORDER BY submitted_at DESC, id DESC`, studentKey, since)
}

// RateRequest records the student's verdict on their resolved request
// (kiosk.RateRequest) and queues it.
func (db *DB) RateRequest(ctx context.Context, studentKey, id string, o kiosk.Outcome, stars int) (*kiosk.Request, error) {
	return actOn(ctx, db, "rate request", func(t *txn) (kiosk.Request, error) {
		return kiosk.RateRequest(t, t.now, kiosk.Self(studentKey), id, o, stars)
	})
}
