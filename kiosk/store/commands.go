package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"onestop/kiosk"
)

// The console's asks of the hall's kiosks (kiosk.KioskCommand).

func parseCommand(id string, data []byte) (kiosk.KioskCommand, error) {
	var c kiosk.KioskCommand
	if err := json.Unmarshal(data, &c); err != nil {
		return c, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "kiosk command: %v", err)
	}
	if c.Kiosk != id {
		return c, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "kiosk command %s names kiosk %s", id, c.Kiosk)
	}
	return c, c.Validate()
}

func putCommand(a *applier, c kiosk.KioskCommand) error {
	_, err := a.tx.ExecContext(a.ctx, `
		INSERT INTO kiosk_commands (
			id,
			sync,
			restart
		) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			sync = excluded.sync,
			restart = excluded.restart`,
		c.Kiosk, c.Sync, c.Restart)
	return err
}

// KioskCommand returns what the console asked of kiosk id so far; zero
// counters when it asked nothing.
func (db *DB) KioskCommand(ctx context.Context, id string) (kiosk.KioskCommand, error) {
	c := kiosk.KioskCommand{Kiosk: id}
	err := db.reader.QueryRowContext(ctx, `
		SELECT
			sync,
			restart
		FROM kiosk_commands
		WHERE id = ?`, id).Scan(&c.Sync, &c.Restart)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	return c, wrapErr("read kiosk command", err)
}
