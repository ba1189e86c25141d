package io.dossier.application.port.out;

import io.dossier.domain.StorageKey;
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
     * Saves a new document (without versions, tags or tokens) together with the ticket for its
     * first content: both or neither, in the documents store of the same persistence. It is the
     * hot path of issuing upload credentials, so a store should write both at once (one
     * statement, one commit) rather than in a unit of work of two.
     *
     * @return the document as saved
     * @throws io.dossier.domain.DocumentException.Conflict when the document's id or number, or
     *         the ticket's id, is taken
     */
    Document saveWithNewDocument(UploadTicket ticket, Document newDocument);

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
