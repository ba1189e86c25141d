package io.dossier.testing;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.Transactions;
import io.dossier.testing.contract.RenditionsContract;

/** The {@link Renditions} contract against the in-memory stores. */
class InMemoryRenditionsTest extends RenditionsContract {
    private final InMemoryStores stores = InMemoryStores.create();

    @Override
    protected Renditions renditions() {
        return stores.renditions();
    }

    @Override
    protected Documents documents() {
        return stores.documents();
    }

    @Override
    protected Transactions transactions() {
        return stores.transactions();
    }
}
