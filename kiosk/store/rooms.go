package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"onestop/kiosk"
)

const roomCols = `
	id,
	name_zh,
	name_en,
	type,
	capacity,
	facilities,
	building_id,
	floor,
	opens,
	closes,
	active,
	closed_weekdays,
	closed_dates`

func scanRoom(sc scanner) (kiosk.Room, error) {
	var r kiosk.Room
	var facilities, weekdays, dates string
	err := sc.Scan(&r.ID, &r.Name.Zh, &r.Name.En, &r.Type, &r.Capacity, &facilities,
		&r.BuildingID, &r.Floor, &r.Opens, &r.Closes, &r.Active, &weekdays, &dates)
	if err != nil {
		return r, err
	}
	for _, c := range []struct {
		what, data string
		v          any
	}{{"facilities", facilities, &r.Facilities}, {"closed weekdays", weekdays, &r.ClosedWeekdays}, {"closed dates", dates, &r.ClosedDates}} {
		if err := json.Unmarshal([]byte(c.data), c.v); err != nil {
			return r, fmt.Errorf("room %s %s: %w", r.ID, c.what, err)
		}
	}
	if len(r.ClosedWeekdays) == 0 {
		r.ClosedWeekdays = nil
	}
	if len(r.ClosedDates) == 0 {
		r.ClosedDates = nil
	}
	return r, nil
}

// Rooms returns the rooms of type t (every type when ""), closed ones
// included so screens can show them greyed, by building, floor and name.
func (db *DB) Rooms(ctx context.Context, t kiosk.RoomType) ([]kiosk.Room, error) {
	rs, err := readRooms(ctx, db.reader, t, false)
	return rs, wrapErr("read rooms", err)
}

func readRooms(ctx context.Context, q queryer, t kiosk.RoomType, activeOnly bool) ([]kiosk.Room, error) {
	return queryAll(ctx, q, scanRoom, `
		SELECT`+roomCols+`
		FROM rooms
		WHERE (?1 = '' OR type = ?1)
			AND (?2 = 0 OR active = 1)
		ORDER BY building_id, floor, name_zh, id`, string(t), boolInt(activeOnly))
}

func loadRoom(ctx context.Context, q queryer, id string) (kiosk.Room, error) {
	r, err := scanRoom(q.QueryRowContext(ctx, `
		SELECT`+roomCols+`
		FROM rooms
		WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("room", id)
	}
	return r, err
}

func putRoom(ctx context.Context, tx *sql.Tx, r kiosk.Room) error {
	facilities := r.Facilities
	if facilities == nil {
		facilities = []string{}
	}
	fj, err := json.Marshal(facilities)
	if err != nil {
		return err
	}
	weekdays, dates := r.ClosedWeekdays, r.ClosedDates
	if weekdays == nil {
		weekdays = []time.Weekday{}
	}
	if dates == nil {
		dates = []string{}
	}
	wj, err := json.Marshal(weekdays)
	if err != nil {
		return err
	}
	dj, err := json.Marshal(dates)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO rooms (`+roomCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			name_zh = excluded.name_zh,
			name_en = excluded.name_en,
			type = excluded.type,
			capacity = excluded.capacity,
			facilities = excluded.facilities,
			building_id = excluded.building_id,
			floor = excluded.floor,
			opens = excluded.opens,
			closes = excluded.closes,
			active = excluded.active,
			closed_weekdays = excluded.closed_weekdays,
			closed_dates = excluded.closed_dates`,
		r.ID,
		r.Name.Zh,
		r.Name.En,
		string(r.Type),
		r.Capacity,
		string(fj),
		r.BuildingID,
		r.Floor,
		r.Opens,
		r.Closes,
		boolInt(r.Active),
		string(wj),
		string(dj),
	)
	return err
}

// RoomBookings returns the bookings holding the room in [from, to), in
// start order. A booking whose check-in window closed unused holds
// nothing even before ReleaseNoShows has run.
func (db *DB) RoomBookings(ctx context.Context, roomID string, from, to time.Time) ([]kiosk.Booking, error) {
	if err := checkTimes("room booking range", from, to); err != nil {
		return nil, err
	}
	lo, err := nanos(from.Add(-maxSpan))
	if err != nil {
		return nil, err
	}
	hi, err := nanos(to)
	if err != nil {
		return nil, err
	}
	var out []kiosk.Booking
	err = db.view(ctx, "read room bookings", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		bs, err := db.queryBookings(ctx, tx, `
			WHERE room_id = ?
				AND start_at >= ?
				AND start_at < ?
				AND status IN ('booked', 'checked_in')
			ORDER BY start_at, id`, roomID, lo, hi)
		if err != nil {
			return err
		}
		now := db.clockNow()
		for _, b := range bs {
			if b.End.After(from) && !s.Room.NoShowDue(now, b) {
				out = append(out, b)
			}
		}
		return nil
	})
	return out, err
}
