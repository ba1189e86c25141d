package io.dossier.testing;

import io.dossier.application.port.out.Documents;
import io.dossier.domain.StorageKey;
import io.dossier.application.port.out.UploadTickets;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;
import io.dossier.domain.UploadTicket;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Upload tickets in a map. Thread-safe; hands out copies. */
public final class InMemoryUploadTickets implements UploadTickets {
    private final Map<String, UploadTicket> byId = new LinkedHashMap<>();
    private final InMemoryDocuments documents;

    /** Tickets whose new documents are kept in {@code documents}. */
    public InMemoryUploadTickets(InMemoryDocuments documents) {
        this.documents = java.util.Objects.requireNonNull(documents, "documents");
    }

    /** What a unit of work rolls back to. */
    synchronized Map<String, UploadTicket> snapshot() {
        return new LinkedHashMap<>(byId);
    }

    synchronized void restore(Map<String, UploadTicket> snapshot) {
        byId.clear();
        byId.putAll(snapshot);
    }

    @Override
    public synchronized void save(UploadTicket ticket) {
        UploadTicket stored = byId.get(ticket.id());
        if (stored != null && !stored.tenant().equals(ticket.tenant())) {
            throw new DocumentException.Conflict("upload " + ticket.id() + " belongs to another tenant");
        }
        byId.put(ticket.id(), copy(ticket));
    }

    /** Both or neither: the ticket id is checked first, and the ticket is kept only once the document is saved. */
    @Override
    public synchronized Document saveWithNewDocument(UploadTicket ticket, Document newDocument) {
        UploadTicket stored = byId.get(ticket.id());
        if (stored != null) {
            throw new DocumentException.Conflict("upload " + ticket.id() + " exists already");
        }
        Document saved = documents.save(newDocument);
        byId.put(ticket.id(), copy(ticket));
        return saved;
    }

    @Override
    public synchronized Optional<UploadTicket> find(TenantId tenant, String id) {
        return Optional.ofNullable(byId.get(id)).filter(t -> t.tenant().equals(tenant)).map(InMemoryUploadTickets::copy);
    }

    @Override
    public synchronized Optional<UploadTicket> findByKey(StorageKey key) {
        return byId.values().stream()
                .filter(t -> t.repositoryId().equals(key.repositoryId()) && t.key().equals(key.key()))
                .findFirst().map(InMemoryUploadTickets::copy);
    }

    @Override
    public synchronized Optional<UploadTicket> latestTicket(TenantId tenant, DocumentId documentId) {
        return byId.values().stream().filter(t -> t.tenant().equals(tenant) && t.documentId().equals(documentId))
                .max(Comparator.comparing(UploadTicket::issuedAt).thenComparing(UploadTicket::id))
                .map(InMemoryUploadTickets::copy);
    }

    @Override
    public synchronized List<UploadTicket> openTickets(TenantId tenant, DocumentId documentId) {
        return byId.values().stream()
                .filter(t -> t.tenant().equals(tenant) && t.documentId().equals(documentId)
                        && t.state() == UploadTicket.State.ISSUED)
                .sorted(Comparator.comparing(UploadTicket::issuedAt)).map(InMemoryUploadTickets::copy).toList();
    }

    @Override
    public synchronized List<UploadTicket> expiredOpenTickets(Instant now, int limit) {
        return byId.values().stream()
                .filter(t -> t.state() == UploadTicket.State.ISSUED && t.isExpiredAt(now))
                .sorted(Comparator.comparing(UploadTicket::expiresAt)).limit(limit)
                .map(InMemoryUploadTickets::copy).toList();
    }

    @Override
    public synchronized boolean holdsLiveTicket(StorageKey key, Instant now) {
        return byId.values().stream().anyMatch(t -> t.state() == UploadTicket.State.ISSUED && !t.isExpiredAt(now)
                && t.repositoryId().equals(key.repositoryId()) && t.key().equals(key.key()));
    }

    private static UploadTicket copy(UploadTicket t) {
        return UploadTicket.restore(t.snapshot());
    }
}
