-- The duty volunteer's desk (issue 11). capped: the shift was left open
-- past desk.shift_cap_hours and ended at the cap; corrected_at: when the
-- volunteer said when they left.
ALTER TABLE shifts ADD COLUMN capped INTEGER NOT NULL DEFAULT 0 CHECK (capped IN (0, 1));
ALTER TABLE shifts ADD COLUMN corrected_at INTEGER;

-- The desk's open shifts, hall-wide, for capping.
CREATE INDEX shifts_open ON shifts (
    start_at
) WHERE end_at IS NULL;

-- The desk's queue mark on an arrived appointment (kiosk.MarkQueue):
-- with the mentor, or left without being seen; no row while waiting.
CREATE TABLE appointment_queue (
    id       TEXT PRIMARY KEY,
    queue    TEXT NOT NULL CHECK (queue IN ('with_mentor', 'left')),
    queue_by TEXT NOT NULL,
    queue_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
