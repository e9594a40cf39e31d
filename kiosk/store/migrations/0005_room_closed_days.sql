-- Days a room does not open, as JSON arrays: weekdays (0 = Sunday) and
-- the hall's dates (YYYY-MM-DD), set by admins in the console.
ALTER TABLE rooms ADD COLUMN closed_weekdays TEXT NOT NULL DEFAULT '[]';
ALTER TABLE rooms ADD COLUMN closed_dates TEXT NOT NULL DEFAULT '[]';
