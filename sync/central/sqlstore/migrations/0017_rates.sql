-- 0017: the 接诉即办 rates and the follow-up (回访) queue. The requests
-- table gains the follow-up's answer, so the rates are GROUP BY counts
-- over an index range of one time column and never a decode of every
-- entity's JSON:
--   followup_at        when a follow-up reached the student (their own
--                      rating or an admin's call); NULL for none or an
--                      unanswered call, which counts nowhere;
--   followup_solved    kiosk.Outcome of that answer;
--   followup_satisfied kiosk.Satisfaction of that answer.
-- Requests followed up before it fill these in at their next save.
ALTER TABLE requests ADD COLUMN followup_at {{.Int}};
ALTER TABLE requests ADD COLUMN followup_solved TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN followup_satisfied TEXT NOT NULL DEFAULT '';

-- Each rate counts one period of one time column: 响应率 by submission,
-- 解决率 and 满意率 by follow-up, 按期办结率 by the resolution deadline;
-- per hall, or campus-wide. Each index covers its query (the columns it
-- tests and groups by), so a campus-wide month, some 8,000 requests of
-- the campus-year, is read from the index alone.
CREATE INDEX requests_rates_submitted_hall ON requests (
    hall_id,
    submitted_at,
    proactive,
    responded_at,
    response_due_at,
    category,
    building_id,
    floor,
    unit_id
);

CREATE INDEX requests_rates_submitted ON requests (
    submitted_at,
    proactive,
    responded_at,
    response_due_at,
    hall_id,
    category,
    building_id,
    floor,
    unit_id
);

CREATE INDEX requests_rates_followup_hall ON requests (
    hall_id,
    followup_at,
    followup_solved,
    followup_satisfied,
    category,
    building_id,
    floor,
    unit_id
);

CREATE INDEX requests_rates_followup ON requests (
    followup_at,
    followup_solved,
    followup_satisfied,
    hall_id,
    category,
    building_id,
    floor,
    unit_id
);

CREATE INDEX requests_rates_due_hall ON requests (
    hall_id,
    due_at,
    status,
    resolved_at,
    category,
    building_id,
    floor,
    unit_id
);

CREATE INDEX requests_rates_due ON requests (
    due_at,
    status,
    resolved_at,
    hall_id,
    category,
    building_id,
    floor,
    unit_id
);

-- The follow-up queue: resolved requests, the longest resolved first.
CREATE INDEX requests_followup_queue_hall ON requests (
    hall_id,
    status,
    resolved_at,
    id
);

CREATE INDEX requests_followup_queue ON requests (
    status,
    resolved_at,
    id
);
