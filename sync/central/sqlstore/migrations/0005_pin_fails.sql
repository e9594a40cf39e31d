-- Wrong PINs counted across every kiosk of a student's hall: enough of
-- them lock PIN entry for the student on all of them.
CREATE TABLE pin_fails (
    student_key  TEXT PRIMARY KEY,
    count        {{.Int}} NOT NULL,
    first_at     {{.Int}} NOT NULL,
    locked_until {{.Int}}
){{.Strict}};
