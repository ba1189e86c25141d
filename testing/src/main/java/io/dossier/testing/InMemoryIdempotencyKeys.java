package io.dossier.testing;

import io.dossier.application.port.out.IdempotencyKeys;
import io.dossier.domain.IdempotentRequest;
import io.dossier.domain.TenantId;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Idempotency keys in a map; claims are atomic. */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {
    private record Id(TenantId tenant, String key) {
    }

    private final Map<Id, IdempotentRequest> held = new LinkedHashMap<>();

    @Override
    public synchronized Optional<IdempotentRequest> claim(IdempotentRequest inFlight, Instant now) {
        Id id = new Id(inFlight.tenant(), inFlight.key());
        IdempotentRequest current = held.get(id);
        if (current != null && !current.isExpiredAt(now)) {
            return Optional.of(current);
        }
        held.put(id, inFlight);
        return Optional.empty();
    }

    @Override
    public synchronized void finish(IdempotentRequest done) {
        Id id = new Id(done.tenant(), done.key());
        IdempotentRequest current = held.get(id);
        if (current != null && current.state() == IdempotentRequest.State.IN_FLIGHT) {
            held.put(id, new IdempotentRequest(done.tenant(), done.key(), IdempotentRequest.State.DONE,
                    done.fingerprint(), done.answer(), current.createdAt()));
        }
    }

    @Override
    public synchronized void release(TenantId tenant, String key) {
        Id id = new Id(tenant, key);
        IdempotentRequest current = held.get(id);
        if (current != null && current.state() == IdempotentRequest.State.IN_FLIGHT) {
            held.remove(id);
        }
    }

    @Override
    public synchronized int forgetBefore(TenantId tenant, Instant cutoff) {
        int before = held.size();
        held.entrySet().removeIf(e -> e.getKey().tenant().equals(tenant) && e.getValue().createdAt().isBefore(cutoff));
        return before - held.size();
    }
}
