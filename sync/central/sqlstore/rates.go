package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The follow-up (回访) and the 接诉即办 rates (central.RatesStore): the
// follow-up's columns (migration 0017), the rates' GROUP BY counts and
// the follow-up queue.

const followUpColumns = `followup_at, followup_solved, followup_satisfied`

// followUpArgs are r's follow-up columns: only a follow-up that reached
// the student counts, so an unanswered call leaves them empty.
func followUpArgs(r *kiosk.Request) []any {
	f := r.FollowUp
	if f == nil || !f.Contacted {
		return []any{sql.NullInt64{}, "", ""}
	}
	return []any{nanos(f.At), string(f.Solved), string(f.Satisfied)}
}

// rateGroups are the columns each count query selects ({cell}, always
// the same five) and groups by ({group}), per RatesQuery.Group.
var rateGroups = map[string][2]string{
	"":                          {`hall_id, category, building_id, floor, unit_id`, `hall_id, category, building_id, floor, unit_id`},
	central.RateGroupPlaces:     {`hall_id, '', building_id, floor, unit_id`, `hall_id, building_id, floor, unit_id`},
	central.RateGroupCategories: {`hall_id, category, '', 0, ''`, `hall_id, category`},
	central.RateGroupBuildings:  {`hall_id, '', building_id, 0, ''`, `hall_id, building_id`},
}

// The three count queries, one per time column; %s is the hall filter.
// Each reads one index range (migration 0017) and groups in SQL.
const (
	rateResponses = `
		SELECT
			{cell},
			count(*),
			sum(CASE WHEN responded_at IS NOT NULL AND (response_due_at IS NULL OR responded_at <= response_due_at) THEN 1 ELSE 0 END)
		FROM requests
		WHERE submitted_at >= ?
			AND submitted_at < ?%s
			AND proactive = 0
			AND (responded_at IS NOT NULL OR response_due_at <= ?)
		GROUP BY {group}`
	rateFollowUps = `
		SELECT
			{cell},
			count(*),
			sum(CASE WHEN followup_solved = 'solved' THEN 1 ELSE 0 END),
			sum(CASE WHEN followup_solved = 'partly' THEN 1 ELSE 0 END),
			sum(CASE WHEN followup_satisfied = 'satisfied' THEN 1 ELSE 0 END),
			sum(CASE WHEN followup_satisfied = 'basically' THEN 1 ELSE 0 END)
		FROM requests
		WHERE followup_at >= ?
			AND followup_at < ?%s
		GROUP BY {group}`
	rateDue = `
		SELECT
			{cell},
			count(*),
			sum(CASE WHEN status IN ('resolved', 'closed') AND resolved_at <= due_at THEN 1 ELSE 0 END)
		FROM requests
		WHERE due_at >= ?
			AND due_at < ?%s
			AND status <> 'rejected'
			AND (due_at <= ? OR status IN ('resolved', 'closed'))
		GROUP BY {group}`
)

type cellKey struct {
	hall, category, building string
	floor                    int
	unit                     string
}

// RateCells counts the period's requests per cell in three GROUP BY
// queries and merges them.
func (db *DB) RateCells(ctx context.Context, q central.RatesQuery) ([]central.RateCell, error) {
	if q.HallIDs != nil && len(q.HallIDs) == 0 {
		return nil, nil
	}
	if _, ok := rateGroups[q.Group]; !ok {
		return nil, invalid("unknown rates grouping %q", q.Group)
	}
	hallFilter, hallArgs := "", []any{}
	if q.HallIDs != nil {
		hallFilter = `
			AND hall_id IN (?` + strings.Repeat(", ?", len(q.HallIDs)-1) + `)`
		for _, h := range q.HallIDs {
			hallArgs = append(hallArgs, h)
		}
	}
	from, to, now := q.From.UnixNano(), q.To.UnixNano(), q.Now.UnixNano()
	cells := map[cellKey]*central.RateCell{}
	var order []cellKey
	// run reads one query's rows: the cell, then counts counts.
	run := func(s string, args []any, counts int, add func(c *central.RateCounts, n []int)) error {
		g := rateGroups[q.Group]
		s = strings.NewReplacer("{cell}", g[0], "{group}", g[1]).Replace(fmt.Sprintf(s, hallFilter))
		rows, err := db.readQuery(ctx, s, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k cellKey
			n := make([]int, counts)
			dest := []any{&k.hall, &k.category, &k.building, &k.floor, &k.unit}
			for i := range n {
				dest = append(dest, &n[i])
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			c := cells[k]
			if c == nil {
				c = &central.RateCell{HallID: k.hall, Category: kiosk.RequestCategory(k.category), BuildingID: k.building, Floor: k.floor, UnitID: k.unit}
				cells[k] = c
				order = append(order, k)
			}
			add(&c.RateCounts, n)
		}
		return rows.Err()
	}
	args := func(extra ...any) []any {
		a := append([]any{from, to}, hallArgs...)
		return append(a, extra...)
	}
	err := run(rateResponses, args(now), 2, func(c *central.RateCounts, n []int) {
		c.Requests, c.RespondedInTime = n[0], n[1]
	})
	if err == nil {
		err = run(rateFollowUps, args(), 5, func(c *central.RateCounts, n []int) {
			c.FollowedUp, c.Solved, c.Partly, c.Satisfied, c.Basically = n[0], n[1], n[2], n[3], n[4]
		})
	}
	if err == nil {
		err = run(rateDue, args(now), 2, func(c *central.RateCounts, n []int) {
			c.Due, c.ResolvedInTime = n[0], n[1]
		})
	}
	if err != nil {
		return nil, db.wrap("rate cells", err)
	}
	out := make([]central.RateCell, 0, len(order))
	for _, k := range order {
		out = append(out, *cells[k])
	}
	return out, nil
}

// FollowUpQueue pages resolved requests by resolution time, keyset
// (resolved_at, id), on the queue's indexes (migration 0017).
func (db *DB) FollowUpQueue(ctx context.Context, q central.FollowUpQuery) (central.FollowUpPage, error) {
	where := []string{"r.status = ?"}
	args := []any{string(kiosk.RequestResolved)}
	if q.HallID != "" {
		where, args = append(where, "r.hall_id = ?"), append(args, q.HallID)
	}
	if q.After != "" {
		at, id, ok := strings.Cut(q.After, ".")
		n, err := strconv.ParseInt(at, 10, 64)
		if !ok || err != nil {
			return central.FollowUpPage{}, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrBadInput, "bad follow-up cursor").With(map[string]any{"Field": "after"}).WithField("after")
		}
		where, args = append(where, "(r.resolved_at, r.id) > (?, ?)"), append(args, n, id)
	}
	limit := q.Limit
	if limit <= 0 || limit > central.MaxBoardPage {
		limit = central.MaxBoardPage
	}
	rows, err := db.readQuery(ctx, `
		SELECT
			r.resolved_at,
			e.data
		FROM requests AS r
		JOIN entities AS e ON e.entity = 'request' AND e.id = r.id
		WHERE `+strings.Join(where, `
			AND `)+`
		ORDER BY r.resolved_at, r.id
		LIMIT `+strconv.Itoa(limit+1), args...)
	if err != nil {
		return central.FollowUpPage{}, db.wrap("follow-up queue", err)
	}
	defer rows.Close()
	var p central.FollowUpPage
	var last string
	for rows.Next() {
		var at sql.NullInt64
		var data string
		if err := rows.Scan(&at, &data); err != nil {
			return p, db.wrap("follow-up queue", err)
		}
		if len(p.Requests) == limit {
			p.Next = last
			break
		}
		var r kiosk.Request
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			return p, db.wrap("follow-up queue", err)
		}
		last = fmt.Sprintf("%d.%s", at.Int64, r.ID)
		p.Requests = append(p.Requests, r)
	}
	return p, db.wrap("follow-up queue", rows.Err())
}

// RecordFollowUp applies an admin's follow-up call to the request
// entity (audited by put); not solved restarts the resolution clock.
func (db *DB) RecordFollowUp(ctx context.Context, id string, f kiosk.FollowUp) (kiosk.Request, error) {
	var r kiosk.Request
	err := db.update(ctx, "record follow-up", func(t *txn) error {
		hall, err := t.get(wire.EntityRequest, id, &r)
		if err != nil {
			return err
		}
		if f.By == "" {
			f.By = central.Actor(ctx)
		}
		if err := r.RecordFollowUp(t.now, f); err != nil {
			return err
		}
		if r.Status == kiosk.RequestReopened {
			if err := t.reopenPolicy(hall, &r); err != nil {
				return err
			}
		}
		_, err = t.saveRequest(hall, &r)
		return err
	})
	return r, err
}

// RateByToken applies the student's verdict from the status page, as a
// kiosk's request.rate does: not solved restarts the resolution clock
// on the hall's calendar (so the kiosk settings' SLA Rate takes is
// replaced at once).
func (db *DB) RateByToken(ctx context.Context, token string, o kiosk.Outcome, stars int) (kiosk.Request, error) {
	var r kiosk.Request
	err := db.update(ctx, "rate by token", func(t *txn) error {
		var id string
		err := t.row(`
			SELECT
				id
			FROM requests
			WHERE token = ?`, token).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("request", "by token")
		}
		if err != nil {
			return err
		}
		hall, err := t.get(wire.EntityRequest, id, &r)
		if err != nil {
			return err
		}
		// The same verdict again is a repeated tap, not an error.
		rated := r.Status == kiosk.RequestClosed || r.Status == kiosk.RequestReopened
		if rated && r.Outcome == o && r.Rating == stars {
			return nil
		}
		if err := r.Rate(t.now, kiosk.DefaultSettings().SLA, o, stars); err != nil {
			return err
		}
		if r.Status == kiosk.RequestReopened {
			if err := t.reopenPolicy(hall, &r); err != nil {
				return err
			}
		}
		_, err = t.saveRequest(hall, &r)
		return err
	})
	return r, err
}
