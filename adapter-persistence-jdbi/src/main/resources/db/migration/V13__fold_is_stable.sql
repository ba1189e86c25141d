-- dossier_fold calls unaccent, which PostgreSQL declares STABLE (its rules file can change).
-- Declared IMMUTABLE, the function was never inlined into the statements that call it: every
-- call ran it as a function of its own, parsed and planned anew each time (three times per
-- saved search entry). STABLE is what it is; it is inlined, and no index depends on it.
ALTER FUNCTION dossier_fold(text) STABLE;
