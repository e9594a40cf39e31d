package store

import (
	"context"
	"database/sql"
	"time"

	"onestop/kiosk"
)

// interval is a half-open stretch [start, end) in unix nanoseconds.
type interval struct{ start, end int64 }

// FreeSlots returns, per active room of type t (every type when ""), the
// free stretches of at least length within [from, to) and the room's
// opening hours, each starting and ending on a slot boundary of the
// settings (RoomRules.Grid, from opening time). They come earliest first, ties in Rooms order, so the first
// is the soonest free room ("book now"); a length of zero or less means
// one slot. It reads every room's holding bookings in the range with one
// indexed query and merges them here.
func (db *DB) FreeSlots(ctx context.Context, t kiosk.RoomType, from, to time.Time, length time.Duration) ([]kiosk.FreeSlot, error) {
	if err := checkTimes("free slot range", from, to); err != nil {
		return nil, err
	}
	var out []kiosk.FreeSlot
	err := db.view(ctx, "find free slots", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		rooms, err := readRooms(ctx, tx, t, true)
		if err != nil || len(rooms) == 0 {
			return err
		}
		now := db.clockNow()
		busy, err := holdingByRoom(ctx, tx, s.Room, now, rooms, from, to)
		if err != nil {
			return err
		}
		if length <= 0 {
			length = s.Room.Slot
		}
		from, to := s.Local(from), s.Local(to)
		perRoom := make([][]kiosk.FreeSlot, len(rooms))
		for i, r := range rooms {
			perRoom[i] = freeInRoom(nil, s.Room, r, busy[i], from, to, length)
		}
		out = mergeByStart(perRoom)
		return nil
	})
	return out, err
}

// holdingSQL reads the holding bookings starting in [?1, ?2) that end
// after ?3, from the covering index bookings_holding alone.
const holdingSQL = `
	SELECT
		room_id,
		start_at,
		end_at,
		status = 'booked'
	FROM bookings
	WHERE start_at >= ?
		AND start_at < ?
		AND end_at > ?
		AND status IN ('booked', 'checked_in')
	ORDER BY start_at`

// holdingByRoom returns, per room, the intervals of bookings holding it
// in [from, to), in start order. Bookings due as no-shows hold nothing.
func holdingByRoom(ctx context.Context, tx *sql.Tx, r kiosk.RoomRules, now time.Time, rooms []kiosk.Room,
	from, to time.Time) ([][]interval, error) {
	index := make(map[string]int, len(rooms))
	for i, room := range rooms {
		index[room.ID] = i
	}
	f, t := from.UnixNano(), to.UnixNano()
	// A booked booking whose start is before this has its check-in
	// window closed (NoShowDue) and holds nothing.
	dueBefore := now.Add(-r.CheckInAfter).UnixNano()
	rows, err := tx.QueryContext(ctx, holdingSQL, from.Add(-maxSpan).UnixNano(), t, f)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	busy := make([][]interval, len(rooms))
	var roomID sql.RawBytes
	var iv interval
	var booked bool
	for rows.Next() {
		if err := rows.Scan(&roomID, &iv.start, &iv.end, &booked); err != nil {
			return nil, err
		}
		i, ok := index[string(roomID)]
		if !ok || (booked && iv.start < dueBefore) {
			continue
		}
		busy[i] = append(busy[i], iv)
	}
	return busy, rows.Err()
}

// freeInRoom appends the room's free stretches of at least length in
// [from, to) on each day's slot grid (RoomRules.Grid), starting and
// ending on its boundaries. It works in unix nanoseconds; only the
// stretches become times.
func freeInRoom(out []kiosk.FreeSlot, rules kiosk.RoomRules, room kiosk.Room, busy []interval, from, to time.Time, length time.Duration) []kiosk.FreeSlot {
	need := int64(length)
	loc := from.Location()
	first := 0 // bookings before it ended before the current day
	for day := kiosk.StartOfDay(from); day.Before(to); day = day.AddDate(0, 0, 1) {
		g := rules.Grid(room, day)
		if g.Step <= 0 {
			continue
		}
		d := g.Opens.UnixNano()
		for first < len(busy) && busy[first].end <= d {
			first++
		}
		ceil, floor := g.CeilNanos, g.FloorNanos
		lo, hi := ceil(max(d, from.UnixNano())), floor(min(g.End().UnixNano(), to.UnixNano()))
		emit := func(start, end int64) {
			if end-start >= need {
				out = append(out, kiosk.FreeSlot{RoomID: room.ID, Start: time.Unix(0, start).In(loc), End: time.Unix(0, end).In(loc)})
			}
		}
		cur := lo
		for _, b := range busy[first:] {
			if b.end <= cur {
				continue
			}
			if b.start >= hi {
				break
			}
			// A booking off the slot grid blocks every slot it touches.
			emit(cur, floor(b.start))
			cur = ceil(b.end)
		}
		emit(cur, hi)
	}
	return out
}

// mergeByStart merges lists each in start order into one, earliest
// first and ties in list order: a k-way merge, cheaper than sorting.
func mergeByStart(lists [][]kiosk.FreeSlot) []kiosk.FreeSlot {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]kiosk.FreeSlot, 0, n)
	heads := make([]int64, len(lists)) // start of each list's next item
	const done = 1<<63 - 1
	for i, l := range lists {
		heads[i] = done
		if len(l) > 0 {
			heads[i] = l[0].Start.UnixNano()
		}
	}
	for range n {
		best := 0
		for i, h := range heads {
			if h < heads[best] {
				best = i
			}
		}
		l := lists[best]
		out = append(out, l[0])
		lists[best] = l[1:]
		heads[best] = done
		if len(l) > 1 {
			heads[best] = l[1].Start.UnixNano()
		}
	}
	return out
}
