-- Requests made under an Idempotency-Key, per tenant: in flight, then done with the answer a
-- retry gets again. Rows older than a key's lifetime (24 hours) are free and are forgotten.
CREATE TABLE idempotency_keys (
    tenant      text        NOT NULL,
    key         text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
    fingerprint text,
    status      integer,
    headers     text[],
    body        bytea,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (tenant, created_at);
