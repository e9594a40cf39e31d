package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// Mentors' day-page links and what the day page reads. A link is not an
// entity kiosks see: its changes are audited here, without the hash.

// auditEntityMentorLink names a link's changes in the audit log.
const auditEntityMentorLink = "mentor_link"

// linkAudit is what the audit log keeps of a link: when it was made.
type linkAudit struct {
	CreatedAt time.Time `json:"created_at"`
}

// CreateMentorLink revokes the mentor's link, if any, and stores the new one.
func (db *DB) CreateMentorLink(ctx context.Context, mentorID, tokenHash string) (central.MentorLink, error) {
	if tokenHash == "" {
		return central.MentorLink{}, invalid("a mentor link needs a token")
	}
	var l central.MentorLink
	err := db.update(ctx, "create mentor link", func(t *txn) error {
		var err error
		if l, err = t.mentorLink(mentorID); err != nil {
			return err
		}
		before := l
		if err := t.revokeMentorLink(mentorID); err != nil {
			return err
		}
		if err := t.exec(`
			INSERT INTO mentor_links (
				token_hash,
				mentor_id,
				hall_id,
				created_at
			) VALUES (?, ?, ?, ?)`,
			tokenHash,
			mentorID,
			l.HallID,
			t.now.UnixNano(),
		); err != nil {
			return err
		}
		l.CreatedAt = t.now
		return t.audit(l.HallID, auditEntityMentorLink, mentorID, "create", linkState(before), linkState(l))
	})
	return l, err
}

// RevokeMentorLink revokes the mentor's link; without one it does nothing.
func (db *DB) RevokeMentorLink(ctx context.Context, mentorID string) error {
	return db.update(ctx, "revoke mentor link", func(t *txn) error {
		l, err := t.mentorLink(mentorID)
		if err != nil || !l.Active() {
			return err
		}
		if err := t.revokeMentorLink(mentorID); err != nil {
			return err
		}
		return t.audit(l.HallID, auditEntityMentorLink, mentorID, "revoke", linkState(l), nil)
	})
}

// linkState is the audit's view of a link, nil for none.
func linkState(l central.MentorLink) any {
	if !l.Active() {
		return nil
	}
	return linkAudit{CreatedAt: l.CreatedAt.UTC()}
}

func (t *txn) revokeMentorLink(mentorID string) error {
	return t.exec(`
		UPDATE mentor_links SET
			revoked_at = ?
		WHERE mentor_id = ?
			AND revoked_at IS NULL`,
		t.now.UnixNano(),
		mentorID,
	)
}

// mentorLink is the mentor with its active link's state; ENOTFOUND for
// an unknown mentor.
func (t *txn) mentorLink(mentorID string) (central.MentorLink, error) {
	var l central.MentorLink
	hall, err := t.get(wire.EntityMentor, mentorID, &l.Mentor)
	if err != nil {
		return l, err
	}
	l.HallID = hall
	var created sql.NullInt64
	err = t.row(`
		SELECT
			created_at
		FROM mentor_links
		WHERE mentor_id = ?
			AND revoked_at IS NULL`, mentorID).Scan(&created)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return l, err
	}
	l.CreatedAt = fromNanos(created, t.now.Location())
	return l, nil
}

// MentorLinks lists the hall's mentors with their active links.
func (db *DB) MentorLinks(ctx context.Context, hallID string) ([]central.MentorLink, error) {
	rows, err := db.readQuery(ctx, `
		SELECT
			e.data,
			l.created_at
		FROM mentors m
		JOIN entities e
			ON e.entity = 'mentor'
			AND e.id = m.id
		LEFT JOIN mentor_links l
			ON l.mentor_id = m.id
			AND l.revoked_at IS NULL
		WHERE m.hall_id = ?
		ORDER BY m.id`, hallID)
	if err != nil {
		return nil, db.wrap("mentor links", err)
	}
	defer rows.Close()
	loc := db.clock.Now().Location()
	var ls []central.MentorLink
	for rows.Next() {
		var data string
		var created sql.NullInt64
		if err := rows.Scan(&data, &created); err != nil {
			return nil, db.wrap("mentor links", err)
		}
		l := central.MentorLink{HallID: hallID, CreatedAt: fromNanos(created, loc)}
		if err := json.Unmarshal([]byte(data), &l.Mentor); err != nil {
			return nil, err
		}
		ls = append(ls, l)
	}
	return ls, db.wrap("mentor links", rows.Err())
}

// MentorByLink finds the mentor of an active link.
func (db *DB) MentorByLink(ctx context.Context, tokenHash string) (central.MentorLink, error) {
	var l central.MentorLink
	var data string
	var created sql.NullInt64
	err := db.readRow(ctx, `
		SELECT
			e.hall_id,
			e.data,
			l.created_at
		FROM mentor_links l
		JOIN entities e
			ON e.entity = 'mentor'
			AND e.id = l.mentor_id
		WHERE l.token_hash = ?
			AND l.revoked_at IS NULL`, tokenHash).Scan(&l.HallID, &data, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return l, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no such mentor link, or it was revoked")
	}
	if err != nil {
		return l, db.wrap("mentor by link", err)
	}
	l.CreatedAt = fromNanos(created, db.clock.Now().Location())
	return l, json.Unmarshal([]byte(data), &l.Mentor)
}

// MentorAppointments reads the mentor's appointments of [from, to) by
// the appointments_mentor_start index, with each one's current entity
// state and its student's masked name.
func (db *DB) MentorAppointments(ctx context.Context, mentorID string, from, to time.Time) ([]central.MentorAppointment, error) {
	if err := checkTime("from", from); err != nil {
		return nil, err
	}
	if err := checkTime("to", to); err != nil {
		return nil, err
	}
	rows, err := db.readQuery(ctx, `
		SELECT
			e.data,
			s.data
		FROM appointments a
		JOIN entities e
			ON e.entity = 'appointment'
			AND e.id = a.id
		LEFT JOIN entities s
			ON s.entity = 'student'
			AND s.id = a.student_key
		WHERE a.mentor_id = ?
			AND a.start_at >= ?
			AND a.start_at < ?
		ORDER BY a.start_at, a.id`, mentorID, from.UnixNano(), to.UnixNano())
	if err != nil {
		return nil, db.wrap("mentor appointments", err)
	}
	defer rows.Close()
	loc := db.clock.Now().Location()
	var as []central.MentorAppointment
	for rows.Next() {
		var data string
		var student sql.NullString
		if err := rows.Scan(&data, &student); err != nil {
			return nil, db.wrap("mentor appointments", err)
		}
		var a central.MentorAppointment
		if err := json.Unmarshal([]byte(data), &a.Appointment); err != nil {
			return nil, err
		}
		if student.Valid {
			var st central.Student
			if err := json.Unmarshal([]byte(student.String), &st); err != nil {
				return nil, err
			}
			a.StudentName = st.MaskedName
		}
		a.Start, a.End = a.Start.In(loc), a.End.In(loc)
		as = append(as, a)
	}
	return as, db.wrap("mentor appointments", rows.Err())
}
