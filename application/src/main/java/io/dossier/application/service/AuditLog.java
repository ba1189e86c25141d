package io.dossier.application.service;

import io.dossier.application.port.out.AuditTrail;
import io.dossier.application.port.out.Transactions;
import io.dossier.domain.AuditEntry;

import java.util.List;

/**
 * Appends audit events that no document save carries (reads, purges, refusals, integrity
 * failures), each in a unit of work of its own or of the caller's.
 */
final class AuditLog {
    private final AuditTrail audit;
    private final Transactions transactions;

    AuditLog(AuditTrail audit, Transactions transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    boolean isOn() {
        return audit != AuditTrail.NONE;
    }

    /** Runs the work in one unit of work, so that what it records commits with it or not at all. */
    <T> T together(java.util.function.Supplier<T> work) {
        return transactions.inTransaction(work);
    }

    void record(AuditEntry.Event event) {
        if (audit == AuditTrail.NONE) {
            return;
        }
        transactions.inTransaction(() -> {
            audit.append(List.of(event));
            return null;
        });
    }
}
