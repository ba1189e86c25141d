-- The audit trail: entries chained per tenant (chain '*' is the service's own) by SHA-256, each
-- hash computed by the core over every field. The head of each chain is kept apart, locked by
-- every append (so that a chain gets no gap and no fork), and shows removed newest entries.
CREATE TABLE audit_entries (
    chain         text        NOT NULL,
    sequence      bigint      NOT NULL CHECK (sequence > 0),
    at            timestamptz NOT NULL,
    actor         text        NOT NULL,
    action        text        NOT NULL,
    document_id   uuid,
    version       integer,
    detail        text        NOT NULL,
    previous_hash text        NOT NULL,
    hash          text        NOT NULL,
    PRIMARY KEY (chain, sequence)
);

CREATE INDEX audit_entries_by_document ON audit_entries (chain, document_id, sequence DESC)
    WHERE document_id IS NOT NULL;
CREATE INDEX audit_entries_by_time ON audit_entries (chain, at);

CREATE TABLE audit_heads (
    chain    text   PRIMARY KEY,
    sequence bigint NOT NULL,
    hash     text   NOT NULL
);

-- Append-only for the service: changing or removing an entry is refused. Whoever can drop this
-- trigger can still edit rows; the chain is what shows it.
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are never changed or removed';
END $$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
