-- 0013: a mentor's day page. mentor_links keeps each mentor's private
-- link as HashSecret of its token, so a leaked database leaks no link;
-- a revoked link keeps its row (when made, when revoked) for the audit.
CREATE TABLE mentor_links (
    token_hash TEXT PRIMARY KEY,
    mentor_id  TEXT NOT NULL,
    hall_id    TEXT NOT NULL,
    created_at {{.Int}} NOT NULL,
    revoked_at {{.Int}}
){{.Strict}};

-- At most one working link per mentor.
CREATE UNIQUE INDEX mentor_links_active ON mentor_links (
    mentor_id
) WHERE revoked_at IS NULL;

-- The day page and the .ics feed read one mentor's appointments of a
-- time range: the mentor becomes a typed column, filled from the slots
-- for the appointments there are.
ALTER TABLE appointments ADD COLUMN mentor_id TEXT NOT NULL DEFAULT '';

UPDATE appointments SET mentor_id = COALESCE((
    SELECT s.mentor_id
    FROM mentor_slots s
    WHERE s.id = appointments.slot_id
), '');

CREATE INDEX appointments_mentor_start ON appointments (
    mentor_id,
    start_at
);
