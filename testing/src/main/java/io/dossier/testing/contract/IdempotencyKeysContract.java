package io.dossier.testing.contract;

import io.dossier.application.port.out.IdempotencyKeys;
import io.dossier.domain.IdempotentRequest;
import io.dossier.domain.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link IdempotencyKeys} implementation must do; each test uses a tenant of its own. */
public abstract class IdempotencyKeysContract {

    protected abstract IdempotencyKeys keys();

    private final TenantId tenant = new TenantId("i" + UUID.randomUUID().toString().substring(0, 8));
    private final Instant t0 = Fixtures.now();

    private Optional<IdempotentRequest> claim(TenantId in, String key, Instant at) {
        return keys().claim(IdempotentRequest.inFlight(in, key, at), at);
    }

    @Test
    void a_key_is_held_in_flight_then_answers_what_was_kept() {
        assertTrue(claim(tenant, "k-1", t0).isEmpty(), "a free key is claimed");
        IdempotentRequest held = claim(tenant, "k-1", t0.plusSeconds(1)).orElseThrow();
        assertEquals(IdempotentRequest.State.IN_FLIGHT, held.state());

        byte[] body = "{\"id\":\"d-1\"}".getBytes(StandardCharsets.UTF_8);
        keys().finish(IdempotentRequest.inFlight(tenant, "k-1", t0).done("POST /v1/documents sha256:ab",
                new IdempotentRequest.Answer(201, Map.of("Location", "/v1/documents/d-1", "Content-Type",
                        "application/json"), body)));
        IdempotentRequest done = claim(tenant, "k-1", t0.plusSeconds(2)).orElseThrow();
        assertEquals(IdempotentRequest.State.DONE, done.state());
        assertEquals(Optional.of("POST /v1/documents sha256:ab"), done.fingerprint());
        assertEquals(201, done.answer().orElseThrow().status());
        assertEquals("/v1/documents/d-1", done.answer().orElseThrow().headers().get("Location"));
        assertArrayEquals(body, done.answer().orElseThrow().body());
        assertEquals(t0, done.createdAt(), "the key's lifetime counts from its first request");
    }

    @Test
    void a_released_key_is_free_again_and_keys_are_per_tenant() {
        assertTrue(claim(tenant, "k-2", t0).isEmpty());
        TenantId other = new TenantId("j" + UUID.randomUUID().toString().substring(0, 8));
        assertTrue(claim(other, "k-2", t0).isEmpty(), "another tenant's key of the same name is its own");
        keys().release(tenant, "k-2");
        assertTrue(claim(tenant, "k-2", t0.plusSeconds(1)).isEmpty());
        assertTrue(claim(other, "k-2", t0.plusSeconds(1)).isPresent());
    }

    @Test
    void a_key_whose_lifetime_passed_is_taken_by_the_next_request_and_old_ones_are_forgotten() {
        assertTrue(claim(tenant, "k-3", t0).isEmpty());
        keys().finish(IdempotentRequest.inFlight(tenant, "k-3", t0).done("f",
                new IdempotentRequest.Answer(200, Map.of(), new byte[0])));
        Instant later = t0.plus(IdempotentRequest.LIFETIME);
        assertTrue(claim(tenant, "k-3", later).isEmpty(), "expired: a new request");
        assertEquals(IdempotentRequest.State.IN_FLIGHT, claim(tenant, "k-3", later).orElseThrow().state());

        assertTrue(claim(tenant, "k-4", t0).isEmpty());
        assertEquals(1, keys().forgetBefore(tenant, t0.plus(Duration.ofHours(1))));
        assertTrue(claim(tenant, "k-4", t0.plusSeconds(5)).isEmpty(), "forgotten: free");
    }

    @Test
    void of_concurrent_claims_of_one_key_exactly_one_gets_it() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                claims.add(() -> claim(tenant, "k-5", t0).isEmpty());
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(claims)) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
    }
}
