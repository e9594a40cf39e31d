-- Every hall counts its days, weeks and opening hours in its own time
-- zone (an IANA name), whatever zone a central process runs in.
ALTER TABLE halls ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';
