-- The text rendition of each version, and at once the queue of those still to be made (an
-- outbox: the pending row is written in the transaction that writes its version). Workers in any
-- number of instances claim due rows with FOR UPDATE SKIP LOCKED and hold them by a lease.
CREATE TABLE renditions (
    document_id       uuid        NOT NULL,
    version_number    integer     NOT NULL,
    tenant            text        NOT NULL,
    state             text        NOT NULL,
    repository_id     text,
    storage_key       text,
    content_length    bigint,
    sha256            char(64),
    content_stream_id text,
    truncated         boolean     NOT NULL DEFAULT false,
    reason            text,
    attempts          integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    updated_at        timestamptz NOT NULL,
    -- When a pending one may be tried (later after each failure), and until when a worker holds it.
    due_at            timestamptz NOT NULL,
    leased_until      timestamptz,
    -- What made a finished one; the re-extraction after an upgrade makes those of other makers again.
    maker             text        NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, version_number),
    -- Gone with its version (and so with its document); its text object is then swept.
    FOREIGN KEY (document_id, version_number) REFERENCES versions (document_id, number) ON DELETE CASCADE,
    CONSTRAINT renditions_state_known CHECK (state IN ('PENDING', 'DONE', 'FAILED', 'NOT_APPLICABLE')),
    CONSTRAINT renditions_content_when_done CHECK ((state = 'DONE') = (storage_key IS NOT NULL))
);

CREATE INDEX renditions_due ON renditions (due_at) WHERE state = 'PENDING';
-- The sweeper asks whether an object is a rendition's.
CREATE INDEX renditions_by_object ON renditions (storage_key, repository_id) WHERE storage_key IS NOT NULL;
