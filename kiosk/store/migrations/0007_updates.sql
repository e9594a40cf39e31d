-- Software updates (issue 12). releases: the signed releases central's
-- feed carries, one per channel (onestop/update.Release as JSON; nothing
-- in it is trusted before update.Verify). update_state: what the kiosk
-- accepted: the last manifest's seq, release keys a rotation brought
-- (newline-separated; '' while the embedded ones hold) and the last
-- refusal or failure, for the heartbeat.
CREATE TABLE releases (
    id      TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    data    TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE update_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seq        INTEGER NOT NULL CHECK (seq >= 0),
    keys       TEXT NOT NULL,
    last_error TEXT NOT NULL
) STRICT;
