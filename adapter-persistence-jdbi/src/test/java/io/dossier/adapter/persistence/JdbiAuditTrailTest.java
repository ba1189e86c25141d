package io.dossier.adapter.persistence;

import io.dossier.application.port.out.AuditTrail;
import io.dossier.application.port.out.Transactions;
import io.dossier.testing.contract.AuditTrailContract;

/** The {@link AuditTrail} contract against PostgreSQL. */
class JdbiAuditTrailTest extends AuditTrailContract {
    @Override
    protected AuditTrail audit() {
        return TestDatabase.persistence().auditTrail();
    }

    @Override
    protected Transactions transactions() {
        return TestDatabase.persistence().transactions();
    }
}
