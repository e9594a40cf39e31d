-- 0019: shifts left open past the hall's cap (issue 11), for the
-- console's list of capped shifts without decoding every shift's JSON:
--   capped         1 once kiosk.CapShift ended the shift at the cap;
--   capped_end_at  the end the cap gave (start + the hall's cap then);
--                  a correction moves end_at but keeps this;
--   corrected      1 once the volunteer said when they left
--                  (kiosk.CorrectShift); the entity holds when.
-- Shifts capped before it are found by their entity's JSON: capped and
-- corrected_at are omitted while false or zero. The end of one capped
-- and corrected already is its corrected end, so its cap end stays
-- NULL (unknown).
ALTER TABLE shifts ADD COLUMN capped {{.Int}} NOT NULL DEFAULT 0;
ALTER TABLE shifts ADD COLUMN capped_end_at {{.Int}};
ALTER TABLE shifts ADD COLUMN corrected {{.Int}} NOT NULL DEFAULT 0;

-- The console lists a period's capped shifts, per hall or campus-wide.
CREATE INDEX shifts_capped ON shifts (
    capped,
    start_at,
    hall_id,
    corrected
);

UPDATE shifts SET
    capped = 1,
    corrected = CASE WHEN {{.JSON "e.data" "corrected_at"}} IS NULL THEN 0 ELSE 1 END,
    capped_end_at = CASE WHEN {{.JSON "e.data" "corrected_at"}} IS NULL THEN shifts.end_at END
FROM entities e
WHERE e.entity = 'shift'
    AND e.id = shifts.id
    AND {{.JSON "e.data" "capped"}} IS NOT NULL;
