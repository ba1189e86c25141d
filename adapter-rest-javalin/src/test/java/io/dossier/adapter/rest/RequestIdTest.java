package io.dossier.adapter.rest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every answer names its request; a client's own id is kept when it is a plain token. */
class RequestIdTest {
    private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void every_answer_has_a_new_id_of_its_own_when_the_client_sent_none() {
        Set<String> seen = new HashSet<>();
        for (String path : new String[] {"/v1/documents", "/v1/documents", "/no/such/path", "/health"}) {
            String id = t.get(path).header(RequestIds.HEADER);
            assertTrue(id != null && id.matches(UUID_FORM), path + " answered request id " + id);
            assertTrue(seen.add(id), "an id was given twice: " + id);
        }
        TestApi.Response unauthenticated = t.send(t.request("/v1/documents"));
        assertEquals(401, unauthenticated.status());
        assertTrue(unauthenticated.header(RequestIds.HEADER).matches(UUID_FORM));
    }

    @Test
    void a_plain_id_of_the_client_is_kept_and_anything_else_replaced() {
        assertEquals("lb-7f3a.42:x", t.send(t.asA("/v1/documents").header(RequestIds.HEADER, "lb-7f3a.42:x"))
                .header(RequestIds.HEADER));
        for (String bad : new String[] {"has space", "quote\"d", "x".repeat(129), "<script>", ""}) {
            String answered = t.send(t.asA("/v1/documents").header(RequestIds.HEADER, bad)).header(RequestIds.HEADER);
            assertNotEquals(bad, answered);
            assertTrue(answered.matches(UUID_FORM), "for " + bad + ": " + answered);
        }
    }

    @Test
    void a_native_problem_names_the_request_and_a_seed_error_keeps_its_shape() {
        TestApi.Response missing = t.send(t.asA("/v1/documents/00000000-0000-0000-0000-000000000000")
                .header(RequestIds.HEADER, "trace-me-1"));
        assertEquals(404, missing.status());
        assertEquals("application/problem+json", missing.header("Content-Type"));
        assertEquals("trace-me-1", missing.json().path("requestId").asText());
        assertEquals("trace-me-1", missing.header(RequestIds.HEADER));

        TestApi.Response seed = t.send(t.asA("/api/dms/objects/00000000-0000-0000-0000-000000000000")
                .header(RequestIds.HEADER, "trace-me-2"));
        assertEquals(404, seed.status(), seed.text());
        assertEquals("trace-me-2", seed.header(RequestIds.HEADER));
        assertTrue(seed.json().path("requestId").isMissingNode(), seed.text());
    }

    @Test
    void live_and_ready_answer_up_on_a_running_server() {
        for (String path : new String[] {"/health/live", "/health/ready", "/health"}) {
            TestApi.Response health = t.send(t.request(path));
            assertEquals(200, health.status(), path);
            assertEquals("UP", health.json().path("status").asText(), path);
        }
        assertNull(t.send(t.request("/health/live")).header("Retry-After"));
    }
}
