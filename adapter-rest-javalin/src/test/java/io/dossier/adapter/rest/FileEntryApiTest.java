package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.domain.StorageKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeds 000/001 over a real socket: presigned credentials, the client's form POST, reading. */
class FileEntryApiTest extends SeedApiTestBase {

    private static HttpResponse<String> issue(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json").POST(json(json)));
    }

    /** What the seed's axios client does with uploadOptions: post the fields plus the file. */
    private static boolean postForm(JsonNode entry, String contentType, byte[] bytes) {
        JsonNode options = entry.path("uploadOptions");
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        options.path("fields").properties().forEach(f -> fields.put(f.getKey(), f.getValue().asText()));
        int status = core.postForm(options.path("url").asText(), fields, contentType, bytes);
        return status >= 200 && status < 300;
    }

    @Test
    void issues_credentials_and_shows_the_landed_upload() throws Exception {
        HttpResponse<String> issued = issue("/document", "{\"fileName\":\"cat.png\",\"contentType\":\"image/png\"}");
        assertEquals(200, issued.statusCode(), issued.body());
        JsonNode entry = body(issued);
        String id = entry.path("id").asText();
        UUID.fromString(id);
        assertEquals("cat.png", entry.path("fileName").asText());
        assertEquals("image/png", entry.path("contentType").asText());
        assertTrue(entry.path("lastUpdated").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(entry.path("lastUpdated"), entry.path("meta").path("lastUpdated"));
        assertTrue(entry.path("author").path("reference").isTextual());
        assertTrue(entry.path("author").path("display").isTextual());
        assertTrue(entry.path("uploadOptions").path("url").isTextual());
        assertTrue(entry.path("uploadOptions").path("fields").path("key").asText().contains(id));
        assertTrue(entry.path("uploadId").isTextual());
        assertFalse(entry.has("publicToken"));

        JsonNode before = body(send(request("/document/" + id)));
        assertFalse(before.has("url"), "nothing has landed yet");

        assertTrue(postForm(entry, "image/png", PNG));
        HttpResponse<String> read = send(request("/document/" + id));
        assertEquals(200, read.statusCode(), read.body());
        JsonNode shown = body(read);
        assertEquals("cat.png", shown.path("fileName").asText());
        assertEquals("image/png", shown.path("contentType").asText());
        assertEquals(1, shown.path("version").asInt());
        HttpResponse<byte[]> content = sendForBytes(HttpRequest.newBuilder(URI.create(shown.path("url").asText()))
                .header("X-API-Key", "key-a"));
        assertEquals(200, content.statusCode());
        assertArrayEquals(PNG, content.body());
    }

    @Test
    void a_public_entry_gets_a_token_and_is_public_may_be_a_string() throws Exception {
        JsonNode viaBoolean = body(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"isPublic\":true}"));
        assertTrue(viaBoolean.path("publicToken").asText().split("\\.").length == 3, viaBoolean.toString());
        JsonNode viaString = body(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"isPublic\":\"true\"}"));
        assertTrue(viaString.has("publicToken"));
        JsonNode privately = body(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"isPublic\":\"false\"}"));
        assertFalse(privately.has("publicToken"));
        long before = documents("a");
        assertStatusCodeError(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"isPublic\":\"yes\"}"), 422);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"isPublic\":1}"), 422);
        assertEquals(before, documents("a"));
    }

    @Test
    void replacing_gives_fresh_credentials_and_a_second_version() throws Exception {
        JsonNode first = body(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"}"));
        String id = first.path("id").asText();
        assertTrue(postForm(first, "text/plain", "one".getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> replaced = issue("/document/" + id, "{\"fileName\":\"b.txt\",\"contentType\":\"text/plain\"}");
        assertEquals(200, replaced.statusCode(), replaced.body());
        JsonNode second = body(replaced);
        assertEquals(id, second.path("id").asText());
        assertEquals("b.txt", second.path("fileName").asText());
        assertNotEquals(first.path("uploadOptions").path("fields").path("key"),
                second.path("uploadOptions").path("fields").path("key"));
        assertTrue(postForm(second, "text/plain", "two".getBytes(StandardCharsets.UTF_8)));

        JsonNode shown = body(send(request("/document/" + id)));
        assertEquals(2, shown.path("version").asInt());
        assertEquals("b.txt", shown.path("fileName").asText());
        HttpResponse<String> content = send(request("/document/" + id + "/content"));
        assertEquals("two", content.body());
    }

    @Test
    void a_stale_expectation_is_412() throws Exception {
        JsonNode first = body(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"}"));
        String id = first.path("id").asText();
        byte[] bytes = "one".getBytes(StandardCharsets.UTF_8);
        assertTrue(postForm(first, "text/plain", bytes));
        send(request("/document/" + id));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertEquals(200, send(request("/document/" + id).header("If-Match", "\"" + digest + "\"")
                .header("Content-Type", "application/json")
                .POST(json("{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"version\":1}"))).statusCode());
        assertStatusCodeError(send(request("/document/" + id).header("If-Match", "\"" + "0".repeat(64) + "\"")
                .POST(json("{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"}"))), 412);
        assertStatusCodeError(issue("/document/" + id, "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"version\":7}"), 412);
        assertStatusCodeError(send(request("/document/" + id).header("If-Match", "\"not-ours\"")
                .POST(json("{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"}"))), 412);
    }

    @Test
    void errors_have_the_status_code_shape() throws Exception {
        long before = documents("a");
        assertStatusCodeError(send(anonymous("/document").POST(json("{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"}"))), 401);
        assertStatusCodeError(send(request("/document/" + UUID.randomUUID())), 404);
        assertStatusCodeError(send(request("/document/12345")), 404);
        assertStatusCodeError(issue("/document/" + UUID.randomUUID(), "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"}"), 404);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"a.txt\","), 400);
        assertStatusCodeError(issue("/document", ""), 400);
        assertStatusCodeError(issue("/document", "[1,2]"), 400);
        assertStatusCodeError(issue("/document", "{\"contentType\":\"text/plain\"}"), 422);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"a.txt\"}"), 422);
        assertStatusCodeError(issue("/document", "{\"fileName\":7,\"contentType\":\"text/plain\"}"), 422);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"not a type\"}"), 422);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"../../etc/passwd\",\"contentType\":\"text/plain\"}"), 422);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"a\\u0000b.txt\",\"contentType\":\"text/plain\"}"), 422);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"" + "x".repeat(10_000) + "\",\"contentType\":\"text/plain\"}"), 422);
        assertEquals(before, documents("a"));
    }

    @Test
    void another_tenant_does_not_see_the_entry() throws Exception {
        String id = body(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"}")).path("id").asText();
        assertStatusCodeError(send(anonymous("/document/" + id).header("X-API-Key", "key-b")), 404);
    }

    @Test
    void an_upload_that_is_not_what_it_declared_makes_no_version() throws Exception {
        JsonNode entry = body(issue("/document", "{\"fileName\":\"cat.png\",\"contentType\":\"image/png\"}"));
        assertTrue(postForm(entry, "image/png", "not a png".getBytes(StandardCharsets.UTF_8)));
        JsonNode shown = body(send(request("/document/" + entry.path("id").asText())));
        assertFalse(shown.has("version"), shown.toString());
        assertFalse(shown.has("url"));
    }

    @Test
    void broken_requests_are_4xx_in_the_status_code_shape() throws Exception {
        long before = documents("a");
        assertStatusCodeError(sendAlone(request("/document").header("X-Long", "h".repeat(20_000))
                .header("Content-Type", "application/json")
                .POST(json("{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"}"))), 431);
        assertStatusCodeError(send(request("/document/" + "9".repeat(5_000))), 404);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\"} trailing"), 400);
        assertStatusCodeError(issue("/document", "{\"fileName\":\"a.txt\",\"contentType\":\"text/plain\",\"version\":\"one\"}"), 422);
        assertStatusCodeError(send(request("/document").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]))), 413);
        assertStatusCodeError(send(request("/document/" + UUID.randomUUID() + "/elsewhere")), 404);
        assertEquals(before, documents("a"));
    }

    @Test
    void without_an_events_token_the_storage_events_endpoint_is_off() throws Exception {
        HttpResponse<String> response = send(anonymous("/v1/storage-events").header("Authorization", "Bearer x")
                .header("Content-Type", "application/json")
                .POST(json("{\"Records\":[]}")));
        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("not enabled"), response.body());
    }
}
