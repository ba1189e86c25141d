package io.dossier.adapter.rest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A wrong method on a path that exists is a 405 that lists the right ones, in the path's dialect. */
class MethodNotAllowedTest {
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
    void a_wrong_method_on_an_existing_path_lists_the_allowed_ones() {
        String id = t.create("Letter", "a.txt", "hello").path("id").asText();
        TestApi.Response put = t.send(t.asA("/v1/documents/" + id).PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, put.status(), put.text());
        assertEquals("DELETE, GET, PATCH", put.header("Allow"));
        assertEquals("application/problem+json", put.header("Content-Type"));
        assertEquals(405, put.json().path("status").asInt());

        TestApi.Response deleteHealth = t.send(t.request("/health").DELETE());
        assertEquals(405, deleteHealth.status());
        assertEquals("GET", deleteHealth.header("Allow"));
    }

    @Test
    void a_path_that_does_not_exist_stays_a_404() {
        TestApi.Response missing = t.send(t.asA("/v1/nothing-here").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(404, missing.status());
    }
}
