-- A kiosk's last failed sync, as its heartbeat reports it, for the
-- console's kiosks page.
ALTER TABLE kiosks ADD COLUMN hb_last_error TEXT NOT NULL DEFAULT '';
