package io.dossier.testing;

import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Transactions;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.testing.contract.TransactionsContract;

class InMemoryTransactionsTest extends TransactionsContract {
    private final InMemoryStores stores = InMemoryStores.create();

    @Override
    protected Transactions transactions() {
        return stores.transactions();
    }

    @Override
    protected Documents documents() {
        return stores.documents();
    }

    @Override
    protected UploadTickets tickets() {
        return stores.tickets();
    }
}
