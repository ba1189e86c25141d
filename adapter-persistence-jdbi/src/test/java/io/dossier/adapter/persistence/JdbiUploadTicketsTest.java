package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.testing.contract.UploadTicketsContract;

/** The {@link UploadTickets} contract against PostgreSQL. */
class JdbiUploadTicketsTest extends UploadTicketsContract {
    @Override
    protected UploadTickets tickets() {
        return TestDatabase.persistence().uploadTickets();
    }

    @Override
    protected Documents documents() {
        return TestDatabase.persistence().documents();
    }
}
