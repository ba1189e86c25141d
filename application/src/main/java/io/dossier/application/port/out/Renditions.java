package io.dossier.application.port.out;

import io.dossier.domain.DocumentId;
import io.dossier.domain.Rendition;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import io.dossier.domain.VersionNumber;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where renditions are kept, and at the same time the queue of those still to be made: a
 * pending rendition is a job, written in the unit of work that stores its version (an outbox),
 * so that no version is stored without it and none is made twice. Several workers, in several
 * processes, may claim jobs; a claim is a lease, and a job whose worker died is claimed again
 * once its lease ends.
 */
public interface Renditions {

    /** Records the pending rendition of a new version; one that exists already is kept. */
    void pend(TenantId tenant, Rendition pending);

    /**
     * Up to {@code max} pending renditions that are due at {@code now} and not leased, each now
     * leased to the caller until {@code now + lease}. No two callers get the same one.
     */
    List<Job> claim(int max, Instant now, Duration lease);

    /**
     * Keeps the outcome of a claimed job and ends its lease. A pending outcome (to be tried again)
     * is due at {@code dueAt}; {@code maker} names what made a finished one.
     */
    void record(TenantId tenant, Rendition outcome, Instant dueAt, String maker);

    Optional<Rendition> find(TenantId tenant, DocumentId documentId, VersionNumber version);

    /** The renditions of a document's versions, oldest version first. */
    List<Rendition> ofDocument(TenantId tenant, DocumentId documentId);

    /**
     * For the re-extraction after an upgrade: pends up to {@code max} versions that have no
     * rendition, or one that is finished and was made by another maker than {@code maker}.
     * Calling it until it answers 0 has covered every version; it can stop and start again.
     *
     * @return how many it pended
     */
    int pendStale(String maker, int max, Instant now);

    /** True when a rendition refers to this object (the sweeper keeps it then). */
    boolean references(StorageKey key);

    /** A pending rendition, claimed, with the tenant it belongs to. */
    record Job(TenantId tenant, Rendition rendition) {
    }

    /** For a core without renditions: nothing is pended, found or claimed. */
    Renditions NONE = new Renditions() {
        @Override
        public void pend(TenantId tenant, Rendition pending) {
        }

        @Override
        public List<Job> claim(int max, Instant now, Duration lease) {
            return List.of();
        }

        @Override
        public void record(TenantId tenant, Rendition outcome, Instant dueAt, String maker) {
            throw new IllegalStateException("nothing is claimed from a core without renditions");
        }

        @Override
        public Optional<Rendition> find(TenantId tenant, DocumentId documentId, VersionNumber version) {
            return Optional.empty();
        }

        @Override
        public List<Rendition> ofDocument(TenantId tenant, DocumentId documentId) {
            return List.of();
        }

        @Override
        public int pendStale(String maker, int max, Instant now) {
            return 0;
        }

        @Override
        public boolean references(StorageKey key) {
            return false;
        }
    };
}
