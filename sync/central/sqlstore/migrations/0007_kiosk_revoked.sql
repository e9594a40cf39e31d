-- An admin revokes a lost or replaced kiosk: its token stops working at
-- once (within the servers' 30-second token cache) and the console
-- shows when.
ALTER TABLE kiosks ADD COLUMN revoked_at {{.Int}};
