package io.dossier.application.port.out;

import io.dossier.domain.StorageKey;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Reach;
import io.dossier.domain.TenantId;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where documents are kept. Lookups are always within a tenant: other tenants' documents do not
 * exist. Documents in the trash are found only by the trash's own reads ({@link #findInTrash},
 * {@link #trash}, {@link #trashedBefore}); every other read passes them by.
 */
public interface Documents {

    Optional<Document> find(TenantId tenant, DocumentId id);

    /** A document of the tenant that lies in the trash. */
    Optional<Document> findInTrash(TenantId tenant, DocumentId id);

    /** The tenant's documents in the trash, most recently deleted first. */
    List<Document> trash(TenantId tenant, int offset, int limit);

    /** How many documents {@link #trash(TenantId, int, int)} pages through. */
    long countTrash(TenantId tenant);

    /** Up to {@code limit} documents of any tenant deleted into the trash at or before the cutoff, oldest first. */
    List<Document> trashedBefore(java.time.Instant cutoff, int limit);

    Optional<Document> findByNumber(TenantId tenant, long number);

    /** Documents of a tenant, oldest first. */
    default List<Document> list(TenantId tenant, int offset, int limit) {
        return list(tenant, Reach.ALL, offset, limit);
    }

    /** Documents of a tenant within a client scope (see {@link Reach}), oldest first. */
    default List<Document> list(TenantId tenant, Optional<Set<Long>> clients, int offset, int limit) {
        return list(tenant, new Reach(clients, Optional.empty()), offset, limit);
    }

    /** Documents of a tenant that the reach includes, oldest first. */
    List<Document> list(TenantId tenant, Reach reach, int offset, int limit);

    default long count(TenantId tenant) {
        return count(tenant, Reach.ALL);
    }

    default long count(TenantId tenant, Optional<Set<Long>> clients) {
        return count(tenant, new Reach(clients, Optional.empty()));
    }

    /** How many documents {@link #list(TenantId, Reach, int, int)} pages through. */
    long count(TenantId tenant, Reach reach);

    /**
     * Stores a new document (revision 0) or the changes to a loaded one, atomically, and returns
     * it at its new revision.
     *
     * @throws io.dossier.domain.DocumentException.Conflict when the stored revision is no longer
     *         the one the document was loaded at, or a new document's id or number is taken
     */
    Document save(Document document);

    /** Removes a document and its versions for good, in the trash or not; false when there was none. */
    boolean delete(TenantId tenant, DocumentId id);

    /**
     * The next free document number of the tenant, for APIs whose ids are integers. Numbers are
     * counted per tenant, never handed out twice within it, and increase; they may have gaps.
     */
    long nextNumber(TenantId tenant);

    /**
     * Makes sure the tenant's numbers from now on are above {@code number}: documents imported with
     * their numbers (a restored backup) must not meet a new one of the same number.
     */
    void reserveNumbersThrough(TenantId tenant, long number);

    /** The tenants that hold documents, in the order of their names. */
    List<TenantId> tenants();

    /** True when any committed version of any document refers to this object. */
    boolean references(StorageKey key);

    /** True when the store answers. */
    boolean isAvailable();
}
