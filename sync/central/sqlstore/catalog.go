package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// Reserved setting keys come from the hall and the campus, not from
// admins' key/values.
const settingRosterSalt = "roster.salt"

func reservedSetting(k string) bool {
	switch k {
	case kiosk.SettingHallID, kiosk.SettingHallNameZh, kiosk.SettingHallNameEn, kiosk.SettingHallZone, settingRosterSalt:
		return true
	}
	return false
}

// PutHall adds or changes a hall; its settings entity follows the name
// and the time zone.
func (db *DB) PutHall(ctx context.Context, h central.Hall) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return db.update(ctx, "put hall", func(t *txn) error {
		err := t.exec(`
			INSERT INTO halls (
				id,
				name_zh,
				name_en,
				time_zone
			) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET
				name_zh = excluded.name_zh,
				name_en = excluded.name_en,
				time_zone = excluded.time_zone`,
			h.ID,
			h.Name.Zh,
			h.Name.En,
			h.Zone(),
		)
		if err != nil {
			return err
		}
		if err := t.putSettings(h.ID); err != nil {
			return err
		}
		// A hall new to central gets the releases the others have.
		return t.sendReleasesTo(h.ID)
	})
}

// DeleteHall removes a hall that has nothing left in it.
func (db *DB) DeleteHall(ctx context.Context, id string) error {
	return db.update(ctx, "delete hall", func(t *txn) error {
		var n int
		err := t.row(`
			SELECT
				(SELECT count(*) FROM entities WHERE hall_id = ? AND entity NOT IN (?, ?))
				+ (SELECT count(*) FROM kiosks WHERE hall_id = ?)`,
			id, wire.EntitySettings, wire.EntityRelease, id).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "hall %s still has %d entities or kiosks", id, n)
		}
		k, err := t.execCount(`
			DELETE FROM halls
			WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if k == 0 {
			return notFound("hall", id)
		}
		if err := t.audit(id, "hall", id, "delete", map[string]string{"id": id}, nil); err != nil {
			return err
		}
		if err := t.exec(`
			DELETE FROM settings
			WHERE hall_id = ?`, id); err != nil {
			return err
		}
		// Releases are every hall's; they go with it.
		if err := t.dropReleasesOf(id); err != nil {
			return err
		}
		return t.del(wire.EntitySettings, id)
	})
}

// Halls lists the halls by id.
func (db *DB) Halls(ctx context.Context) ([]central.Hall, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT
			id,
			name_zh,
			name_en,
			time_zone
		FROM halls
		ORDER BY id`)
	if err != nil {
		return nil, db.wrap("halls", err)
	}
	defer rows.Close()
	var hs []central.Hall
	for rows.Next() {
		var h central.Hall
		if err := rows.Scan(&h.ID, &h.Name.Zh, &h.Name.En, &h.TimeZone); err != nil {
			return nil, db.wrap("halls", err)
		}
		hs = append(hs, h)
	}
	return hs, db.wrap("halls", rows.Err())
}

// hallExists refuses writes into a hall nobody created.
func (t *txn) hallExists(id string) error {
	var n int
	if err := t.row(`
		SELECT
			count(*)
		FROM halls
		WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound("hall", id)
	}
	return nil
}

// SetSettings merges kv into the hall's settings.
func (db *DB) SetSettings(ctx context.Context, hallID string, kv map[string]string) error {
	for k := range kv {
		if reservedSetting(k) || k == "" {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "setting %q cannot be set", k)
		}
		if err := kiosk.CheckSetting(k, kv[k]); err != nil {
			return err
		}
	}
	return db.update(ctx, "set settings", func(t *txn) error {
		if err := t.hallExists(hallID); err != nil {
			return err
		}
		for k, v := range kv {
			var err error
			if v == "" {
				err = t.exec(`
					DELETE FROM settings
					WHERE hall_id = ?
						AND key = ?`, hallID, k)
			} else {
				err = t.exec(`
					INSERT INTO settings (
						hall_id,
						key,
						value
					) VALUES (?, ?, ?)
					ON CONFLICT (hall_id, key) DO UPDATE SET
						value = excluded.value`,
					hallID,
					k,
					v,
				)
			}
			if err != nil {
				return err
			}
		}
		return t.putSettings(hallID)
	})
}

// Settings returns the hall's settings as kiosks get them.
func (db *DB) Settings(ctx context.Context, hallID string) (map[string]string, error) {
	var kv map[string]string
	err := db.update(ctx, "settings", func(t *txn) error {
		var err error
		kv, err = t.settings(hallID)
		return err
	})
	return kv, err
}

// settings reads the hall's stored values plus the reserved keys.
func (t *txn) settings(hallID string) (map[string]string, error) {
	var zh, en, zone string
	err := t.row(`
		SELECT
			name_zh,
			name_en,
			time_zone
		FROM halls
		WHERE id = ?`, hallID).Scan(&zh, &en, &zone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("hall", hallID)
	}
	if err != nil {
		return nil, err
	}
	rows, err := t.query(`
		SELECT
			key,
			value
		FROM settings
		WHERE hall_id = ?`, hallID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	kv := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		kv[k] = v
	}
	kv[kiosk.SettingHallID], kv[kiosk.SettingHallNameZh], kv[kiosk.SettingHallNameEn] = hallID, zh, en
	kv[kiosk.SettingHallZone] = zone
	kv[settingRosterSalt] = hex.EncodeToString(t.db.salt)
	return kv, rows.Err()
}

// putSettings republishes the hall's settings entity.
func (t *txn) putSettings(hallID string) error {
	kv, err := t.settings(hallID)
	if err != nil {
		return err
	}
	_, err = t.put(wire.EntitySettings, hallID, hallID, kv)
	return err
}

// rules returns the hall's effective settings.
func (t *txn) rules(hallID string) (kiosk.Settings, error) {
	kv, err := t.settings(hallID)
	if err != nil {
		return kiosk.Settings{}, err
	}
	return kiosk.ParseSettings(kv), nil
}

// PutBuilding adds or replaces a building of the hall.
func (db *DB) PutBuilding(ctx context.Context, hallID string, b kiosk.Building) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return db.update(ctx, "put building", func(t *txn) error {
		if err := t.hallExists(hallID); err != nil {
			return err
		}
		err := t.exec(`
			INSERT INTO buildings (
				id,
				hall_id
			) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET
				hall_id = excluded.hall_id`,
			b.ID,
			hallID,
		)
		if err != nil {
			return err
		}
		_, err = t.put(wire.EntityBuilding, b.ID, hallID, b)
		return err
	})
}

// DeleteBuilding removes a building no student or room is in.
func (db *DB) DeleteBuilding(ctx context.Context, id string) error {
	return db.update(ctx, "delete building", func(t *txn) error {
		var n int
		if err := t.row(`
			SELECT
				(SELECT count(*) FROM students WHERE building_id = ?)
				+ (SELECT count(*) FROM rooms WHERE building_id = ?)`, id, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "building %s still has %d students or rooms", id, n)
		}
		if err := t.exec(`
			DELETE FROM buildings
			WHERE id = ?`, id); err != nil {
			return err
		}
		return t.del(wire.EntityBuilding, id)
	})
}

// buildingHall returns the hall of a building, ENOTFOUND if none.
func (t *txn) buildingHall(id string) (string, error) {
	var hall string
	err := t.row(`
		SELECT
			hall_id
		FROM buildings
		WHERE id = ?`, id).Scan(&hall)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("building", id)
	}
	return hall, err
}
