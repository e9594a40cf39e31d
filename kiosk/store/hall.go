package store

import (
	"context"
	"database/sql"
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
func (db *DB) Settings(context.Context) (kiosk.Settings, error) { return db.cachedSettings(), nil }

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

func putAnnouncement(ctx context.Context, tx *sql.Tx, a kiosk.Announcement) error {
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
