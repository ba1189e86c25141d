package io.dossier.application.port.out;

import io.dossier.domain.IdempotentRequest;
import io.dossier.domain.TenantId;

import java.time.Instant;
import java.util.Optional;

/**
 * Requests made under an {@code Idempotency-Key}, per tenant, shared by every instance: a retry
 * that reaches another instance is answered the same way.
 */
public interface IdempotencyKeys {

    /**
     * Claims the request's key: empty when it was free, or held by a request whose lifetime has
     * passed at {@code now}, and is now held by this one (in flight); otherwise the request that
     * holds it. Atomic: of two claims of one key exactly one gets it.
     */
    Optional<IdempotentRequest> claim(IdempotentRequest inFlight, Instant now);

    /** Keeps the answer of a request that holds its key. */
    void finish(IdempotentRequest done);

    /** Frees a key held in flight (the request failed: there is nothing to answer again). */
    void release(TenantId tenant, String key);

    /** Forgets the tenant's requests made before the cutoff; how many. */
    int forgetBefore(TenantId tenant, Instant cutoff);

    /** For a core without a key store: every key is free, nothing is remembered, so no request is answered again. */
    IdempotencyKeys NONE = new IdempotencyKeys() {
        @Override
        public Optional<IdempotentRequest> claim(IdempotentRequest inFlight, Instant now) {
            return Optional.empty();
        }

        @Override
        public void finish(IdempotentRequest done) {
        }

        @Override
        public void release(TenantId tenant, String key) {
        }

        @Override
        public int forgetBefore(TenantId tenant, Instant cutoff) {
            return 0;
        }
    };
}
