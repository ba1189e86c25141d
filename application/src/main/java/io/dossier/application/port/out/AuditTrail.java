package io.dossier.application.port.out;

import io.dossier.domain.AuditEntry;
import io.dossier.domain.AuditQuery;
import io.dossier.domain.DocumentId;
import io.dossier.domain.TenantId;

import java.util.List;
import java.util.Optional;

/**
 * The append-only audit trail: entries chained per tenant by SHA-256 (see {@link AuditEntry}).
 * Appending joins the caller's unit of work, so that an entry exists exactly when the change it
 * records was committed. Nothing here changes or removes an entry.
 */
public interface AuditTrail {

    /** Chains the events, in order, after the last entry of their chains and keeps them. */
    void append(List<AuditEntry.Event> events);

    /** Entries of the tenant that match, newest first. */
    List<AuditEntry> find(TenantId tenant, AuditQuery query, int offset, int limit);

    /** Up to {@code limit} entries of a chain (empty tenant: the service's own) after a sequence number, in order. */
    List<AuditEntry> chain(Optional<TenantId> tenant, long afterSequence, int limit);

    /** The last entry's sequence and hash as kept apart from the entries: removing the newest entries shows. */
    Optional<Head> head(Optional<TenantId> tenant);

    /** The chains that hold entries: the tenants', then the service's own (empty). */
    List<Optional<TenantId>> chains();

    record Head(long sequence, String hash) {
    }

    /** For a core without an audit trail: nothing is kept, nothing is found. */
    AuditTrail NONE = new AuditTrail() {
        @Override
        public void append(List<AuditEntry.Event> events) {
        }

        @Override
        public List<AuditEntry> find(TenantId tenant, AuditQuery query, int offset, int limit) {
            return List.of();
        }

        @Override
        public List<AuditEntry> chain(Optional<TenantId> tenant, long afterSequence, int limit) {
            return List.of();
        }

        @Override
        public Optional<Head> head(Optional<TenantId> tenant) {
            return Optional.empty();
        }

        @Override
        public List<Optional<TenantId>> chains() {
            return List.of();
        }
    };
}
