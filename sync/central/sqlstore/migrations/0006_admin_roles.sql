-- Console roles: a campus admin runs every hall, a hall admin one, a
-- viewer sees dashboards only. Admins from before roles run the campus.
ALTER TABLE admins ADD COLUMN role TEXT NOT NULL DEFAULT 'campus';
ALTER TABLE admins ADD COLUMN hall_id TEXT NOT NULL DEFAULT '';
