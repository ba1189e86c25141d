-- PostgreSQL's parser keeps a file name, path, host or e-mail address as one word: an entry of
-- "käsebrot.png" held 'kasebrot.png' and was not found by "käsebrot". Entries are now written with
-- the parts of such words after their text (JdbiSearch.withParts); this gives the entries already
-- there the same, from their words as stored (each part with the weight of the word it came from).
-- The parts are split at the same characters as in the service, not by a character class, which
-- in a database of the C locale would not count letters beyond ASCII as letters.
CREATE FUNCTION dossier_parts(words tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(setweight(to_tsvector('simple', string_agg(p, ' ') FILTER (WHERE w = 'A')), 'A'), '')
        || coalesce(setweight(to_tsvector('simple', string_agg(p, ' ') FILTER (WHERE w = 'B')), 'B'), '')
        || coalesce(setweight(to_tsvector('simple', string_agg(p, ' ') FILTER (WHERE w = 'C')), 'C'), '')
        || coalesce(setweight(to_tsvector('simple', string_agg(p, ' ') FILTER (WHERE w = 'D')), 'D'), '')
      FROM (SELECT regexp_replace(lexeme, '[./@\\~:_+-]+', ' ', 'g') AS p, weights[1] AS w
              FROM unnest(words) WHERE lexeme ~ '[./@\\~]') joined
$$;

UPDATE search_entries
   SET fields_words = fields_words || dossier_parts(fields_words),
       body_words = body_words || dossier_parts(body_words),
       words = fields_words || dossier_parts(fields_words) || body_words || dossier_parts(body_words),
       pairs = pairs || dossier_pairs(dossier_parts(fields_words)) || dossier_pairs(dossier_parts(body_words))
 WHERE EXISTS (SELECT 1 FROM unnest(words) WHERE lexeme ~ '[./@\\~]');
