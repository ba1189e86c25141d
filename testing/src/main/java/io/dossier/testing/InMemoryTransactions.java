package io.dossier.testing;

import io.dossier.application.port.out.Transactions;

import java.util.function.Supplier;

/**
 * The unit of work of the in-memory stores: one at a time, and a failed one puts both stores
 * back as they were before it. Stored documents and tickets are immutable copies, so a snapshot
 * of the maps is a snapshot of the stores. Writes made outside a unit of work meanwhile are not
 * isolated from it (these stores are for embedders' tests and small tools, not for load).
 */
public final class InMemoryTransactions implements Transactions {
    private final InMemoryDocuments documents;
    private final InMemoryUploadTickets tickets;
    private final InMemoryRenditions renditions;
    private final InMemoryAuditTrail audit;
    private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);

    public InMemoryTransactions(InMemoryDocuments documents, InMemoryUploadTickets tickets) {
        this(documents, tickets, new InMemoryRenditions(documents));
    }

    public InMemoryTransactions(InMemoryDocuments documents, InMemoryUploadTickets tickets,
                                InMemoryRenditions renditions) {
        this(documents, tickets, renditions, new InMemoryAuditTrail());
    }

    /** Also rolls back the audit trail, whose entries must exist exactly when their changes do. */
    public InMemoryTransactions(InMemoryDocuments documents, InMemoryUploadTickets tickets,
                                InMemoryRenditions renditions, InMemoryAuditTrail audit) {
        this.audit = audit;
        this.documents = documents;
        this.tickets = tickets;
        this.renditions = renditions;
    }

    @Override
    public synchronized <T> T inTransaction(Supplier<T> work) {
        if (inside.get()) {
            return work.get(); // joins the outer unit of work
        }
        var documentsBefore = documents.snapshot();
        var ticketsBefore = tickets.snapshot();
        var renditionsBefore = renditions.snapshot();
        var auditBefore = audit.snapshot();
        inside.set(true);
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            documents.restore(documentsBefore);
            tickets.restore(ticketsBefore);
            renditions.restore(renditionsBefore);
            audit.restore(auditBefore);
            throw e;
        } finally {
            inside.set(false);
        }
    }
}
