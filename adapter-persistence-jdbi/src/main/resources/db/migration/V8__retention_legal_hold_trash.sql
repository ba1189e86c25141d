-- How a document is kept: a retention (until when it must not be deleted), a legal hold (no end
-- until lifted) and the trash (deleted, restorable until the sweeper purges it).
ALTER TABLE documents
    ADD COLUMN retain_until         timestamptz,
    ADD COLUMN hold_reason          text,
    ADD COLUMN hold_by_reference    text,
    ADD COLUMN hold_by_display      text,
    ADD COLUMN hold_since           timestamptz,
    ADD COLUMN trashed_at           timestamptz,
    ADD COLUMN trashed_by_reference text,
    ADD COLUMN trashed_by_display   text,
    ADD CONSTRAINT documents_hold_whole CHECK ((hold_reason IS NULL) = (hold_since IS NULL)),
    ADD CONSTRAINT documents_trash_whole CHECK ((trashed_at IS NULL) = (trashed_by_reference IS NULL));

-- The trash of a tenant, newest deletion first, and the sweeper's oldest deletions first.
CREATE INDEX documents_in_trash ON documents (tenant, trashed_at DESC) WHERE trashed_at IS NOT NULL;
CREATE INDEX documents_trashed_since ON documents (trashed_at) WHERE trashed_at IS NOT NULL;

-- A document in the trash keeps its entry (and its text) but is not found.
ALTER TABLE search_entries ADD COLUMN in_trash boolean NOT NULL DEFAULT false;
