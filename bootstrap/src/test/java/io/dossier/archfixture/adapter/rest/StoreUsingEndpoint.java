package io.dossier.archfixture.adapter.rest;

import io.dossier.archfixture.application.port.out.SomeStore;

/** Breaks "the REST adapter uses in-ports only": an endpoint that reaches past the use cases. */
final class StoreUsingEndpoint {
    private final SomeStore store;

    StoreUsingEndpoint(SomeStore store) {
        this.store = store;
    }

    void handle() {
        store.save(null);
    }
}
