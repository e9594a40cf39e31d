-- 0016: the community dashboard (console /admin/dashboard). Its figures
-- are GROUP BYs over one hall's time range, so each gets an index that
-- starts (hall_id, time) and covers the columns it groups and sums: a
-- month of a hall is an index range, never a scan of 2,000,000 visits.
--
-- visits gain their purpose, which until now lived in the entity's JSON
-- only; visits stored before are filled in from it (at the end).
ALTER TABLE visits ADD COLUMN purpose TEXT NOT NULL DEFAULT '';


CREATE INDEX visits_dashboard ON visits (
    hall_id,
    at,
    purpose
);

CREATE INDEX bookings_dashboard ON bookings (
    hall_id,
    start_at,
    room_id,
    status,
    end_at
);

CREATE INDEX appointments_dashboard ON appointments (
    hall_id,
    start_at,
    status,
    mentor_id,
    student_key
);

CREATE INDEX shifts_dashboard ON shifts (
    hall_id,
    start_at,
    student_key,
    end_at
);

CREATE INDEX events_dashboard ON events (
    hall_id,
    start_at
);

UPDATE visits SET purpose = COALESCE((
    SELECT {{.JSON "e.data" "purpose"}}
    FROM entities e
    WHERE e.entity = 'visit' AND e.id = visits.id
), '');
