package io.dossier.testing;

import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Documents;
import io.dossier.testing.contract.DocumentSearchContract;

/** The {@link DocumentSearch} contract against the in-memory stores. */
class InMemorySearchTest extends DocumentSearchContract {
    private final InMemoryStores stores = InMemoryStores.create();

    @Override
    protected DocumentSearch search() {
        return stores.search();
    }

    @Override
    protected Documents documents() {
        return stores.documents();
    }
}
