package io.dossier.application.port.out;

import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where upload tickets are kept. */
public interface UploadTickets {

    /** Inserts or updates the ticket. */
    void save(UploadTicket ticket);

    /**
     * Saves a new document together with the ticket for its first content: both or neither.
     * The default saves the document first, then the ticket; if the ticket fails, the document
     * stays, without content. Stores that can write both at once override this (one commit
     * instead of two is also what makes issuing upload credentials fast).
     *
     * @param documents where {@code newDocument} is saved
     * @return the document as saved
     */
    default Document saveWithNewDocument(UploadTicket ticket, Document newDocument, Documents documents) {
        Document saved = documents.save(newDocument);
        save(ticket);
        return saved;
    }

    Optional<UploadTicket> find(TenantId tenant, String id);

    /** Any tenant's ticket: for storage events, which name only the key. */
    Optional<UploadTicket> findByKey(StorageKey key);

    /** The ticket issued last for a document, whatever its state. */
    Optional<UploadTicket> latestTicket(TenantId tenant, DocumentId documentId);

    /** Open (issued) tickets of a document, oldest first. */
    List<UploadTicket> openTickets(TenantId tenant, DocumentId documentId);

    /** Issued tickets whose expiry is at or before {@code now}, at most {@code limit}. */
    List<UploadTicket> expiredOpenTickets(Instant now, int limit);

    /** True when an issued ticket that has not expired at {@code now} names this object. */
    boolean holdsLiveTicket(StorageKey key, Instant now);
}
