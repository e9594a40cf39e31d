-- The audit log: every change an admin makes (who, when, what, before
-- and after), written in the change's own transaction.
CREATE TABLE audit_log (
	id        {{.Serial}},
	at        {{.Int}} NOT NULL,
	actor     TEXT NOT NULL,
	hall_id   TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	op        TEXT NOT NULL,
	before    TEXT,
	after     TEXT
){{.Strict}};
CREATE INDEX audit_log_hall ON audit_log (hall_id, id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
