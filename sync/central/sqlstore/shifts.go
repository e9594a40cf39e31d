package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"onestop/sync/central"
)

// CappedShifts implements central.ShiftStore over the shifts_capped
// index (migration 0019), with each shift's entity as kiosks see it and
// its volunteer's masked name from the roster's entity.
func (db *DB) CappedShifts(ctx context.Context, q central.CappedShiftQuery) ([]central.CappedShift, error) {
	where := []string{"sh.capped = 1"}
	var args []any
	if q.Halls != nil {
		if len(q.Halls) == 0 {
			return nil, nil
		}
		in, hallArgs := inList(q.Halls)
		where = append(where, "sh.hall_id IN "+in)
		args = append(args, hallArgs...)
	}
	for _, b := range []struct {
		what, cond string
		at         time.Time
	}{{"from", "sh.start_at >= ?", q.From}, {"to", "sh.start_at < ?", q.To}} {
		if b.at.IsZero() {
			continue
		}
		if err := checkTime(b.what, b.at); err != nil {
			return nil, err
		}
		where = append(where, b.cond)
		args = append(args, b.at.UnixNano())
	}
	if q.Uncorrected {
		where = append(where, "sh.corrected = 0")
	}
	// The statement varies with the halls: run it unprepared rather than
	// fill the statement cache with one per list length.
	rows, err := db.r.QueryContext(ctx, db.q(`
		SELECT
			sh.hall_id,
			sh.capped_end_at,
			e.data,
			s.data
		FROM shifts sh
		JOIN entities e
			ON e.entity = 'shift'
			AND e.id = sh.id
		LEFT JOIN entities s
			ON s.entity = 'student'
			AND s.id = sh.student_key
		WHERE `+strings.Join(where, "\n\t\t\tAND ")+`
		ORDER BY sh.start_at DESC, sh.id
		LIMIT `+fmt.Sprint(central.MaxCappedShifts)), args...)
	if err != nil {
		return nil, db.wrap("capped shifts", err)
	}
	defer rows.Close()
	loc := db.clock.Now().Location()
	var out []central.CappedShift
	for rows.Next() {
		var c central.CappedShift
		var capEnd sql.NullInt64
		var data string
		var student sql.NullString
		if err := rows.Scan(&c.HallID, &capEnd, &data, &student); err != nil {
			return nil, db.wrap("capped shifts", err)
		}
		if err := json.Unmarshal([]byte(data), &c.Shift); err != nil {
			return nil, fmt.Errorf("capped shifts: shift: %w", err)
		}
		if student.Valid {
			var st central.Student
			if err := json.Unmarshal([]byte(student.String), &st); err != nil {
				return nil, fmt.Errorf("capped shifts: student: %w", err)
			}
			c.StudentName = st.MaskedName
		}
		c.CappedEnd = fromNanos(capEnd, loc)
		c.Start, c.End = c.Start.In(loc), c.End.In(loc)
		if !c.CorrectedAt.IsZero() {
			c.CorrectedAt = c.CorrectedAt.In(loc)
		}
		out = append(out, c)
	}
	return out, db.wrap("capped shifts", rows.Err())
}
