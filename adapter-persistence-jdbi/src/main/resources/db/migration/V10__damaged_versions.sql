-- Versions an integrity scan found missing or altered in the store, with the problem and when it
-- was first found (ISO 8601 instants); cleared when a later scan finds the bytes as recorded.
ALTER TABLE documents
    ADD COLUMN damaged_versions integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN damage_problems  text[]    NOT NULL DEFAULT '{}',
    ADD COLUMN damage_found_at  text[]    NOT NULL DEFAULT '{}';
