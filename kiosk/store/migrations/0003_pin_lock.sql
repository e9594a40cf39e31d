-- Central locks PIN entry for a student on every kiosk of the hall after
-- too many wrong PINs anywhere; the roster row carries the lock's end.
ALTER TABLE roster ADD COLUMN pin_locked_until INTEGER;
