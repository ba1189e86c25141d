package io.dossier.testing;

import io.dossier.application.port.out.Documents;
import io.dossier.domain.StorageKey;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.TenantId;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Documents in a map, with the same optimistic locking as a database. Thread-safe. */
public final class InMemoryDocuments implements Documents {
    private final Map<DocumentId, Document> byId = new LinkedHashMap<>();
    private final java.util.Map<TenantId, AtomicLong> numbers = new java.util.concurrent.ConcurrentHashMap<>();

    /** What a unit of work rolls back to. */
    synchronized Map<DocumentId, Document> snapshot() {
        return new LinkedHashMap<>(byId);
    }

    /** Every document of every tenant, for the renditions kept next to them. */
    synchronized List<Document> all() {
        return List.copyOf(byId.values());
    }

    synchronized void restore(Map<DocumentId, Document> snapshot) {
        byId.clear();
        byId.putAll(snapshot);
    }

    @Override
    public synchronized Optional<Document> find(TenantId tenant, DocumentId id) {
        return Optional.ofNullable(byId.get(id)).filter(d -> d.tenant().equals(tenant) && !d.isTrashed())
                .map(InMemoryDocuments::copy);
    }

    @Override
    public synchronized Optional<Document> findInTrash(TenantId tenant, DocumentId id) {
        return Optional.ofNullable(byId.get(id)).filter(d -> d.tenant().equals(tenant) && d.isTrashed())
                .map(InMemoryDocuments::copy);
    }

    private static final Comparator<Document> NEWEST_DELETION_FIRST = Comparator
            .comparing((Document d) -> d.keeping().trashed().orElseThrow().at())
            .thenComparingLong(Document::number).reversed();

    @Override
    public synchronized List<Document> trash(TenantId tenant, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new DocumentException.InvalidInput("offset and limit must not be negative");
        }
        return byId.values().stream().filter(d -> d.tenant().equals(tenant) && d.isTrashed())
                .sorted(NEWEST_DELETION_FIRST).skip(offset).limit(limit).map(InMemoryDocuments::copy).toList();
    }

    @Override
    public synchronized long countTrash(TenantId tenant) {
        return byId.values().stream().filter(d -> d.tenant().equals(tenant) && d.isTrashed()).count();
    }

    @Override
    public synchronized List<Document> trashedBefore(java.time.Instant cutoff, int limit) {
        return byId.values().stream()
                .filter(d -> d.keeping().trashed().map(t -> !t.at().isAfter(cutoff)).orElse(false))
                .sorted(Comparator.comparing((Document d) -> d.keeping().trashed().orElseThrow().at())
                        .thenComparing(d -> d.id().value()))
                .limit(limit).map(InMemoryDocuments::copy).toList();
    }

    @Override
    public synchronized Optional<Document> findByNumber(TenantId tenant, long number) {
        return byId.values().stream().filter(d -> d.tenant().equals(tenant) && d.number() == number && !d.isTrashed())
                .findFirst()
                .map(InMemoryDocuments::copy);
    }

    @Override
    public synchronized List<Document> list(TenantId tenant, io.dossier.domain.Reach reach, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new DocumentException.InvalidInput("offset and limit must not be negative");
        }
        return byId.values().stream().filter(d -> d.tenant().equals(tenant) && reach.includes(d.filing())
                        && !d.isTrashed())
                .sorted(Comparator.comparing(Document::createdAt).thenComparingLong(Document::number))
                .skip(offset).limit(limit).map(InMemoryDocuments::copy).toList();
    }

    @Override
    public synchronized long count(TenantId tenant, io.dossier.domain.Reach reach) {
        return byId.values().stream().filter(d -> d.tenant().equals(tenant) && reach.includes(d.filing())
                && !d.isTrashed()).count();
    }


    @Override
    public synchronized Document save(Document document) {
        Document stored = byId.get(document.id());
        if (document.revision() == 0) {
            if (stored != null || byId.values().stream().anyMatch(d -> d.tenant().equals(document.tenant())
                    && d.number() == document.number())) {
                throw new DocumentException.Conflict("document " + document.id() + " exists already");
            }
        } else if (stored == null || stored.revision() != document.revision()
                || !stored.tenant().equals(document.tenant())) {
            throw new DocumentException.Conflict("document " + document.id() + " was changed or deleted meanwhile");
        }
        Document saved = document.atRevision(document.revision() + 1);
        byId.put(saved.id(), saved);
        return copy(saved);
    }

    @Override
    public synchronized boolean delete(TenantId tenant, DocumentId id) {
        Document stored = byId.get(id);
        if (stored == null || !stored.tenant().equals(tenant)) {
            return false;
        }
        byId.remove(id);
        return true;
    }

    @Override
    public long nextNumber(TenantId tenant) {
        return numbers.computeIfAbsent(tenant, t -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    @Override
    public void reserveNumbersThrough(TenantId tenant, long number) {
        numbers.computeIfAbsent(tenant, t -> new java.util.concurrent.atomic.AtomicLong())
                .accumulateAndGet(number, Math::max);
    }

    @Override
    public synchronized List<TenantId> tenants() {
        return byId.values().stream().map(Document::tenant).distinct()
                .sorted(java.util.Comparator.comparing(TenantId::value)).toList();
    }

    @Override
    public synchronized boolean references(StorageKey key) {
        return byId.values().stream().flatMap(d -> d.versions().stream())
                .anyMatch(v -> v.content().storageKey().equals(key));
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    private static Document copy(Document document) {
        return document.atRevision(document.revision());
    }
}
