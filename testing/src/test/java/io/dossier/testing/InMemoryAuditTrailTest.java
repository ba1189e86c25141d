package io.dossier.testing;

import io.dossier.application.port.out.AuditTrail;
import io.dossier.application.port.out.Transactions;
import io.dossier.testing.contract.AuditTrailContract;

class InMemoryAuditTrailTest extends AuditTrailContract {
    private final InMemoryDocuments documents = new InMemoryDocuments();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final InMemoryTransactions transactions = new InMemoryTransactions(documents,
            new InMemoryUploadTickets(documents), new InMemoryRenditions(documents), audit);

    @Override
    protected AuditTrail audit() {
        return audit;
    }

    @Override
    protected Transactions transactions() {
        return transactions;
    }
}
