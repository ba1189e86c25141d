package io.dossier.adapter.rest;

import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency-Key over a real socket: replays, refusals, a request in flight, a connection cut after the commit. */
class IdempotencyTest {
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static Response replace(String id, String key, String text) {
        return t.send(t.asA("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    private static int versions(String id) {
        return t.get("/v1/documents/" + id).json().path("versionCount").asInt();
    }

    @Test
    void the_same_request_again_gets_the_first_answer_without_a_second_version() {
        String id = t.create("ledger", "l.txt", "one").path("id").asText();
        String key = "\"" + UUID.randomUUID() + "\"";
        Response first = replace(id, key, "two");
        assertEquals(201, first.status(), first.text());
        assertNull(first.header("Idempotent-Replayed"));
        Response again = replace(id, key, "two");
        assertEquals(201, again.status(), again.text());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.text(), again.text());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(first.header("ETag"), again.header("ETag"));
        assertTrue(again.header("Content-Type").startsWith("application/json"));
        assertEquals(2, versions(id), "one new version, however often it is sent");

        assertTrue(replace(id, key, "three").problem(422).contains("another request"));
        assertEquals(2, versions(id));
        assertEquals(201, replace(id, UUID.randomUUID().toString(), "three").status(), "a new key, a new request");
        assertEquals(3, versions(id));
    }

    @Test
    void a_multipart_create_sent_twice_makes_one_document_and_keys_are_per_tenant() {
        String key = UUID.randomUUID().toString();
        Multipart form = new Multipart().field("name", "invoice").file("file", "i.txt", "text/plain",
                "pay".getBytes(StandardCharsets.UTF_8));
        long before = t.get("/v1/documents?limit=1").json().path("total").asLong();
        Response first = t.send(t.asA("/v1/documents").header("Content-Type", form.contentType())
                .header("Idempotency-Key", key).POST(form.publisher()));
        assertEquals(201, first.status(), first.text());
        Multipart same = new Multipart().field("name", "invoice").file("file", "i.txt", "text/plain",
                "pay".getBytes(StandardCharsets.UTF_8));
        Response again = t.send(t.asA("/v1/documents").header("Content-Type", same.contentType())
                .header("Idempotency-Key", key).POST(same.publisher()));
        assertEquals(first.json().path("id").asText(), again.json().path("id").asText());
        assertEquals(before + 1, t.get("/v1/documents?limit=1").json().path("total").asLong());
        Multipart other = new Multipart().field("name", "invoice").file("file", "i.txt", "text/plain",
                "pay twice".getBytes(StandardCharsets.UTF_8));
        t.send(t.asA("/v1/documents").header("Content-Type", other.contentType()).header("Idempotency-Key", key)
                .POST(other.publisher())).problem(422);

        Response ofB = t.send(t.request("/v1/documents").header("X-API-Key", TestApi.KEY_B)
                .header("Content-Type", same.contentType()).header("Idempotency-Key", key).POST(same.publisher()));
        assertEquals(201, ofB.status(), "another tenant's key of the same name is its own");
        assertTrue(!ofB.json().path("id").asText().equals(first.json().path("id").asText()));
    }

    @Test
    void a_refused_request_frees_its_key_and_a_bad_key_is_400() {
        String id = t.create("memo", "m.txt", "one").path("id").asText();
        String key = UUID.randomUUID().toString();
        t.send(t.asA("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.noBody())).problem(422);
        assertEquals(201, replace(id, key, "two").status(), "the mended request goes ahead under the same key");
        replace(id, "has spaces in it", "x").problem(400);
        replace(id, "x".repeat(256), "x").problem(400);
        t.send(t.request("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                .header("Idempotency-Key", "k").POST(HttpRequest.BodyPublishers.ofString("x"))).problem(401);
    }

    @Test
    void a_request_still_in_flight_under_the_key_is_409() throws Exception {
        String id = t.create("slow", "s.txt", "one").path("id").asText();
        String key = UUID.randomUUID().toString();
        URI base = URI.create(t.base);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            // The headers and one byte of five: the server holds the key while it waits for the rest.
            out.write(("POST /v1/documents/" + id + "/content HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "X-API-Key: " + TestApi.KEY_A + "\r\nContent-Type: text/plain\r\nIdempotency-Key: " + key
                    + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nx").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Time for the server to take the request up; asking earlier would claim the key for the probe.
            Thread.sleep(1500);
            Response during = replace(id, key, "xxxxx");
            assertEquals(409, during.status(), during.text());
            out.write("xxxx".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
        }
        assertEquals("true", replace(id, key, "xxxxx").header("Idempotent-Replayed"));
        assertEquals(2, versions(id));
    }

    @Test
    void a_retry_after_the_connection_was_cut_past_the_commit_makes_exactly_one_version() throws Exception {
        String id = t.create("contract", "c.txt", "one").path("id").asText();
        String key = UUID.randomUUID().toString();
        URI base = URI.create(t.base);
        byte[] body = "signed".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/documents/" + id + "/content HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "X-API-Key: " + TestApi.KEY_A + "\r\nContent-Type: text/plain\r\nIdempotency-Key: " + key
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            // The client goes away before it reads a byte of the answer.
        }
        for (int i = 0; i < 100 && versions(id) < 2; i++) {
            Thread.sleep(50);
        }
        assertEquals(2, versions(id), "the server committed what it was sent");
        Response retry = null;
        for (int i = 0; i < 50; i++) {
            retry = replace(id, key, "signed");
            if (retry.status() != 409) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(201, retry.status(), retry.text());
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(2, versions(id), "exactly one new version");
    }
}
