package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Direct uploads under /v1: the state of an upload, its explicit completion, and storage events. */
class UploadsApiTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    /** Upload credentials from the seed endpoint, as a client of it gets them. */
    private static JsonNode issue(String fileName, String contentType) {
        Response issued = t.postJson("/document", "{\"fileName\":\"" + fileName + "\",\"contentType\":\""
                + contentType + "\"}");
        assertEquals(200, issued.status(), issued.text());
        return issued.json();
    }

    private static int post(JsonNode entry, String contentType, byte[] bytes) {
        Map<String, String> fields = new LinkedHashMap<>();
        entry.path("uploadOptions").path("fields").properties().forEach(f -> fields.put(f.getKey(),
                f.getValue().asText()));
        return t.core.postForm(entry.path("uploadOptions").path("url").asText(), fields, contentType, bytes);
    }

    private static Response complete(String uploadId) {
        return t.send(t.asA("/v1/uploads/" + uploadId + "/complete").POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static Response event(String authorization, String json) {
        HttpRequest.Builder request = t.request("/v1/storage-events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return t.send(request);
    }

    /** A bucket notification as MinIO and S3 send it; the key is URL-encoded. */
    private static String created(String bucket, String key) {
        return "{\"EventName\":\"s3:ObjectCreated:Post\",\"Key\":\"" + bucket + "/" + encode(key) + "\","
                + "\"Records\":[{\"eventVersion\":\"2.0\",\"eventSource\":\"minio:s3\",\"eventName\":"
                + "\"s3:ObjectCreated:Post\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket
                + "\"},\"object\":{\"key\":\"" + encode(key) + "\",\"size\":16}}}]}";
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void an_explicit_completion_makes_one_version_and_repeating_it_returns_the_same() throws Exception {
        JsonNode entry = issue("cat.png", "image/png");
        String uploadId = entry.path("uploadId").asText();
        JsonNode open = t.get("/v1/uploads/" + uploadId).json();
        assertEquals("issued", open.path("state").asText());
        assertEquals(entry.path("id").asText(), open.path("documentId").asText());
        assertTrue(complete(uploadId).problem(409).contains("nothing has been uploaded"));

        assertTrue(post(entry, "image/png", PNG) / 100 == 2);
        Response done = complete(uploadId);
        assertEquals(200, done.status(), done.text());
        JsonNode body = done.json();
        assertEquals("completed", body.path("state").asText());
        assertEquals(1, body.path("version").path("number").asInt());
        assertEquals(sha256(PNG), body.path("version").path("sha256").asText().toLowerCase());
        assertEquals(PNG.length, body.path("version").path("length").asLong());

        JsonNode again = complete(uploadId).json();
        assertEquals(1, again.path("version").path("number").asInt());
        assertEquals(1, t.get("/v1/documents/" + entry.path("id").asText() + "/versions").json().path("items").size());
        assertEquals(1, t.get("/v1/uploads/" + uploadId).json().path("versionNumber").asInt());
    }

    @Test
    void the_native_endpoint_issues_a_form_for_a_new_version_of_a_document() throws Exception {
        String id = issue("notes.txt", "text/plain").path("id").asText();
        Response issued = t.send(t.asA("/v1/documents/" + id + "/uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"cat.png\",\"contentType\":\"image/png\"}")));
        assertEquals(201, issued.status(), issued.text());
        JsonNode body = issued.json();
        String uploadId = body.path("upload").path("uploadId").asText();
        assertEquals("/v1/uploads/" + uploadId, issued.header("Location"));
        assertEquals("issued", body.path("upload").path("state").asText());
        assertEquals(id, body.path("upload").path("documentId").asText());
        assertEquals(TestApi.MAX_UPLOAD, body.path("upload").path("maxBytes").asLong());
        Map<String, String> fields = new LinkedHashMap<>();
        body.path("fields").properties().forEach(f -> fields.put(f.getKey(), f.getValue().asText()));
        assertTrue(t.core.postForm(body.path("url").asText(), fields, "image/png", PNG) / 100 == 2);

        JsonNode done = complete(uploadId).json();
        assertEquals(1, done.path("version").path("number").asInt());
        assertEquals(sha256(PNG), done.path("version").path("sha256").asText().toLowerCase());
        assertEquals("cat.png", t.get("/v1/documents/" + id).json().path("currentVersion").path("fileName").asText());
    }

    @Test
    void the_native_endpoint_refuses_what_it_cannot_issue() {
        String id = issue("notes.txt", "text/plain").path("id").asText();
        String path = "/v1/documents/" + id + "/uploads";
        assertTrue(t.send(t.asA(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contentType\":\"image/png\"}"))).problem(400)
                .contains("fileName"));
        t.send(t.asA(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"../x\"}"))).problem(422);
        t.send(t.asA(path).POST(HttpRequest.BodyPublishers.noBody())).problem(400);
        t.send(t.asA(path).header("Content-Type", "application/json").header("If-Match", "\"not-the-etag\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"a.txt\"}"))).problem(412);
        t.send(t.request(path).header("X-API-Key", TestApi.KEY_B).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"a.txt\"}"))).problem(404);
        t.send(t.asA("/v1/documents/00000000-0000-4000-8000-000000000000/uploads")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"a.txt\"}"))).problem(404);
        t.send(t.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"a.txt\"}"))).problem(401);
    }

    @Test
    void bytes_that_are_not_the_declared_type_are_refused_with_422() {
        JsonNode entry = issue("cat.png", "image/png");
        String uploadId = entry.path("uploadId").asText();
        assertTrue(post(entry, "image/png", "no png at all".getBytes(StandardCharsets.UTF_8)) / 100 == 2);

        assertTrue(complete(uploadId).problem(422).contains("not image/png"));
        JsonNode state = t.get("/v1/uploads/" + uploadId).json();
        assertEquals("failed", state.path("state").asText());
        assertTrue(state.path("failure").asText().contains("image/png"));
        assertEquals(0, t.get("/v1/documents/" + entry.path("id").asText()).json().path("versionCount").asInt());
        assertTrue(complete(uploadId).problem(422).contains("refused"), "a failed ticket stays failed");
    }

    @Test
    void unknown_and_foreign_uploads_are_404() {
        t.get("/v1/uploads/no-such-upload").problem(404);
        complete("no-such-upload").problem(404);
        String uploadId = issue("a.txt", "text/plain").path("uploadId").asText();
        t.send(t.request("/v1/uploads/" + uploadId).header("X-API-Key", TestApi.KEY_B)).problem(404);
        t.send(t.request("/v1/uploads/" + uploadId + "/complete").header("X-API-Key", TestApi.KEY_B)
                .POST(HttpRequest.BodyPublishers.noBody())).problem(404);
        t.send(t.request("/v1/uploads/" + uploadId + "/complete").POST(HttpRequest.BodyPublishers.noBody()))
                .problem(401);
    }

    @Test
    void a_storage_event_completes_the_upload_it_names() throws Exception {
        JsonNode entry = issue("cat.png", "image/png");
        String key = entry.path("uploadOptions").path("fields").path("key").asText();
        assertTrue(post(entry, "image/png", PNG) / 100 == 2);

        Response report = event("Bearer " + TestApi.EVENTS_TOKEN, created("default", key));
        assertEquals(200, report.status(), report.text());
        assertEquals(1, report.json().path("completed").asInt(), report.text());
        assertEquals(0, report.json().path("ignored").asInt(), report.text());

        // MinIO's webhook sends the token as it is configured, without "Bearer ".
        Response repeated = event(TestApi.EVENTS_TOKEN, created("default", key));
        assertEquals(200, repeated.status(), repeated.text());
        assertEquals(1, repeated.json().path("completed").asInt(), "a repeated event finds the same version");
        JsonNode versions = t.get("/v1/documents/" + entry.path("id").asText() + "/versions").json().path("items");
        assertEquals(1, versions.size());
        assertEquals(sha256(PNG), versions.get(0).path("sha256").asText().toLowerCase());
    }

    @Test
    void events_for_unknown_objects_other_events_and_open_uploads_are_counted_not_failed() {
        JsonNode entry = issue("cat.png", "image/png");
        String key = entry.path("uploadOptions").path("fields").path("key").asText();
        String json = "{\"Records\":["
                + "{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"default\"},"
                + "\"object\":{\"key\":\"somebody%2Felse%27s+file.txt\"}}},"
                + "{\"eventName\":\"s3:ObjectRemoved:Delete\",\"s3\":{\"bucket\":{\"name\":\"default\"},"
                + "\"object\":{\"key\":\"" + encode(key) + "\"}}},"
                + "{\"eventName\":\"ObjectCreated:Post\",\"s3\":{\"bucket\":{\"name\":\"elsewhere\"},"
                + "\"object\":{\"key\":\"" + encode(key) + "\"}}},"
                + "{\"eventName\":\"s3:ObjectCreated:Post\",\"s3\":{\"bucket\":{\"name\":\"default\"},"
                + "\"object\":{\"key\":\"" + encode(key) + "\"}}}]}";
        Response report = event("Bearer " + TestApi.EVENTS_TOKEN, json);
        assertEquals(200, report.status(), report.text());
        assertEquals(4, report.json().path("records").asInt());
        assertEquals(3, report.json().path("ignored").asInt(), report.text());
        assertEquals(1, report.json().path("pending").asInt(), "known, but nothing has landed: " + report.text());
        assertEquals("issued", t.get("/v1/uploads/" + entry.path("uploadId").asText()).json().path("state").asText());
    }

    @Test
    void a_refused_object_is_reported_and_makes_no_version() {
        JsonNode entry = issue("cat.png", "image/png");
        String key = entry.path("uploadOptions").path("fields").path("key").asText();
        assertTrue(post(entry, "image/png", "GIF89a, not a png".getBytes(StandardCharsets.UTF_8)) / 100 == 2);
        Response report = event("Bearer " + TestApi.EVENTS_TOKEN, created("default", key));
        assertEquals(1, report.json().path("refused").asInt(), report.text());
        assertEquals("failed", t.get("/v1/uploads/" + entry.path("uploadId").asText()).json().path("state").asText());
    }

    @Test
    void the_events_endpoint_takes_only_the_shared_token() {
        String body = created("default", "a/b/c");
        event(null, body).problem(401);
        event("Bearer ", body).problem(401);
        event("Bearer wrong-token-0123456789", body).problem(401);
        event("Bearer " + TestApi.EVENTS_TOKEN + "x", body).problem(401);
        event("Basic " + TestApi.EVENTS_TOKEN, body).problem(401);
        // An API key is no events token, and the events token is no API key.
        t.send(t.asA("/v1/storage-events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).problem(401);
        t.send(t.request("/v1/documents").header("X-API-Key", TestApi.EVENTS_TOKEN)).problem(401);
        assertEquals(200, event("bearer " + TestApi.EVENTS_TOKEN, body).status());
    }

    @Test
    void malformed_or_oversized_notifications_are_refused() {
        String auth = "Bearer " + TestApi.EVENTS_TOKEN;
        event(auth, "not json").problem(400);
        event(auth, "[]").problem(400);
        event(auth, "{}").problem(400);
        event(auth, "{\"Records\":{}}").problem(400);
        event(auth, "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{}}]}").problem(400);
        event(auth, "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"no-slash\"}").problem(400);
        event(auth, "{\"Records\":[], \"pad\":\"" + "x".repeat(UploadsApi.MAX_EVENT_BYTES) + "\"}").problem(413);
        StringBuilder many = new StringBuilder("{\"Records\":[");
        for (int i = 0; i <= UploadsApi.MAX_RECORDS; i++) {
            many.append(i == 0 ? "" : ",").append("{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":"
                    + "{\"name\":\"default\"},\"object\":{\"key\":\"k").append(i).append("\"}}}");
        }
        event(auth, many.append("]}").toString()).problem(413);
        Response minio = event(auth, "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"default/a%2Fb%2Fc\"}");
        assertEquals(200, minio.status(), minio.text());
        assertEquals(1, minio.json().path("ignored").asInt());
        assertFalse(minio.json().has("error"));
    }
}
