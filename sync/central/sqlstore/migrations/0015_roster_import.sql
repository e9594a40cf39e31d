-- 0015: the console's roster import reads one hall's roster to preview
-- a file against it, and again when the admin confirms; at campus scale
-- (50,000 students in 20 halls) that is an index, not a scan.
CREATE INDEX students_hall ON students (
    hall_id,
    student_key
);

-- roster_previews: a roster import waiting for the admin's confirmation,
-- kept here rather than in one central process's memory so that any
-- process behind the load balancer (or one restarted) can confirm it.
-- The token is kept as HashSecret; data is the console's JSON of the
-- previewed change, hashes and masked names only.
CREATE TABLE roster_previews (
    token_hash TEXT PRIMARY KEY,
    admin_name TEXT NOT NULL,
    hall_id    TEXT NOT NULL,
    expires_at {{.Int}} NOT NULL,
    data       TEXT NOT NULL
){{.Strict}};

CREATE INDEX roster_previews_admin_hall ON roster_previews (
    admin_name,
    hall_id
);
