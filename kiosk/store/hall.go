package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"onestop/kiosk"
)

// Settings returns the stored settings over the defaults.
func (db *DB) Settings(ctx context.Context) (kiosk.Settings, error) {
	s, err := readSettings(ctx, db.reader)
	return s, wrapErr("read settings", err)
}

// SetSettings stores the key/values, replacing those already set. Values
// are kept as given; Settings falls back to a default for one that does
// not parse.
func (db *DB) SetSettings(ctx context.Context, kv map[string]string) error {
	for k := range kv {
		if strings.TrimSpace(k) == "" {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "empty setting key")
		}
	}
	return db.update(ctx, "set settings", func(tx *sql.Tx) error {
		now := db.now()
		for k, v := range kv {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO settings (
					key,
					value,
					updated_at
				) VALUES (?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET
					value = excluded.value,
					updated_at = excluded.updated_at`,
				k,
				v,
				now,
			)
			if err != nil {
				return fmt.Errorf("setting %s: %w", k, err)
			}
		}
		return nil
	})
}

// Announcements returns those showing at now, highest priority first,
// then the most recently started.
func (db *DB) Announcements(ctx context.Context, now time.Time) ([]kiosk.Announcement, error) {
	t, err := nanos(now)
	if err != nil {
		return nil, err
	}
	rows, err := db.reader.QueryContext(ctx, `
		SELECT
			id,
			title_zh,
			title_en,
			body_zh,
			body_en,
			starts_at,
			ends_at,
			priority
		FROM announcements
		WHERE (starts_at IS NULL OR starts_at <= ?1)
			AND (ends_at IS NULL OR ends_at > ?1)
		ORDER BY priority DESC, starts_at DESC, id`, t)
	if err != nil {
		return nil, wrapErr("read announcements", err)
	}
	defer rows.Close()
	var out []kiosk.Announcement
	for rows.Next() {
		var a kiosk.Announcement
		var starts, ends sql.NullInt64
		err := rows.Scan(&a.ID, &a.Title.Zh, &a.Title.En, &a.Body.Zh, &a.Body.En, &starts, &ends, &a.Priority)
		if err != nil {
			return nil, wrapErr("read announcements", err)
		}
		a.StartsAt, a.EndsAt = db.at(starts), db.at(ends)
		out = append(out, a)
	}
	return out, wrapErr("read announcements", rows.Err())
}

// PutAnnouncements adds or replaces announcements by id.
func (db *DB) PutAnnouncements(ctx context.Context, as []kiosk.Announcement) error {
	return db.update(ctx, "put announcements", func(tx *sql.Tx) error {
		for _, a := range as {
			if err := putAnnouncement(ctx, tx, a); err != nil {
				return fmt.Errorf("announcement %q: %w", a.ID, err)
			}
		}
		return nil
	})
}

func putAnnouncement(ctx context.Context, tx *sql.Tx, a kiosk.Announcement) error {
	if a.ID == "" {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "announcement has no id")
	}
	if !a.EndsAt.IsZero() && !a.EndsAt.After(a.StartsAt) {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "announcement ends before it starts")
	}
	starts, err := nanos(a.StartsAt)
	if err != nil {
		return err
	}
	ends, err := nanos(a.EndsAt)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO announcements (
			id,
			title_zh,
			title_en,
			body_zh,
			body_en,
			starts_at,
			ends_at,
			priority
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			title_zh = excluded.title_zh,
			title_en = excluded.title_en,
			body_zh = excluded.body_zh,
			body_en = excluded.body_en,
			starts_at = excluded.starts_at,
			ends_at = excluded.ends_at,
			priority = excluded.priority`,
		a.ID,
		a.Title.Zh,
		a.Title.En,
		a.Body.Zh,
		a.Body.En,
		starts,
		ends,
		a.Priority,
	)
	return err
}

// Buildings returns every building by id.
func (db *DB) Buildings(ctx context.Context) ([]kiosk.Building, error) {
	rows, err := db.reader.QueryContext(ctx, `
		SELECT
			id,
			name_zh,
			name_en,
			floors
		FROM buildings
		ORDER BY id`)
	if err != nil {
		return nil, wrapErr("read buildings", err)
	}
	defer rows.Close()
	var out []kiosk.Building
	for rows.Next() {
		var b kiosk.Building
		if err := rows.Scan(&b.ID, &b.Name.Zh, &b.Name.En, &b.Floors); err != nil {
			return nil, wrapErr("read buildings", err)
		}
		out = append(out, b)
	}
	return out, wrapErr("read buildings", rows.Err())
}

// PutBuildings adds or replaces buildings by id.
func (db *DB) PutBuildings(ctx context.Context, bs []kiosk.Building) error {
	for _, b := range bs {
		if b.ID == "" || b.Floors < 0 {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "building %q: no id or negative floors", b.ID)
		}
	}
	return db.update(ctx, "put buildings", func(tx *sql.Tx) error {
		for _, b := range bs {
			if err := putBuilding(ctx, tx, b); err != nil {
				return fmt.Errorf("building %q: %w", b.ID, err)
			}
		}
		return nil
	})
}

func putBuilding(ctx context.Context, tx *sql.Tx, b kiosk.Building) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO buildings (
			id,
			name_zh,
			name_en,
			floors
		) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			name_zh = excluded.name_zh,
			name_en = excluded.name_en,
			floors = excluded.floors`,
		b.ID,
		b.Name.Zh,
		b.Name.En,
		b.Floors,
	)
	return err
}
