-- 0020: signed kiosk software releases (issue 12). Central stores what
-- an admin published and never vouches for it: manifest and sig are the
-- exact bytes the kiosk verifies. The rollout (stage, canary ring as a
-- JSON array of kiosk ids, pins as a JSON object kiosk id -> version)
-- is the channel's latest release's; the feed carries it to every hall.
CREATE TABLE releases (
    channel      TEXT NOT NULL,
    seq          {{.Int}} NOT NULL,
    manifest     {{.Blob}} NOT NULL,
    sig          {{.Blob}} NOT NULL,
    published_at {{.Int}} NOT NULL,
    stage        TEXT NOT NULL,
    canary       TEXT NOT NULL,
    pins         TEXT NOT NULL,
    PRIMARY KEY (channel, seq)
){{.Strict}};

-- Packages live in the database, not in files beside it, so a backup
-- of the database holds every release whole. Kiosks download them as
-- /api/v1/releases/{seq}/{file}, so (seq, file) is unique across
-- channels. The bytes are in chunks of at most 1 MiB, so serving a
-- package reads one chunk at a time instead of holding it all.
CREATE TABLE release_packages (
    seq     {{.Int}} NOT NULL,
    file    TEXT NOT NULL,
    channel TEXT NOT NULL,
    size    {{.Int}} NOT NULL,
    chunks  {{.Int}} NOT NULL,
    PRIMARY KEY (seq, file),
    FOREIGN KEY (channel, seq) REFERENCES releases (channel, seq)
){{.Strict}};

CREATE TABLE release_chunks (
    seq  {{.Int}} NOT NULL,
    file TEXT NOT NULL,
    n    {{.Int}} NOT NULL,
    data {{.Blob}} NOT NULL,
    PRIMARY KEY (seq, file, n),
    FOREIGN KEY (seq, file) REFERENCES release_packages (seq, file)
){{.Strict}};

-- What each kiosk's heartbeat says of its updates, for the console.
ALTER TABLE kiosks ADD COLUMN hb_manifest_seq {{.Int}} NOT NULL DEFAULT 0;
ALTER TABLE kiosks ADD COLUMN hb_update_error TEXT NOT NULL DEFAULT '';
