package io.dossier.adapter.persistence;

import io.dossier.application.port.out.ApiKeys;
import io.dossier.testing.contract.ApiKeysContract;

/** The {@link ApiKeys} contract against PostgreSQL. */
class JdbiApiKeysTest extends ApiKeysContract {
    @Override
    protected ApiKeys keys() {
        return TestDatabase.persistence().apiKeys();
    }
}
