package io.dossier.adapter.persistence;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.testing.contract.TransactionsContract;

/** The unit of work on PostgreSQL: one transaction, which the stores' own calls join. */
class JdbiTransactionsTest extends TransactionsContract {

    @Override
    protected Transactions transactions() {
        return TestDatabase.persistence().transactions();
    }

    @Override
    protected Documents documents() {
        return TestDatabase.persistence().documents();
    }

    @Override
    protected UploadTickets tickets() {
        return TestDatabase.persistence().uploadTickets();
    }
}
