package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"onestop/kiosk"
)

const announcementCols = `
	id,
	title_zh,
	title_en,
	body_zh,
	body_en,
	starts_at,
	ends_at,
	priority`

const buildingCols = `
	id,
	name_zh,
	name_en,
	floors`

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
	if err := db.update(ctx, "set settings", func(tx *sql.Tx) error {
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
	}); err != nil {
		return err
	}
	return db.loadZone(ctx)
}

// Announcements returns those showing at now, highest priority first,
// then the most recently started.
func (db *DB) Announcements(ctx context.Context, now time.Time) ([]kiosk.Announcement, error) {
	t, err := nanos(now)
	if err != nil {
		return nil, err
	}
	scan := func(sc scanner) (kiosk.Announcement, error) {
		var a kiosk.Announcement
		var starts, ends sql.NullInt64
		err := sc.Scan(&a.ID, &a.Title.Zh, &a.Title.En, &a.Body.Zh, &a.Body.En, &starts, &ends, &a.Priority)
		a.StartsAt, a.EndsAt = db.at(starts), db.at(ends)
		return a, err
	}
	out, err := queryAll(ctx, db.reader, scan, `
		SELECT`+announcementCols+`
		FROM announcements
		WHERE (starts_at IS NULL OR starts_at <= ?1)
			AND (ends_at IS NULL OR ends_at > ?1)
		ORDER BY priority DESC, starts_at DESC, id`, t)
	return out, wrapErr("read announcements", err)
}

// PutAnnouncements adds or replaces announcements by id.
func (db *DB) PutAnnouncements(ctx context.Context, as []kiosk.Announcement) error {
	return putAll(ctx, db, "put announcements", "announcement", as, putAnnouncement)
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
		INSERT INTO announcements (`+announcementCols+`
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
	scan := func(sc scanner) (kiosk.Building, error) {
		var b kiosk.Building
		err := sc.Scan(&b.ID, &b.Name.Zh, &b.Name.En, &b.Floors)
		return b, err
	}
	out, err := queryAll(ctx, db.reader, scan, `
		SELECT`+buildingCols+`
		FROM buildings
		ORDER BY id`)
	return out, wrapErr("read buildings", err)
}

// PutBuildings adds or replaces buildings by id.
func (db *DB) PutBuildings(ctx context.Context, bs []kiosk.Building) error {
	for _, b := range bs {
		if b.ID == "" || b.Floors < 0 {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "building %q: no id or negative floors", b.ID)
		}
	}
	return putAll(ctx, db, "put buildings", "building", bs, putBuilding)
}

func putBuilding(ctx context.Context, tx *sql.Tx, b kiosk.Building) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO buildings (`+buildingCols+`
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
