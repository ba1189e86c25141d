package io.dossier.testing;

import io.dossier.application.port.out.IdempotencyKeys;
import io.dossier.testing.contract.IdempotencyKeysContract;

class InMemoryIdempotencyKeysTest extends IdempotencyKeysContract {
    private final InMemoryIdempotencyKeys keys = new InMemoryIdempotencyKeys();

    @Override
    protected IdempotencyKeys keys() {
        return keys;
    }
}
