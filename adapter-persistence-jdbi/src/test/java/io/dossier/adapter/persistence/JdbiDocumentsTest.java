package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.testing.contract.DocumentsContract;

/** The {@link Documents} contract against PostgreSQL. */
class JdbiDocumentsTest extends DocumentsContract {
    @Override
    protected Documents documents() {
        return TestDatabase.persistence().documents();
    }
}
