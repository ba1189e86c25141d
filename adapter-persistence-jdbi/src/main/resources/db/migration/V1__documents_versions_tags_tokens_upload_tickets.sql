-- Documents with their immutable versions, current tags and public tokens, and the upload
-- tickets of the presigned flow. Instants are TIMESTAMPTZ (microseconds). Enumerations are
-- stored by their Java names.

-- Document numbers serve the APIs whose ids are integers; the sequence never hands one out twice.
CREATE SEQUENCE document_numbers AS bigint;

CREATE TABLE documents (
    id                   uuid        PRIMARY KEY,
    tenant               text        NOT NULL,
    number               bigint      NOT NULL DEFAULT nextval('document_numbers'),
    filing               text        NOT NULL,
    patient_id           bigint,
    client_id            bigint,
    project_id           bigint,
    name                 text        NOT NULL,
    description          text        NOT NULL,
    properties           jsonb       NOT NULL,
    visibility           text        NOT NULL,
    created_at           timestamptz NOT NULL,
    created_by_reference text        NOT NULL,
    created_by_display   text        NOT NULL,
    last_modified_at     timestamptz NOT NULL,
    -- Optimistic locking: every save raises it by one, and only from the revision it was loaded at.
    revision             bigint      NOT NULL,
    CONSTRAINT documents_number_unique UNIQUE (number),
    CONSTRAINT documents_visibility_known CHECK (visibility IN ('PRIVATE', 'PUBLIC')),
    CONSTRAINT documents_filing_complete CHECK (
        (filing = 'UNFILED' AND patient_id IS NULL AND client_id IS NULL AND project_id IS NULL)
        OR (filing = 'PATIENT' AND patient_id IS NOT NULL AND client_id IS NULL AND project_id IS NULL)
        OR (filing = 'PROJECT' AND patient_id IS NULL AND client_id IS NOT NULL AND project_id IS NOT NULL))
);

ALTER SEQUENCE document_numbers OWNED BY documents.number;

-- Listing a tenant's documents, oldest first.
CREATE INDEX documents_by_tenant ON documents (tenant, created_at, number);
CREATE INDEX documents_by_tenant_and_number ON documents (tenant, number);
-- Partial on IS NOT NULL: a plain "patient_id = ?" lets the planner use them.
CREATE INDEX documents_by_patient ON documents (tenant, patient_id) WHERE patient_id IS NOT NULL;
CREATE INDEX documents_by_project ON documents (tenant, client_id, project_id) WHERE client_id IS NOT NULL;

-- Rows are only ever inserted: a version never changes once written.
CREATE TABLE versions (
    document_id       uuid        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    number            integer     NOT NULL CHECK (number > 0),
    repository_id     text        NOT NULL,
    storage_key       text        NOT NULL,
    content_length    bigint      NOT NULL CHECK (content_length >= 0),
    media_type        text        NOT NULL,
    file_name         text        NOT NULL,
    sha256            char(64)    NOT NULL,
    content_stream_id text        NOT NULL,
    name              text        NOT NULL,
    description       text        NOT NULL,
    properties        jsonb       NOT NULL,
    created_at        timestamptz NOT NULL,
    author_reference  text        NOT NULL,
    author_display    text        NOT NULL,
    based_on          integer,
    restored_from     integer,
    -- Also the index for loading a document's versions in order.
    PRIMARY KEY (document_id, number)
);

-- Whether any committed version still refers to a stored object (the sweeper asks).
CREATE INDEX versions_by_storage_key ON versions (repository_id, storage_key);

CREATE TABLE tags (
    document_id uuid        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    state       integer     NOT NULL,
    created_at  timestamptz NOT NULL,
    trace_id    text        NOT NULL,
    PRIMARY KEY (document_id, name)
);

CREATE TABLE public_tokens (
    document_id uuid        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id          text        NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    PRIMARY KEY (document_id, id)
);

-- No foreign key to documents: a ticket outlives a deleted document until it is completed,
-- failed or expired.
CREATE TABLE upload_tickets (
    id                text        PRIMARY KEY,
    tenant            text        NOT NULL,
    document_id       uuid        NOT NULL,
    repository_id     text        NOT NULL,
    storage_key       text        NOT NULL,
    content_stream_id text        NOT NULL,
    file_name         text        NOT NULL,
    media_type        text        NOT NULL,
    max_bytes         bigint      NOT NULL,
    issued_at         timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    author_reference  text        NOT NULL,
    author_display    text        NOT NULL,
    based_on          integer,
    state             text        NOT NULL,
    version           integer,
    failure           text,
    CONSTRAINT upload_tickets_state_known CHECK (state IN ('ISSUED', 'COMPLETED', 'FAILED', 'EXPIRED'))
);

CREATE INDEX upload_tickets_by_storage_key ON upload_tickets (repository_id, storage_key);
CREATE INDEX upload_tickets_by_document ON upload_tickets (tenant, document_id, state);
CREATE INDEX upload_tickets_by_expiry ON upload_tickets (state, expires_at);
