-- The console's asks of kiosks in the hall (kiosk.KioskCommand, issue
-- 12): the kiosk reads its own row; the counters say how often each
-- was asked.
CREATE TABLE kiosk_commands (
    id      TEXT PRIMARY KEY,
    sync    INTEGER NOT NULL CHECK (sync >= 0),
    restart INTEGER NOT NULL CHECK (restart >= 0)
) STRICT, WITHOUT ROWID;
