-- 0015: the console's roster import reads one hall's roster to preview
-- a file against it, and again when the admin confirms; at campus scale
-- (50,000 students in 20 halls) that is an index, not a scan.
CREATE INDEX students_hall ON students (
    hall_id,
    student_key
);
