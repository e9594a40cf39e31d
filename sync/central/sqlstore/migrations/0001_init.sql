-- 0001: central's first schema. Append-only: later changes go in new
-- numbered files. Both backends run this one text: migrate.go renders it
-- as a text/template with the dialect's Schema filling in the types and
-- table options where SQLite and PostgreSQL differ.
--
-- Times are unix nanoseconds (64-bit integers, UTC); NULL means "not set".
-- Entities kiosks see keep their full JSON in entities.data; the typed
-- tables hold only what queries and constraints need.

-- meta: feed.epoch and roster.salt, created on first open.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
){{.Strict}};

CREATE TABLE halls (
    id      TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
){{.Strict}};

CREATE TABLE buildings (
    id      TEXT PRIMARY KEY,
    hall_id TEXT NOT NULL
){{.Strict}};

CREATE TABLE rooms (
    id          TEXT PRIMARY KEY,
    hall_id     TEXT NOT NULL,
    building_id TEXT NOT NULL
){{.Strict}};

CREATE TABLE mentors (
    id      TEXT PRIMARY KEY,
    hall_id TEXT NOT NULL
){{.Strict}};

CREATE TABLE mentor_slots (
    id        TEXT PRIMARY KEY,
    hall_id   TEXT NOT NULL,
    mentor_id TEXT NOT NULL,
    start_at  {{.Int}} NOT NULL,
    end_at    {{.Int}} NOT NULL,
    CHECK (end_at > start_at)
){{.Strict}};

CREATE INDEX mentor_slots_mentor ON mentor_slots (
    mentor_id
);

CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    hall_id  TEXT NOT NULL,
    start_at {{.Int}} NOT NULL,
    end_at   {{.Int}} NOT NULL
){{.Strict}};

CREATE TABLE announcements (
    id      TEXT PRIMARY KEY,
    hall_id TEXT NOT NULL
){{.Strict}};

CREATE TABLE settings (
    hall_id TEXT NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (hall_id, key)
){{.Strict}};

-- students: salted hashes only (kiosk.HashIdentifier); the hall follows
-- the building.
CREATE TABLE students (
    student_key TEXT PRIMARY KEY,
    card_key    TEXT UNIQUE,
    hall_id     TEXT NOT NULL,
    building_id TEXT NOT NULL,
    roles       TEXT NOT NULL
){{.Strict}};

CREATE TABLE bookings (
    id          TEXT PRIMARY KEY,
    hall_id     TEXT NOT NULL,
    room_id     TEXT NOT NULL,
    student_key TEXT NOT NULL,
    start_at    {{.Int}} NOT NULL,
    end_at      {{.Int}} NOT NULL,
    status      TEXT NOT NULL,
    CHECK (end_at > start_at)
){{.Strict}};

CREATE INDEX bookings_room_start ON bookings (
    room_id,
    start_at
);

CREATE INDEX bookings_student_start ON bookings (
    student_key,
    start_at
);

CREATE INDEX bookings_booked ON bookings (
    hall_id,
    start_at
) WHERE status = 'booked';

-- booking_holds is the constraint behind "one active booking per room
-- slot": a holding booking owns one row per slot it covers; two kiosks'
-- offline bookings of one slot cannot both commit.
CREATE TABLE booking_holds (
    room_id    TEXT NOT NULL,
    slot_start {{.Int}} NOT NULL,
    booking_id TEXT NOT NULL,
    PRIMARY KEY (room_id, slot_start)
){{.Strict}};

CREATE INDEX booking_holds_booking ON booking_holds (
    booking_id
);

CREATE TABLE appointments (
    id          TEXT PRIMARY KEY,
    hall_id     TEXT NOT NULL,
    slot_id     TEXT NOT NULL,
    student_key TEXT NOT NULL,
    start_at    {{.Int}} NOT NULL,
    end_at      {{.Int}} NOT NULL,
    status      TEXT NOT NULL
){{.Strict}};

CREATE INDEX appointments_student_start ON appointments (
    student_key,
    start_at
);

CREATE INDEX appointments_booked ON appointments (
    hall_id,
    start_at
) WHERE status = 'booked';

-- appointment_holds: one holding appointment per mentor slot.
CREATE TABLE appointment_holds (
    slot_id        TEXT PRIMARY KEY,
    appointment_id TEXT NOT NULL
){{.Strict}};

CREATE TABLE visits (
    id          TEXT PRIMARY KEY,
    hall_id     TEXT NOT NULL,
    student_key TEXT NOT NULL,
    at          {{.Int}} NOT NULL
){{.Strict}};

CREATE TABLE attendance (
    id          TEXT PRIMARY KEY,
    hall_id     TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    student_key TEXT NOT NULL,
    UNIQUE (event_id, student_key)
){{.Strict}};

CREATE TABLE requests (
    id          TEXT PRIMARY KEY,
    hall_id     TEXT NOT NULL,
    token       TEXT NOT NULL UNIQUE,
    student_key TEXT NOT NULL,
    status      TEXT NOT NULL,
    due_at      {{.Int}}
){{.Strict}};

-- request_details: text and photos students add on the status page.
CREATE TABLE request_details (
    id         {{.Serial}},
    request_id TEXT NOT NULL,
    at         {{.Int}} NOT NULL,
    text       TEXT NOT NULL,
    photo      {{.Blob}},
    photo_type TEXT NOT NULL
){{.Strict}};

CREATE INDEX request_details_request ON request_details (
    request_id
);

CREATE TABLE shifts (
    id          TEXT PRIMARY KEY,
    hall_id     TEXT NOT NULL,
    student_key TEXT NOT NULL,
    start_at    {{.Int}} NOT NULL,
    end_at      {{.Int}}
){{.Strict}};

-- kiosks: tokens are stored as SHA-256 (they carry 256 random bits, so a
-- slow hash adds nothing); last_seq is the exactly-once high-water mark.
CREATE TABLE kiosks (
    id                   TEXT PRIMARY KEY,
    hall_id              TEXT NOT NULL,
    name                 TEXT NOT NULL,
    token_hash           TEXT NOT NULL UNIQUE,
    enrolled_at          {{.Int}} NOT NULL,
    last_seq             {{.Int}} NOT NULL DEFAULT 0,
    last_seen_at         {{.Int}},
    hb_at                {{.Int}},
    hb_version           TEXT NOT NULL DEFAULT '',
    hb_outbox_pending    {{.Int}} NOT NULL DEFAULT 0,
    hb_oldest_pending_at {{.Int}},
    hb_last_pull_at      {{.Int}}
){{.Strict}};

CREATE TABLE enroll_codes (
    code_hash  TEXT PRIMARY KEY,
    hall_id    TEXT NOT NULL,
    expires_at {{.Int}} NOT NULL,
    used_at    {{.Int}},
    kiosk_id   TEXT
){{.Strict}};

-- applied_mutations: each (kiosk, seq) once, with the answer given.
CREATE TABLE applied_mutations (
    kiosk_id    TEXT NOT NULL,
    seq         {{.Int}} NOT NULL,
    mutation_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    code        TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    entity      TEXT,
    applied_at  {{.Int}} NOT NULL,
    PRIMARY KEY (kiosk_id, seq)
){{.Strict}};

CREATE TABLE admins (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL
){{.Strict}};

CREATE TABLE admin_sessions (
    token_hash TEXT PRIMARY KEY,
    admin_name TEXT NOT NULL,
    expires_at {{.Int}} NOT NULL
){{.Strict}};

-- entities: the current state of everything kiosks see, as its JSON.
-- A snapshot pages through it by (hall_id, rank, id); rank orders
-- entity kinds so settings and places come before what refers to them.
CREATE TABLE entities (
    entity  TEXT NOT NULL,
    id      TEXT NOT NULL,
    hall_id TEXT NOT NULL,
    rank    {{.Int}} NOT NULL,
    data    TEXT NOT NULL,
    PRIMARY KEY (entity, id)
){{.Strict}};

CREATE INDEX entities_snapshot ON entities (
    hall_id,
    rank,
    id
);

-- change_log: every change kiosks see, per hall. The id is never reused
-- after pruning (Serial); id order is commit order because SQLite has one
-- writer and PostgreSQL takes the hall's feed lock (see feed.go).
CREATE TABLE change_log (
    id        {{.Serial}},
    hall_id   TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    data      TEXT,
    at        {{.Int}} NOT NULL
){{.Strict}};

CREATE INDEX change_log_hall ON change_log (
    hall_id,
    id
);

CREATE INDEX change_log_at ON change_log (
    at
);

-- feed_horizon: the newest pruned change per hall; older cursors reset.
CREATE TABLE feed_horizon (
    hall_id        TEXT PRIMARY KEY,
    pruned_through {{.Int}} NOT NULL
){{.Strict}};
