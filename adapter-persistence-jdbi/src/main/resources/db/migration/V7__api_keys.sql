-- API keys issued at run time (the command line's "keys create"). Only the SHA-256 of a secret is
-- kept; it is unique across tenants, since a request presents the secret alone.
CREATE TABLE api_keys (
    id          text        PRIMARY KEY,
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    secret_hash text        NOT NULL UNIQUE,
    scopes      text[]      NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
);

CREATE INDEX api_keys_by_tenant ON api_keys (tenant, created_at);
