-- Central's handlers add to a request what the student's screens and
-- the /r page show: the unit it is dispatched to, the response
-- deadline and when it was answered and resolved, the follow-up (回访)
-- as JSON, and whether the hall opened it itself (未诉先办).
ALTER TABLE requests ADD COLUMN unit_id TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN response_due_at INTEGER;
ALTER TABLE requests ADD COLUMN responded_at INTEGER;
ALTER TABLE requests ADD COLUMN resolved_at INTEGER;
ALTER TABLE requests ADD COLUMN follow_up TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN proactive INTEGER NOT NULL DEFAULT 0;
