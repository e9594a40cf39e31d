-- 0010: the 接诉即办 board. The requests table gains the columns the
-- board filters, sorts and pages on, so a list of 100,000 requests is an
-- index range and never a decode of every entity's JSON:
--   closed  0 while handlers owe an answer, 1 once resolved, closed or
--           rejected;
--   sort_at open: the earliest deadline still pending (the response's
--           until answered, then the resolution's), so "most urgent
--           first" and "overdue now" (sort_at < now) are one index;
--           closed: minus the closing time, newest closed first.
-- Requests filed before it get closed and sort_at from their status and
-- deadline; their category, place and unit fill in at their next save.
ALTER TABLE requests ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN building_id TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN floor {{.Int}} NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN unit_id TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN submitted_at {{.Int}};
ALTER TABLE requests ADD COLUMN response_due_at {{.Int}};
ALTER TABLE requests ADD COLUMN responded_at {{.Int}};
ALTER TABLE requests ADD COLUMN resolved_at {{.Int}};
ALTER TABLE requests ADD COLUMN proactive {{.Int}} NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN closed {{.Int}} NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN sort_at {{.Int}} NOT NULL DEFAULT 0;

UPDATE requests SET
    closed = CASE WHEN status IN ('resolved', 'closed', 'rejected') THEN 1 ELSE 0 END,
    sort_at = CASE WHEN status IN ('resolved', 'closed', 'rejected') THEN -coalesce(due_at, 0)
        ELSE coalesce(due_at, 9223372036854775807) END;

CREATE INDEX requests_board ON requests (
    closed,
    sort_at,
    id
);

CREATE INDEX requests_board_hall ON requests (
    hall_id,
    closed,
    sort_at,
    id
);

CREATE INDEX requests_board_place ON requests (
    hall_id,
    building_id,
    floor,
    closed,
    sort_at,
    id
);

CREATE INDEX requests_board_category ON requests (
    hall_id,
    category,
    closed,
    sort_at,
    id
);

CREATE INDEX requests_board_status ON requests (
    hall_id,
    status,
    sort_at,
    id
);

CREATE INDEX requests_board_unit ON requests (
    unit_id,
    closed,
    sort_at,
    id
);

-- request_internal_notes: handlers' notes the student never sees; they
-- stay here, out of the request entity kiosks get.
CREATE TABLE request_internal_notes (
    id         {{.Serial}},
    request_id TEXT NOT NULL,
    hall_id    TEXT NOT NULL,
    at         {{.Int}} NOT NULL,
    author     TEXT NOT NULL,
    text       TEXT NOT NULL
){{.Strict}};

CREATE INDEX request_internal_notes_request ON request_internal_notes (
    request_id,
    id
);

-- units: where requests are dispatched; hall_id '' is campus-wide.
CREATE TABLE units (
    id      TEXT PRIMARY KEY,
    hall_id TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    active  {{.Int}} NOT NULL
){{.Strict}};

-- request_policies: a hall's working calendar and SLA clocks
-- (kiosk.RequestPolicy as JSON); a hall without a row has the default.
CREATE TABLE request_policies (
    hall_id TEXT PRIMARY KEY,
    data    TEXT NOT NULL
){{.Strict}};
