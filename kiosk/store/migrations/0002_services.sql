-- 0002: the student services of issue 3: rooms and bookings, mentors,
-- their slots and appointments, events and attendance, requests
-- (接诉即办), volunteer shifts, and a "seen" mark for central's refusals.
-- Append-only like 0001. Times are unix nanoseconds; NULL is "not set".
--
-- No foreign keys between these tables: rows arrive from sync in any
-- order and a student's history outlives a room or mentor being removed.

CREATE TABLE rooms (
    id          TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    type        TEXT NOT NULL,
    capacity    INTEGER NOT NULL CHECK (capacity >= 0),
    facilities  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(facilities)),
    building_id TEXT NOT NULL,
    floor       INTEGER NOT NULL,
    opens       INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1440),
    closes      INTEGER NOT NULL CHECK (closes BETWEEN 0 AND 1440),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CHECK (closes > opens)
) STRICT, WITHOUT ROWID;

-- Rooms(type) lists in building, floor, name order.
CREATE INDEX rooms_type_place ON rooms (
    type,
    building_id,
    floor,
    name_zh
);

-- bookings: status is the local view; sync_state mirrors central's
-- answers to the booking's outbox entries. cancelled_at marks a
-- student's cancel, so a repeated cancel tap is a no-op.
CREATE TABLE bookings (
    id            TEXT PRIMARY KEY,
    room_id       TEXT NOT NULL,
    student_key   TEXT NOT NULL,
    start_at      INTEGER NOT NULL,
    end_at        INTEGER NOT NULL,
    status        TEXT NOT NULL
        CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
    created_at    INTEGER NOT NULL,
    checked_in_at INTEGER,
    cancelled_at  INTEGER,
    tardy         INTEGER NOT NULL DEFAULT 0 CHECK (tardy IN (0, 1)),
    sync_state    TEXT NOT NULL DEFAULT 'pending'
        CHECK (sync_state IN ('pending', 'applied', 'rejected', 'conflict')),
    CHECK (end_at > start_at)
) STRICT, WITHOUT ROWID;

-- A room's bookings around a time (BookRoom, RoomBookings).
CREATE INDEX bookings_room_start ON bookings (
    room_id,
    start_at
);

-- A student's bookings for the limits, suspension and records.
CREATE INDEX bookings_student_start ON bookings (
    student_key,
    start_at
);

-- FreeSlots reads every room's holding bookings in a range from this
-- index alone.
CREATE INDEX bookings_holding ON bookings (
    start_at,
    room_id,
    end_at,
    status
) WHERE status IN ('booked', 'checked_in');

-- ReleaseNoShows looks only at bookings still waiting for check-in.
CREATE INDEX bookings_booked ON bookings (
    start_at
) WHERE status = 'booked';

CREATE TABLE mentors (
    id       TEXT PRIMARY KEY,
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    type     TEXT NOT NULL,
    field_zh TEXT NOT NULL,
    field_en TEXT NOT NULL,
    place_zh TEXT NOT NULL,
    place_en TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX mentors_type ON mentors (
    type,
    name_zh
);

CREATE TABLE mentor_slots (
    id        TEXT PRIMARY KEY,
    mentor_id TEXT NOT NULL,
    start_at  INTEGER NOT NULL,
    end_at    INTEGER NOT NULL,
    CHECK (end_at > start_at)
) STRICT, WITHOUT ROWID;

CREATE INDEX mentor_slots_mentor_start ON mentor_slots (
    mentor_id,
    start_at
);

-- appointments copy the slot's mentor, type and times so privacy rules
-- and lists need no join.
CREATE TABLE appointments (
    id           TEXT PRIMARY KEY,
    slot_id      TEXT NOT NULL,
    mentor_id    TEXT NOT NULL,
    mentor_type  TEXT NOT NULL,
    student_key  TEXT NOT NULL,
    start_at     INTEGER NOT NULL,
    end_at       INTEGER NOT NULL,
    status       TEXT NOT NULL
        CHECK (status IN ('booked', 'arrived', 'cancelled', 'missed', 'completed')),
    created_at   INTEGER NOT NULL,
    arrived_at   INTEGER,
    cancelled_at INTEGER,
    tardy        INTEGER NOT NULL DEFAULT 0 CHECK (tardy IN (0, 1)),
    sync_state   TEXT NOT NULL DEFAULT 'pending'
        CHECK (sync_state IN ('pending', 'applied', 'rejected', 'conflict')),
    CHECK (end_at > start_at)
) STRICT, WITHOUT ROWID;

-- One slot, one holding appointment: the last guard should two writers
-- ever get past the rule check.
CREATE UNIQUE INDEX appointments_slot_holding ON appointments (
    slot_id
) WHERE status IN ('booked', 'arrived', 'completed');

CREATE INDEX appointments_student_start ON appointments (
    student_key,
    start_at
);

-- ReleaseNoShows looks only at appointments still waiting for check-in.
CREATE INDEX appointments_booked ON appointments (
    start_at
) WHERE status = 'booked';

CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    place_zh TEXT NOT NULL,
    place_en TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at   INTEGER NOT NULL,
    CHECK (end_at > start_at)
) STRICT, WITHOUT ROWID;

-- RunningEvents reads the events that have not ended.
CREATE INDEX events_end ON events (
    end_at
);

CREATE TABLE attendance (
    id          TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL,
    student_key TEXT NOT NULL,
    at          INTEGER NOT NULL,
    tardy       INTEGER NOT NULL DEFAULT 0 CHECK (tardy IN (0, 1)),
    sync_state  TEXT NOT NULL DEFAULT 'pending'
        CHECK (sync_state IN ('pending', 'applied', 'rejected', 'conflict')),
    UNIQUE (event_id, student_key)
) STRICT, WITHOUT ROWID;

CREATE INDEX attendance_student_at ON attendance (
    student_key,
    at
);

-- requests (接诉即办): presets is a JSON array of preset ids, notes a JSON
-- array of handler notes ({"at": nanos, "status", "text"}) in order.
-- rating 0 is "not rated".
CREATE TABLE requests (
    id           TEXT PRIMARY KEY,
    ticket       TEXT NOT NULL UNIQUE,
    token        TEXT NOT NULL UNIQUE,
    student_key  TEXT NOT NULL,
    hall_id      TEXT NOT NULL,
    category     TEXT NOT NULL,
    building_id  TEXT NOT NULL,
    floor        INTEGER NOT NULL,
    room         TEXT NOT NULL DEFAULT '',
    presets      TEXT NOT NULL CHECK (json_valid(presets)),
    contact      TEXT NOT NULL,
    status       TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    due_at       INTEGER,
    notes        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notes)),
    outcome      TEXT NOT NULL DEFAULT '',
    rating       INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    sync_state   TEXT NOT NULL DEFAULT 'pending'
        CHECK (sync_state IN ('pending', 'applied', 'rejected', 'conflict'))
) STRICT, WITHOUT ROWID;

CREATE INDEX requests_student_submitted ON requests (
    student_key,
    submitted_at DESC
);

-- shifts are duty volunteers' stints at the desk; end_at NULL: on duty.
CREATE TABLE shifts (
    id          TEXT PRIMARY KEY,
    student_key TEXT NOT NULL,
    start_at    INTEGER NOT NULL,
    end_at      INTEGER,
    CHECK (end_at IS NULL OR end_at > start_at)
) STRICT, WITHOUT ROWID;

CREATE INDEX shifts_student_start ON shifts (
    student_key,
    start_at
);

-- seen_at: when the student was shown central's refusal of the entry.
ALTER TABLE outbox ADD COLUMN seen_at INTEGER;

-- An entity's outbox entries, to derive its sync_state.
CREATE INDEX outbox_entity ON outbox (
    id
);

-- Refusals not yet shown: few, read at every identification.
CREATE INDEX outbox_unseen_refusals ON outbox (
    seq
) WHERE state IN ('rejected', 'conflict') AND seen_at IS NULL;
