package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Renditions;
import io.dossier.application.port.out.Transactions;
import io.dossier.testing.contract.RenditionsContract;

/** The {@link Renditions} contract against PostgreSQL. */
class JdbiRenditionsTest extends RenditionsContract {
    @Override
    protected Renditions renditions() {
        return TestDatabase.persistence().renditions();
    }

    @Override
    protected Documents documents() {
        return TestDatabase.persistence().documents();
    }

    @Override
    protected Transactions transactions() {
        return TestDatabase.persistence().transactions();
    }
}
