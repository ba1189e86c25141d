package io.dossier.adapter.persistence;

import io.dossier.application.port.out.IdempotencyKeys;
import io.dossier.testing.contract.IdempotencyKeysContract;

/** The {@link IdempotencyKeys} contract against PostgreSQL. */
class JdbiIdempotencyKeysTest extends IdempotencyKeysContract {
    @Override
    protected IdempotencyKeys keys() {
        return TestDatabase.persistence().idempotencyKeys();
    }
}
