package io.dossier.adapter.persistence;

import io.dossier.application.port.out.DocumentSearch;
import io.dossier.application.port.out.Documents;
import io.dossier.testing.contract.DocumentSearchContract;

/** The {@link DocumentSearch} contract against PostgreSQL. */
class JdbiSearchTest extends DocumentSearchContract {
    private static final DocumentSearch SEARCH = TestDatabase.persistence().search();

    @Override
    protected DocumentSearch search() {
        return SEARCH;
    }

    @Override
    protected Documents documents() {
        return TestDatabase.persistence().documents();
    }
}
