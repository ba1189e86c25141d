package io.dossier.testing;

import io.dossier.application.port.out.ContentStore;
import io.dossier.testing.contract.ContentStoreContract;

import java.time.Clock;

class InMemoryContentStoreTest extends ContentStoreContract {
    private final InMemoryContentStore store = new InMemoryContentStore(Clock.systemUTC(), "default", "archive");

    @Override
    protected ContentStore store() {
        return store;
    }
}
