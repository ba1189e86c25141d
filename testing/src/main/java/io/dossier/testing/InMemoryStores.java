package io.dossier.testing;

import io.dossier.application.Dossier;

/**
 * The in-memory stores of one core, wired to each other as one persistence is: the tickets
 * store saves new documents into the documents store, renditions live as long as their
 * versions, the search sees what the documents store holds, and one unit of work spans them and
 * the audit trail.
 */
public record InMemoryStores(InMemoryDocuments documents, InMemoryUploadTickets tickets,
                             InMemoryRenditions renditions, InMemorySearch search,
                             InMemoryTransactions transactions, InMemoryAuditTrail audit) {

    public static InMemoryStores create() {
        InMemoryDocuments documents = new InMemoryDocuments();
        InMemoryUploadTickets tickets = new InMemoryUploadTickets(documents);
        InMemoryRenditions renditions = new InMemoryRenditions(documents);
        InMemoryAuditTrail audit = new InMemoryAuditTrail();
        return new InMemoryStores(documents, tickets, renditions, new InMemorySearch(documents),
                new InMemoryTransactions(documents, tickets, renditions, audit), audit);
    }

    /** A builder with these stores set; add a content store (and what else you need), then build. */
    public Dossier.Builder builder() {
        return Dossier.builder().documents(documents).uploadTickets(tickets).renditions(renditions)
                .search(search).transactions(transactions).auditTrail(audit)
                .idempotencyKeys(new InMemoryIdempotencyKeys()).resumableUploads(new InMemoryResumableUploads());
    }
}
