-- 0001: the kiosk's first schema. Append-only: later changes go in new
-- numbered files, never edits here, because kiosks in the field already
-- ran this one.
--
-- Times are unix nanoseconds (INTEGER, UTC) everywhere so they sort and
-- compare as numbers; NULL means "not set".

-- meta holds single values: the roster salt, the outbox seq counter, the
-- last contact with central and, later, the kiosk's identity.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value ANY NOT NULL
) STRICT, WITHOUT ROWID;

-- The counter the next outbox seq is taken from. It lives apart from the
-- outbox so seqs stay gap-free and never reused after rows are pruned.
INSERT INTO meta (
    key,
    value
) VALUES (
    'outbox.seq',
    0
);

-- settings are admin key/values (kiosk.Setting*), parsed over defaults.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE buildings (
    id      TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    floors  INTEGER NOT NULL CHECK (floors >= 0)
) STRICT, WITHOUT ROWID;

-- announcements show while starts_at <= now < ends_at; NULL bounds are open.
CREATE TABLE announcements (
    id        TEXT PRIMARY KEY,
    title_zh  TEXT NOT NULL,
    title_en  TEXT NOT NULL,
    body_zh   TEXT NOT NULL,
    body_en   TEXT NOT NULL,
    starts_at INTEGER,
    ends_at   INTEGER,
    priority  INTEGER NOT NULL DEFAULT 0,
    CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
) STRICT, WITHOUT ROWID;

CREATE INDEX announcements_window ON announcements (
    starts_at,
    ends_at
);

-- roster keeps no plain identifier: student_key and card_key are salted
-- hashes (kiosk.HashIdentifier), the name is masked, the PIN is a PBKDF2
-- hash. WITHOUT ROWID makes a lookup by key a single b-tree descent.
CREATE TABLE roster (
    student_key TEXT PRIMARY KEY,
    card_key    TEXT UNIQUE,
    masked_name TEXT NOT NULL,
    building_id TEXT NOT NULL,
    floor       INTEGER NOT NULL,
    roles       TEXT NOT NULL,
    pin_hash    TEXT,
    updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- visits are check-ins at the hall; sync_state mirrors the answer to the
-- visit's outbox entry. No foreign key to roster: a visit outlives a
-- roster re-import or a new salt.
CREATE TABLE visits (
    id          TEXT PRIMARY KEY,
    student_key TEXT NOT NULL,
    hall_id     TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    at          INTEGER NOT NULL,
    sync_state  TEXT NOT NULL DEFAULT 'pending'
        CHECK (sync_state IN ('pending', 'applied', 'rejected', 'conflict'))
) STRICT, WITHOUT ROWID;

CREATE INDEX visits_student_at ON visits (
    student_key,
    at DESC
);

-- outbox holds what students did, in order, until central answers. seq is
-- gap-free from 1 (taken from meta 'outbox.seq' in the same transaction).
CREATE TABLE outbox (
    seq               INTEGER PRIMARY KEY CHECK (seq > 0),
    id                TEXT NOT NULL,
    kind              TEXT NOT NULL,
    at                INTEGER NOT NULL,
    payload           TEXT NOT NULL CHECK (json_valid(payload)),
    state             TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'applied', 'rejected', 'conflict')),
    result_code       TEXT,
    result_message_id TEXT,
    queued_at         INTEGER NOT NULL,
    sent_at           INTEGER,
    answered_at       INTEGER
) STRICT;

-- The syncer pushes and the sync corner counts only pending entries.
CREATE INDEX outbox_pending ON outbox (
    seq
) WHERE state = 'pending';

-- sync_cursor is the single position up to which changes were pulled.
CREATE TABLE sync_cursor (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    cursor     TEXT NOT NULL,
    updated_at INTEGER
) STRICT;

INSERT INTO sync_cursor (
    id,
    cursor
) VALUES (
    1,
    ''
);
