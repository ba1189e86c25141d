package io.dossier.application.service;

import io.dossier.application.port.in.IdempotencyUseCase;
import io.dossier.application.port.in.Principal;
import io.dossier.application.port.out.IdempotencyKeys;
import io.dossier.domain.IdempotentRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Idempotency keys over their store; a key's lifetime is the domain's. */
public final class IdempotencyService implements IdempotencyUseCase {
    private final IdempotencyKeys keys;
    private final Clock clock;

    IdempotencyService(IdempotencyKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<IdempotentRequest> claim(Principal principal, String key) {
        Instant now = clock.instant();
        // The tenant's expired keys go as new ones come: the store holds about a day of them.
        keys.forgetBefore(principal.tenant(), now.minus(IdempotentRequest.LIFETIME));
        return keys.claim(IdempotentRequest.inFlight(principal.tenant(), key, now), now);
    }

    @Override
    public void finish(Principal principal, String key, String fingerprint, IdempotentRequest.Answer answer) {
        keys.finish(IdempotentRequest.inFlight(principal.tenant(), key, clock.instant()).done(fingerprint, answer));
    }

    @Override
    public void release(Principal principal, String key) {
        keys.release(principal.tenant(), IdempotentRequest.checkKey(key));
    }
}
