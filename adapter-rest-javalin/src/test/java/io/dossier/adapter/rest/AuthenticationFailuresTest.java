package io.dossier.adapter.rest;

import io.dossier.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuthenticationFailuresTest {
    @Test
    void an_address_past_its_failures_waits_for_the_next_minute_and_others_do_not() {
        TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:15Z"));
        AuthenticationFailures failures = new AuthenticationFailures(3, clock);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> failures.check("10.0.0.1"));
            failures.failed("10.0.0.1", "the API key is not valid");
        }
        HttpProblem refused = assertThrows(HttpProblem.class, () -> failures.check("10.0.0.1"));
        assertEquals(429, refused.status());
        assertEquals("45", refused.headers().get("Retry-After"));
        assertDoesNotThrow(() -> failures.check("10.0.0.2"));
        clock.advance(Duration.ofSeconds(45));
        assertDoesNotThrow(() -> failures.check("10.0.0.1"));
    }

    @Test
    void no_limit_when_zero_and_the_service_clock_works() {
        AuthenticationFailures failures = new AuthenticationFailures(0, new TestClock(Instant.now()));
        for (int i = 0; i < 100; i++) {
            failures.failed("10.0.0.1", "x");
        }
        assertDoesNotThrow(() -> failures.check("10.0.0.1"));
        // The service's own clock: ticks of a microsecond (its millis() divides by zero on Java 17).
        AuthenticationFailures service = new AuthenticationFailures(1, Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000)));
        service.failed("10.0.0.3", "x");
        assertEquals(429, assertThrows(HttpProblem.class, () -> service.check("10.0.0.3")).status());
    }

    @Test
    void over_http_guessing_keys_gets_429_with_retry_after_even_with_the_right_key_then() {
        try (TestApi t = new TestApi(java.util.Optional.empty(), 3)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, t.send(t.request("/v1/documents").header("X-API-Key", "guess-" + i)).status());
            }
            assertEquals(401, t.send(t.request("/v1/documents")).status(), "no credentials are no failed guess");
            TestApi.Response blocked = t.get("/v1/documents");
            assertEquals(429, blocked.status(), blocked.text());
            assertEquals("application/problem+json", blocked.header("Content-Type"));
            int retryAfter = Integer.parseInt(blocked.header("Retry-After"));
            assertEquals(true, retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            t.clock.advance(Duration.ofSeconds(retryAfter));
            assertEquals(200, t.get("/v1/documents").status());
        }
    }
}
