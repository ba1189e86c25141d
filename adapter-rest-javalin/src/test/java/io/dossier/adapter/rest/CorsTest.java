package io.dossier.adapter.rest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A browser on an allowed origin may call the API; one on any other origin is not told it may. */
class CorsTest {
    private static final String APP = "https://app.example.com";
    private static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi(Optional.empty(), RestApi.Settings.DEFAULT_AUTH_FAILURES_PER_MINUTE, List.of(APP));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void a_preflight_of_an_allowed_origin_is_answered_with_what_it_asked_for() {
        TestApi.Response preflight = t.send(t.request("/v1/documents").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-api-key, content-type"));
        assertTrue(preflight.status() == 200 || preflight.status() == 204, preflight.status() + " " + preflight.text());
        assertEquals(APP, preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"), preflight.headers().toString());
        assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase(Locale.ROOT).contains("x-api-key"));
        assertNull(preflight.header("Access-Control-Allow-Credentials"));
    }

    @Test
    void an_answer_to_an_allowed_origin_lets_the_browser_read_its_headers() {
        TestApi.Response listed = t.send(t.asA("/v1/documents").header("Origin", APP));
        assertEquals(200, listed.status());
        assertEquals(APP, listed.header("Access-Control-Allow-Origin"));
        assertTrue(listed.header("Access-Control-Expose-Headers").contains(RequestIds.HEADER),
                listed.header("Access-Control-Expose-Headers"));
    }

    @Test
    void another_origin_gets_no_permission() {
        TestApi.Response other = t.send(t.asA("/v1/documents").header("Origin", "https://evil.example.net"));
        assertNull(other.header("Access-Control-Allow-Origin"));
        TestApi.Response preflight = t.send(t.request("/v1/documents").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.net").header("Access-Control-Request-Method", "DELETE"));
        assertNull(preflight.header("Access-Control-Allow-Origin"));
    }
}
