-- 0018: the duty volunteer's desk (issue 11). assisted_by is the
-- volunteer who submitted the request on the student's behalf ('' when
-- the student did it alone), for the board's "assisted" filter; the
-- entity's JSON carries it too. Requests before it count as unassisted.
ALTER TABLE requests ADD COLUMN assisted_by TEXT NOT NULL DEFAULT '';
