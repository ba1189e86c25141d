-- Search speed (ADR 0006, docs/performance.md).
--
-- 1. Every pair of adjacent words of an entry, under a GIN index of its own. A phrase query first
--    narrows to the entries that hold each of its pairs (an index lookup) and checks word positions
--    only on those, instead of on every entry holding its words. A pair is kept as its bucket (the
--    first 16 bits of the MD5 of 'left right', in hex): 65,536 keys keep the index small and quick
--    to write, where every distinct pair as a key made it larger than the table; the few entries
--    that share a bucket by chance (about one in 200 for a pair) are sorted out by the position
--    check. MD5, so that a bucket never changes.
-- 2. The words are kept in the table row (compressed) rather than out of line: ranking and phrase
--    checks read them for every candidate, and an out-of-line value costs an index lookup and
--    several page reads more each time.
CREATE FUNCTION dossier_pairs(words tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(md5(a.lexeme || ' ' || b.lexeme), 4))), ''::tsvector)
      FROM (SELECT u.lexeme, p FROM unnest(words) u, unnest(u.positions) p) a
      JOIN (SELECT u.lexeme, p FROM unnest(words) u, unnest(u.positions) p) b ON b.p = a.p + 1
$$;

ALTER TABLE search_entries ALTER COLUMN words SET STORAGE MAIN;
ALTER TABLE search_entries ADD COLUMN pairs tsvector NOT NULL DEFAULT ''::tsvector;

-- A new value of words is stored the new way; the pairs of what is there already.
UPDATE search_entries SET words = fields_words || body_words, pairs = dossier_pairs(fields_words || body_words);

CREATE INDEX search_entries_pairs ON search_entries USING gin (pairs);

-- 3. No foreign key to the document: its check locks the document's row on every save of an entry,
--    which cost more than the rest of the entry's insert. Deleting a document deletes its entry in
--    the same statement, and an entry is only written for a document that is there.
ALTER TABLE search_entries DROP CONSTRAINT search_entries_document_id_fkey;
