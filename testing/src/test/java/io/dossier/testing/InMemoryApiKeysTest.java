package io.dossier.testing;

import io.dossier.application.port.out.ApiKeys;
import io.dossier.testing.contract.ApiKeysContract;

class InMemoryApiKeysTest extends ApiKeysContract {
    private final InMemoryApiKeys keys = new InMemoryApiKeys();

    @Override
    protected ApiKeys keys() {
        return keys;
    }
}
