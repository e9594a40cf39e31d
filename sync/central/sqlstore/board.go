package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The 接诉即办 board (central.BoardStore): the columns the board pages
// on, the halls' calendars and clocks, units, and handlers' steps.

// boardKey is where a request sorts on the board (see migration 0010):
// open ones by the earliest deadline still pending, closed ones after
// them, newest closed first.
func boardKey(r *kiosk.Request) (closed int, sortAt int64) {
	if r.Status.Open() {
		due := int64(math.MaxInt64)
		if !r.DueAt.IsZero() {
			due = r.DueAt.UnixNano()
		}
		if r.RespondedAt.IsZero() && !r.ResponseDueAt.IsZero() && r.ResponseDueAt.UnixNano() < due {
			due = r.ResponseDueAt.UnixNano()
		}
		return 0, due
	}
	end := r.SubmittedAt
	if !r.ResolvedAt.IsZero() {
		end = r.ResolvedAt
	}
	if n := len(r.Notes); n > 0 && r.Notes[n-1].At.After(end) {
		end = r.Notes[n-1].At
	}
	return 1, -end.UnixNano()
}

// boardArgs are the board's columns of r, in boardColumns' order.
func boardArgs(r *kiosk.Request) []any {
	closed, sortAt := boardKey(r)
	proactive := 0
	if r.Proactive {
		proactive = 1
	}
	return []any{string(r.Category), r.BuildingID, r.Floor, r.UnitID, nanos(r.SubmittedAt), nanos(r.ResponseDueAt),
		nanos(r.RespondedAt), nanos(r.ResolvedAt), proactive, closed, sortAt}
}

const boardColumns = `category, building_id, floor, unit_id, submitted_at, response_due_at, responded_at, resolved_at, proactive, closed, sort_at`

// hallZone is the hall's time zone, which the working calendar runs in.
func (t *txn) hallZone(hallID string) (*time.Location, error) {
	var zone string
	err := t.row(`
		SELECT
			time_zone
		FROM halls
		WHERE id = ?`, hallID).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("hall", hallID)
	}
	if err != nil {
		return nil, err
	}
	return kiosk.LoadZone(zone)
}

// requestPolicy is the hall's stored policy, else the default.
func (t *txn) requestPolicy(hallID string) (kiosk.RequestPolicy, error) {
	var data string
	err := t.row(`
		SELECT
			data
		FROM request_policies
		WHERE hall_id = ?`, hallID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.DefaultRequestPolicy(), nil
	}
	if err != nil {
		return kiosk.RequestPolicy{}, err
	}
	var p kiosk.RequestPolicy
	return p, json.Unmarshal([]byte(data), &p)
}

// applyPolicy sets a filed request's deadlines from its hall's policy:
// central's are authoritative over the kiosk's provisional one.
func (t *txn) applyPolicy(hallID string, r *kiosk.Request) error {
	p, err := t.requestPolicy(hallID)
	if err != nil {
		return err
	}
	loc, err := t.hallZone(hallID)
	if err != nil {
		return err
	}
	p.SetDeadlines(r, loc)
	return nil
}

// reopenPolicy restarts a reopened request's resolution clock on the
// hall's calendar.
func (t *txn) reopenPolicy(hallID string, r *kiosk.Request) error {
	p, err := t.requestPolicy(hallID)
	if err != nil {
		return err
	}
	loc, err := t.hallZone(hallID)
	if err != nil {
		return err
	}
	p.Reopened(r, loc, t.now)
	return nil
}

// RequestPolicy returns the hall's calendar and clocks.
func (db *DB) RequestPolicy(ctx context.Context, hallID string) (kiosk.RequestPolicy, error) {
	var p kiosk.RequestPolicy
	err := db.update(ctx, "request policy", func(t *txn) error {
		if _, err := t.hallZone(hallID); err != nil {
			return err
		}
		var err error
		p, err = t.requestPolicy(hallID)
		return err
	})
	return p, err
}

// SetRequestPolicy stores the hall's calendar and clocks, audited.
func (db *DB) SetRequestPolicy(ctx context.Context, hallID string, p kiosk.RequestPolicy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return db.update(ctx, "set request policy", func(t *txn) error {
		if _, err := t.hallZone(hallID); err != nil {
			return err
		}
		before, err := t.requestPolicy(hallID)
		if err != nil {
			return err
		}
		if err := t.exec(`
			INSERT INTO request_policies (
				hall_id,
				data
			) VALUES (?, ?)
			ON CONFLICT (hall_id) DO UPDATE SET
				data = excluded.data`, hallID, string(data)); err != nil {
			return err
		}
		return t.audit(hallID, "request_policy", hallID, "put", before, json.RawMessage(data))
	})
}

// Units lists every unit by hall, then name.
func (db *DB) Units(ctx context.Context) ([]kiosk.Unit, error) {
	rows, err := db.readQuery(ctx, `
		SELECT
			id,
			hall_id,
			name_zh,
			name_en,
			active
		FROM units
		ORDER BY hall_id, name_zh, id`)
	if err != nil {
		return nil, db.wrap("units", err)
	}
	defer rows.Close()
	var us []kiosk.Unit
	for rows.Next() {
		var u kiosk.Unit
		var active int
		if err := rows.Scan(&u.ID, &u.HallID, &u.Name.Zh, &u.Name.En, &active); err != nil {
			return nil, db.wrap("units", err)
		}
		u.Active = active == 1
		us = append(us, u)
	}
	return us, db.wrap("units", rows.Err())
}

// Unit returns one unit; ENOTFOUND if unknown.
func (db *DB) Unit(ctx context.Context, id string) (kiosk.Unit, error) {
	var u kiosk.Unit
	err := db.update(ctx, "unit", func(t *txn) error {
		var err error
		u, err = t.unit(id)
		return err
	})
	return u, err
}

func (t *txn) unit(id string) (kiosk.Unit, error) {
	u := kiosk.Unit{ID: id}
	var active int
	err := t.row(`
		SELECT
			hall_id,
			name_zh,
			name_en,
			active
		FROM units
		WHERE id = ?`, id).Scan(&u.HallID, &u.Name.Zh, &u.Name.En, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return u, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrRequestUnit, "unit %q not found", id).WithField("unit")
	}
	u.Active = active == 1
	return u, err
}

// PutUnit adds or replaces a unit, audited; a unit keeps its hall.
func (db *DB) PutUnit(ctx context.Context, u kiosk.Unit) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.update(ctx, "put unit", func(t *txn) error {
		before, err := t.unit(u.ID)
		switch {
		case kiosk.ErrorCode(err) == kiosk.ENOTFOUND:
			if u.HallID != "" {
				if _, err := t.hallZone(u.HallID); err != nil {
					return err
				}
			}
		case err != nil:
			return err
		case before.HallID != u.HallID:
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrRequestUnit, "unit %s belongs to hall %q", u.ID, before.HallID).WithField("hall")
		}
		active := 0
		if u.Active {
			active = 1
		}
		if err := t.exec(`
			INSERT INTO units (
				id,
				hall_id,
				name_zh,
				name_en,
				active
			) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET
				name_zh = excluded.name_zh,
				name_en = excluded.name_en,
				active = excluded.active`,
			u.ID, u.HallID, strings.TrimSpace(u.Name.Zh), strings.TrimSpace(u.Name.En), active); err != nil {
			return err
		}
		var old any
		if before.Name.Zh+before.Name.En != "" {
			old = before
		}
		return t.audit(u.HallID, "unit", u.ID, "put", old, u)
	})
}

// BoardRequests pages the board in SQL: the filters pick an index
// (migration 0010), the keyset (closed, sort_at, id) pages it.
func (db *DB) BoardRequests(ctx context.Context, q central.BoardQuery) (central.BoardPage, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if q.HallID != "" {
		add("hall_id = ?", q.HallID)
	}
	if q.BuildingID != "" {
		add("building_id = ?", q.BuildingID)
	}
	if q.Floor != nil {
		add("floor = ?", *q.Floor)
	}
	if q.Category != "" {
		add("category = ?", string(q.Category))
	}
	if q.UnitID != "" {
		add("unit_id = ?", q.UnitID)
	}
	switch q.Status {
	case "":
	case central.BoardOpen:
		add("closed = 0")
	default:
		add("status = ?", q.Status)
	}
	if q.Overdue {
		add("closed = 0 AND sort_at < ?", q.Now.UnixNano())
	}
	switch q.Assisted {
	case central.BoardAssisted:
		add("assisted_by <> ''")
	case central.BoardUnassisted:
		add("assisted_by = ''")
	}
	if q.After != "" {
		c, s, id, err := parseBoardCursor(q.After)
		if err != nil {
			return central.BoardPage{}, err
		}
		add("(closed, sort_at, id) > (?, ?, ?)", c, s, id)
	}
	limit := q.Limit
	if limit <= 0 || limit > central.MaxBoardPage {
		limit = central.MaxBoardPage
	}
	s := `
		SELECT
			id,
			ticket,
			hall_id,
			status,
			due_at,
			` + boardColumns + `
		FROM requests`
	if len(where) > 0 {
		s += `
		WHERE ` + strings.Join(where, `
			AND `)
	}
	s += `
		ORDER BY closed, sort_at, id
		LIMIT ` + strconv.Itoa(limit+1)
	rows, err := db.readQuery(ctx, s, args...)
	if err != nil {
		return central.BoardPage{}, db.wrap("board", err)
	}
	defer rows.Close()
	var p central.BoardPage
	var keys []string // each row's keyset position
	for rows.Next() {
		var r kiosk.Request
		var status, category string
		var due, submitted, respDue, responded, resolved sql.NullInt64
		var proactive, closed int
		var sortAt int64
		if err := rows.Scan(&r.ID, &r.Ticket, &r.HallID, &status, &due, &category, &r.BuildingID, &r.Floor, &r.UnitID,
			&submitted, &respDue, &responded, &resolved, &proactive, &closed, &sortAt); err != nil {
			return p, db.wrap("board", err)
		}
		if len(p.Requests) == limit {
			p.Next = keys[limit-1]
			break
		}
		keys = append(keys, fmt.Sprintf("%d.%d.%s", closed, sortAt, r.ID))
		r.Status, r.Category, r.Proactive = kiosk.RequestStatus(status), kiosk.RequestCategory(category), proactive == 1
		r.DueAt, r.SubmittedAt = fromNanos(due, time.UTC), fromNanos(submitted, time.UTC)
		r.ResponseDueAt, r.RespondedAt, r.ResolvedAt = fromNanos(respDue, time.UTC), fromNanos(responded, time.UTC), fromNanos(resolved, time.UTC)
		p.Requests = append(p.Requests, r)
	}
	return p, db.wrap("board", rows.Err())
}

// parseBoardCursor reads "closed.sort_at.id".
func parseBoardCursor(s string) (int, int64, string, error) {
	parts := strings.SplitN(s, ".", 3)
	if len(parts) == 3 {
		c, err1 := strconv.Atoi(parts[0])
		sa, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 == nil && err2 == nil && (c == 0 || c == 1) {
			return c, sa, parts[2], nil
		}
	}
	return 0, 0, "", kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrBadInput, "bad board cursor").With(map[string]any{"Field": "after"}).WithField("after")
}

// BoardRequest is the request in full and its internal notes.
func (db *DB) BoardRequest(ctx context.Context, id string) (kiosk.Request, []kiosk.InternalNote, error) {
	var r kiosk.Request
	var notes []kiosk.InternalNote
	err := db.update(ctx, "board request", func(t *txn) error {
		if _, err := t.get(wire.EntityRequest, id, &r); err != nil {
			return err
		}
		var err error
		notes, err = t.internalNotes(id)
		return err
	})
	return r, notes, err
}

func (t *txn) internalNotes(id string) ([]kiosk.InternalNote, error) {
	rows, err := t.query(`
		SELECT
			at,
			author,
			text
		FROM request_internal_notes
		WHERE request_id = ?
		ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ns []kiosk.InternalNote
	for rows.Next() {
		var n kiosk.InternalNote
		var at int64
		if err := rows.Scan(&at, &n.By, &n.Text); err != nil {
			return nil, err
		}
		n.At = time.Unix(0, at)
		ns = append(ns, n)
	}
	return ns, rows.Err()
}

// HandleRequest applies a handler's step: the request entity for a
// change the student sees (audited by put), an internal note's row
// (audited here) for one they do not.
func (db *DB) HandleRequest(ctx context.Context, id string, a kiosk.RequestAction) (kiosk.Request, error) {
	var r kiosk.Request
	err := db.update(ctx, "handle request", func(t *txn) error {
		hall, err := t.get(wire.EntityRequest, id, &r)
		if err != nil {
			return err
		}
		if a.Kind == kiosk.ActDispatch && a.UnitID != "" {
			u, err := t.unit(a.UnitID)
			if err != nil && kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
				return err
			}
			if err == nil {
				a.Unit = &u
			}
		}
		if a.By == "" {
			a.By = central.Actor(ctx)
		}
		note, err := r.Handle(t.now, a)
		if err != nil {
			return err
		}
		if note != nil {
			if err := t.exec(`
				INSERT INTO request_internal_notes (
					request_id,
					hall_id,
					at,
					author,
					text
				) VALUES (?, ?, ?, ?, ?)`,
				id, hall, note.At.UnixNano(), note.By, note.Text); err != nil {
				return err
			}
			return t.audit(hall, "request_internal_note", id, "add", nil, note)
		}
		_, err = t.saveRequest(hall, &r)
		return err
	})
	return r, err
}

// OpenProactiveRequest opens a request for the hall (未诉先办) with the
// hall's deadlines; a ticket that happens to repeat one is drawn again.
func (db *DB) OpenProactiveRequest(ctx context.Context, p kiosk.Proactive) (kiosk.Request, error) {
	var r kiosk.Request
	err := db.update(ctx, "open proactive request", func(t *txn) error {
		loc, err := t.hallZone(p.HallID)
		if err != nil {
			return err
		}
		pol, err := t.requestPolicy(p.HallID)
		if err != nil {
			return err
		}
		var floors int
		err = t.row(`
			SELECT
				count(*)
			FROM buildings
			WHERE id = ?
				AND hall_id = ?`, p.BuildingID, p.HallID).Scan(&floors)
		if err != nil {
			return err
		}
		if floors == 0 {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrRequestPlace, "building %q is not the hall's", p.BuildingID).WithField("building")
		}
		for try := 0; ; try++ {
			if r, err = kiosk.NewProactiveRequest(kiosk.IDSource{}, t.now, loc, pol, p); err != nil {
				return err
			}
			var n int
			if err := t.row(`
				SELECT
					count(*)
				FROM requests
				WHERE hall_id = ?
					AND ticket = ?`, p.HallID, r.Ticket).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				break
			}
			if try == 5 {
				return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "no free ticket")
			}
		}
		if err := t.insertRequest(p.HallID, &r); err != nil {
			return err
		}
		_, err = t.putNew(wire.EntityRequest, r.ID, p.HallID, r)
		return err
	})
	return r, err
}

// BoardBuildings lists every hall's buildings by hall and id.
func (db *DB) BoardBuildings(ctx context.Context) ([]central.HallBuilding, error) {
	rows, err := db.readQuery(ctx, `
		SELECT
			b.hall_id,
			e.data
		FROM buildings AS b
		JOIN entities AS e ON e.entity = 'building' AND e.id = b.id
		ORDER BY b.hall_id, b.id`)
	if err != nil {
		return nil, db.wrap("buildings", err)
	}
	defer rows.Close()
	var bs []central.HallBuilding
	for rows.Next() {
		var b central.HallBuilding
		var data string
		if err := rows.Scan(&b.HallID, &data); err != nil {
			return nil, db.wrap("buildings", err)
		}
		if err := json.Unmarshal([]byte(data), &b.Building); err != nil {
			return nil, db.wrap("buildings", err)
		}
		bs = append(bs, b)
	}
	return bs, db.wrap("buildings", rows.Err())
}
