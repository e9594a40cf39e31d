-- A refused mutation's answer names the input at fault, and a resent
-- one must get the same answer.
ALTER TABLE applied_mutations ADD COLUMN field TEXT NOT NULL DEFAULT '';
