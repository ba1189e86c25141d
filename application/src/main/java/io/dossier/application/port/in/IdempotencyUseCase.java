package io.dossier.application.port.in;

import io.dossier.domain.IdempotentRequest;

import java.util.Optional;

/**
 * The {@code Idempotency-Key} of a request that creates or replaces: a retry of the same request
 * within 24 hours is answered as the first was, without doing the work again.
 */
public interface IdempotencyUseCase {

    /** Claims the key for this principal's tenant: empty when the request may go ahead; else the one holding it. */
    Optional<IdempotentRequest> claim(Principal principal, String key);

    /** Keeps the answer of the request that claimed the key. */
    void finish(Principal principal, String key, String fingerprint, IdempotentRequest.Answer answer);

    /** Frees the key of a request that failed, so that the client may try it again. */
    void release(Principal principal, String key);
}
