-- A ticket is unique within its hall (people read it out at the desk);
-- the column lets a push check that in one indexed query. Requests filed
-- before it keep an empty ticket here (their JSON has the real one).
ALTER TABLE requests ADD COLUMN ticket TEXT NOT NULL DEFAULT '';

CREATE INDEX requests_hall_ticket ON requests (
    hall_id,
    ticket
);
