-- Full-text search: one row per document with what is searchable about it, kept up to date in
-- the transaction that saves the document (and, for the text of its current content, in the one
-- that records its rendition as done). Words are folded: lower case, and without accents where
-- the unaccent extension can be had (it is trusted since PostgreSQL 13; without it accents count).
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'unaccent is not available (%): searches will not ignore accents', SQLERRM;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        EXECUTE 'CREATE FUNCTION dossier_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS '
                || '$f$ SELECT lower(unaccent(''unaccent''::regdictionary, $1)) $f$';
    ELSE
        EXECUTE 'CREATE FUNCTION dossier_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS '
                || '$f$ SELECT lower($1) $f$';
    END IF;
END $$;

CREATE TABLE search_entries (
    document_id    uuid        PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    tenant         text        NOT NULL,
    created_at     timestamptz NOT NULL,
    modified_at    timestamptz NOT NULL,
    -- Of the current version (absent while the document has none).
    media_type     text,
    content_sha256 char(64),
    author         text        NOT NULL,
    visibility     text        NOT NULL,
    patient_id     bigint,
    client_id      bigint,
    project_id     bigint,
    -- Each tag twice: 'name' and 'name=state'.
    tags           text[]      NOT NULL,
    name           text        NOT NULL,
    -- The text of the current content (its first 200,000 characters), once its rendition is done.
    body           text,
    body_sha256    char(64),
    fields_words   tsvector    NOT NULL,
    body_words     tsvector    NOT NULL DEFAULT ''::tsvector,
    words          tsvector    NOT NULL
);

CREATE INDEX search_entries_words ON search_entries USING gin (words);
CREATE INDEX search_entries_tags ON search_entries USING gin (tags);
CREATE INDEX search_entries_by_tenant ON search_entries (tenant, created_at, document_id);
-- Filter-only listings of a patient's or a client's documents, in page order.
CREATE INDEX search_entries_by_patient ON search_entries (tenant, patient_id, created_at, document_id)
    WHERE patient_id IS NOT NULL;
CREATE INDEX search_entries_by_client ON search_entries (tenant, client_id, project_id, created_at, document_id)
    WHERE client_id IS NOT NULL;

-- Documents stored before search existed: their fields now; their texts come with
-- `java -jar dossier.jar reextract` (renditions made before this migration are not read back).
INSERT INTO search_entries (document_id, tenant, created_at, modified_at, media_type, content_sha256, author,
                            visibility, patient_id, client_id, project_id, tags, name, fields_words, words)
SELECT d.id, d.tenant, d.created_at, d.last_modified_at, split_part(v.media_type, ';', 1), v.sha256,
       coalesce(v.author_reference, d.created_by_reference), d.visibility, d.patient_id, d.client_id, d.project_id,
       coalesce((SELECT array_agg(x) FROM tags t, LATERAL (VALUES (t.name), (t.name || '=' || t.state)) AS n(x)
                  WHERE t.document_id = d.id), '{}'),
       d.name, w.fields, w.fields
  FROM documents d
  LEFT JOIN LATERAL (SELECT * FROM versions WHERE document_id = d.id ORDER BY number DESC LIMIT 1) v ON true
  CROSS JOIN LATERAL (SELECT setweight(to_tsvector('simple', dossier_fold(d.name)), 'A')
          || setweight(to_tsvector('simple', dossier_fold(regexp_replace(coalesce(v.file_name, '') || ' '
                 || coalesce((SELECT string_agg(name, ' ') FROM tags WHERE document_id = d.id), ''),
                 '[^[:alnum:]]+', ' ', 'g'))), 'B')
          || setweight(to_tsvector('simple', dossier_fold(d.description || ' '
                 || coalesce((SELECT string_agg(value, ' ') FROM jsonb_each_text(d.properties)), ''))), 'C')
          AS fields) w;
