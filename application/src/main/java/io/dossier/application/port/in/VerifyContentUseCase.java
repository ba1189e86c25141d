package io.dossier.application.port.in;

import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import io.dossier.domain.VersionNumber;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Re-reads stored content and compares it with what its versions recorded (length and SHA-256):
 * how an operator learns of lost or altered objects before a reader does. An operator's use case.
 */
public interface VerifyContentUseCase {

    /**
     * What to check: every tenant's versions, one tenant's, or one document's, each version or a
     * random sample of them.
     *
     * @param samplePercent of the versions in scope, how many to check (1 to 100)
     */
    /**
     * @param maxBytesPerSecond how fast stored content is read, at most (0: as fast as the store
     *                          answers), so that a scheduled scan leaves the store to its users
     */
    record Scope(Optional<TenantId> tenant, Optional<DocumentId> document, int samplePercent, long maxBytesPerSecond) {
        public Scope(Optional<TenantId> tenant, Optional<DocumentId> document, int samplePercent) {
            this(tenant, document, samplePercent, 0);
        }

        public Scope {
            if (maxBytesPerSecond < 0) {
                throw new DocumentException.InvalidInput("the read rate must not be negative");
            }
            tenant = tenant == null ? Optional.empty() : tenant;
            document = document == null ? Optional.empty() : document;
            if (document.isPresent() && tenant.isEmpty()) {
                throw new DocumentException.InvalidInput("a document is named within its tenant: give the tenant too");
            }
            if (samplePercent < 1 || samplePercent > 100) {
                throw new DocumentException.InvalidInput("the sample must be 1 to 100 percent of the versions");
            }
        }

        public static final Scope ALL = new Scope(Optional.empty(), Optional.empty(), 100, 0);
    }

    enum Problem {
        /** The store has no object under the version's key. */
        MISSING,
        /** The object has another length than the version recorded. */
        LENGTH,
        /** The object has the recorded length but other bytes. */
        DIGEST,
        /** The store did not answer, or broke off while the object was read: not checked. */
        UNREADABLE
    }

    /** A version whose stored bytes are not what it recorded. */
    record Finding(TenantId tenant, DocumentId document, VersionNumber version, StorageKey key, Problem problem,
                   String detail) {
    }

    /** How much was read, and how many findings there were (each was handed to the caller). */
    record Report(long versions, long bytes, long findings) {
    }

    /** Checks the versions in scope, handing each finding to {@code findings} as it is found. */
    Report verify(Scope scope, Consumer<Finding> findings);
}
