package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"

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
	sync_state`

// noteRow is a handler note as stored in requests.notes: its time in
// unix nanoseconds like every other stored time.
type noteRow struct {
	At     int64               `json:"at"`
	Status kiosk.RequestStatus `json:"status"`
	Text   string              `json:"text"`
}

func (db *DB) scanRequest(sc scanner) (kiosk.Request, error) {
	var r kiosk.Request
	var presets, notes string
	var submitted, due sql.NullInt64
	err := sc.Scan(&r.ID, &r.Ticket, &r.Token, &r.StudentKey, &r.HallID, &r.Category, &r.BuildingID,
		&r.Floor, &r.Room, &presets, &r.Contact, &r.Status, &submitted, &due, &notes, &r.Outcome,
		&r.Rating, &r.SyncState)
	if err != nil {
		return r, err
	}
	r.SubmittedAt, r.DueAt = db.at(submitted), db.at(due)
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

// SubmitRequest stores a request the student composed (kiosk.NewRequest)
// with its outbox entry. The store sets the status to submitted and the
// deadline from the category's SLA in the stored settings, so a kiosk
// whose screen read older settings still promises the current deadline.
// An id already stored is a no-op that fills r with the stored request.
func (db *DB) SubmitRequest(ctx context.Context, r *kiosk.Request) error {
	if r == nil {
		return errNoID("request")
	}
	if r.StudentKey == "" {
		return errNoStudent("request")
	}
	if _, err := required("request", r.SubmittedAt); err != nil {
		return err
	}
	return db.update(ctx, "submit request", func(tx *sql.Tx) error {
		old, found, err := db.loadRequest(ctx, tx, r.ID)
		if err != nil || found {
			if err == nil && old.StudentKey != r.StudentKey {
				return errIDInUse("request", r.ID)
			}
			*r = old
			return err
		}
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		nr := *r
		nr.SubmittedAt = r.SubmittedAt.In(db.clockNow().Location())
		nr.Status, nr.DueAt = kiosk.RequestSubmitted, nr.SubmittedAt.Add(s.SLA.For(nr.Category))
		nr.Notes, nr.Outcome, nr.Rating = nil, "", 0
		if nr.HallID == "" {
			nr.HallID = s.HallID
		}
		if err := nr.Validate(); err != nil {
			return err
		}
		if err := insertRequest(ctx, tx, nr, kiosk.OutboxPending); err != nil {
			if isUnique(err) {
				return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "request ticket or token in use")
			}
			return err
		}
		if err := db.enqueueJSON(ctx, tx, nr.ID, kiosk.KindRequestCreate, db.clockNow(), nr); err != nil {
			return err
		}
		nr.SyncState = kiosk.OutboxPending
		*r = nr
		return nil
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
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
	}, nil
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

// RateRequest applies Request.Rate to the student's own resolved
// request at the store's clock and queues the rating. Rating it again
// with the same verdict returns it as stored, so a repeated tap is not
// an error.
func (db *DB) RateRequest(ctx context.Context, studentKey, id string, o kiosk.Outcome, stars int) (*kiosk.Request, error) {
	var out kiosk.Request
	err := db.update(ctx, "rate request", func(tx *sql.Tx) error {
		r, found, err := db.loadRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if !found || r.StudentKey != studentKey {
			return notFound("request", id)
		}
		rated := r.Status == kiosk.RequestClosed || r.Status == kiosk.RequestReopened
		if out = r; rated && r.Outcome == o && r.Rating == stars {
			return nil
		}
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := db.clockNow()
		if err := out.Rate(now, s.SLA, o, stars); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `
			UPDATE requests SET
				status = ?,
				due_at = ?,
				outcome = ?,
				rating = ?,
				sync_state = `+syncStateAfterAction+`
			WHERE id = ?
			RETURNING sync_state`,
			string(out.Status),
			out.DueAt.UnixNano(),
			string(out.Outcome),
			out.Rating,
			id,
		).Scan(&out.SyncState)
		if err != nil {
			return err
		}
		return db.enqueueJSON(ctx, tx, id, kiosk.KindRequestRate, now, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
