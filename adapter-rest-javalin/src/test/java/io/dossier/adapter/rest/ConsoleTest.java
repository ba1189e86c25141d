package io.dossier.adapter.rest;

import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's files over a real socket: served without credentials, locked down by their headers. */
class ConsoleTest {
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void the_page_is_served_at_the_root_without_credentials_and_under_a_strict_policy() {
        Response page = t.send(t.request("/"));
        assertEquals(200, page.status(), page.text());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.text().contains("<script src=\"/console/console.js\""), page.text());
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self'"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("no-cache", page.header("Cache-Control"));
    }

    @Test
    void its_script_and_style_have_their_types() {
        Response script = t.send(t.request("/console/console.js"));
        assertEquals(200, script.status());
        assertTrue(script.header("Content-Type").startsWith("text/javascript"));
        assertTrue(script.text().contains("/v1/documents"), "the script talks to the public API");
        Response style = t.send(t.request("/console/console.css"));
        assertEquals(200, style.status());
        assertTrue(style.header("Content-Type").startsWith("text/css"));
    }

    @Test
    void a_file_it_does_not_have_is_a_404_problem() {
        t.send(t.request("/console/secret.properties")).problem(404);
        t.send(t.request("/console/..%2Fopenapi.json")).problem(404);
    }

    @Test
    void other_methods_on_the_page_are_405_with_allow() {
        Response post = t.send(t.request("/").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, post.status(), post.text());
        assertTrue(post.header("Allow").contains("GET"), post.header("Allow"));
    }
}
