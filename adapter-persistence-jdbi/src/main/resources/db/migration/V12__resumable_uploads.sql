-- Resumable (tus) uploads: the store's multipart upload they write into, the parts it took (one
-- line "number size etag" each, in order), the tails of bytes too few for a part (their objects'
-- keys and lengths, in order), and the claim of the request writing now. Each update names the revision it read.
CREATE TABLE resumable_uploads (
    tenant          text        NOT NULL,
    id              text        NOT NULL,
    length          bigint      NOT NULL CHECK (length > 0),
    store_upload_id text        NOT NULL,
    metadata        text        NOT NULL,
    expires_at      timestamptz NOT NULL,
    revision        bigint      NOT NULL,
    parts           text        NOT NULL,
    tail_keys       text[]      NOT NULL,
    tail_lengths    bigint[]    NOT NULL,
    state           text        NOT NULL CHECK (state IN ('RECEIVING', 'RECEIVED', 'TERMINATED', 'EXPIRED')),
    claim_token     text,
    claimed_until   timestamptz,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX resumable_uploads_receiving ON resumable_uploads (expires_at) WHERE state = 'RECEIVING';
CREATE INDEX resumable_uploads_by_store_upload ON resumable_uploads (store_upload_id) WHERE state = 'RECEIVING';
CREATE INDEX resumable_uploads_by_tail ON resumable_uploads USING gin (tail_keys) WHERE state = 'RECEIVING';
