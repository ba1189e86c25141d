package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 003 over a real socket: project documents by integer id, multipart updates, the error envelope. */
class ProjectDocumentsApiTest extends SeedApiTestBase {
    private static final String PROJECT = "/api/v2/clients/1/dms/projects/2/documents";

    static JsonNode create(String name, String fileName, String type, byte[] bytes) throws Exception {
        Multipart form = new Multipart().field("name", name).field("folderId", "17")
                .field("parentUuid", "22222222-2222-2222-2222-222222222222").field("description", "")
                .file("file", fileName, type, bytes);
        HttpResponse<String> created = send(request(PROJECT).header("Content-Type", form.contentType())
                .POST(form.publisher()));
        assertEquals(201, created.statusCode(), created.body());
        return body(created);
    }

    private static HttpResponse<String> post(String path, Multipart form, String... headers) throws Exception {
        HttpRequest.Builder request = request(path).header("Content-Type", form.contentType()).POST(form.publisher());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private static HttpResponse<String> postAs(String token, String path, Multipart form) throws Exception {
        return send(anonymous(path).header("Authorization", "Bearer " + token)
                .header("Content-Type", form.contentType()).POST(form.publisher()));
    }

    private static int version(long id) throws Exception {
        return body(send(request(PROJECT + "/" + id))).path("version").asInt();
    }

    @Test
    void creates_then_updates_with_post_put_and_method_override() throws Exception {
        JsonNode created = create("New Document", "plan.txt", "text/plain", "v1".getBytes(StandardCharsets.UTF_8));
        long id = created.path("id").asLong();
        assertTrue(created.path("id").isIntegralNumber());
        assertEquals("New Document", created.path("name").asText());
        assertEquals(17, created.path("folderId").asInt());
        assertEquals("22222222-2222-2222-2222-222222222222", created.path("parentUuid").asText());
        assertEquals(1, created.path("version").asInt());

        HttpResponse<String> withFile = post(PROJECT + "/" + id, new Multipart()
                .file("file", "plan.png", "image/png", PNG).field("folderId", "18"));
        assertEquals(201, withFile.statusCode(), withFile.body());
        assertEquals(2, body(withFile).path("version").asInt());
        assertEquals(18, body(withFile).path("folderId").asInt());
        assertEquals("image/png", body(withFile).path("mimeType").asText());

        Multipart rename = new Multipart().field("name", "Renamed").field("description", "now described");
        HttpResponse<String> put = send(request(PROJECT + "/" + id).header("Content-Type", rename.contentType())
                .PUT(rename.publisher()));
        assertEquals(201, put.statusCode(), put.body());
        assertEquals(3, body(put).path("version").asInt());
        assertEquals("Renamed", body(put).path("name").asText());
        assertEquals("plan.png", body(put).path("fileName").asText(), "metadata only keeps the file");

        HttpResponse<String> overridden = post(PROJECT + "/" + id, new Multipart().field("parentUuid",
                "33333333-3333-3333-3333-333333333333"), "X-HTTP-Method-Override", "PUT");
        assertEquals(201, overridden.statusCode(), overridden.body());
        assertEquals(4, body(overridden).path("version").asInt());
        assertEquals("33333333-3333-3333-3333-333333333333", body(overridden).path("parentUuid").asText());

        HttpResponse<byte[]> file = sendForBytes(request(PROJECT + "/" + id + "/file"));
        assertEquals(200, file.statusCode());
        assertArrayEquals(PNG, file.body());
    }

    @Test
    void a_document_of_another_project_client_or_tenant_is_not_found() throws Exception {
        long id = create("Elsewhere", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)).path("id").asLong();
        assertEnvelopeError(send(request("/api/v2/clients/1/dms/projects/3/documents/" + id)), 404);
        assertEnvelopeError(send(request("/api/v2/clients/9/dms/projects/2/documents/" + id)), 404);
        assertEnvelopeError(send(anonymous(PROJECT + "/" + id).header("X-API-Key", "key-b")), 404);
        assertEnvelopeError(post(PROJECT + "/" + id + 100000, new Multipart().field("name", "x")), 404);
    }

    @Test
    void a_token_without_the_client_is_403_and_none_is_401() throws Exception {
        long id = create("Scoped", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)).path("id").asLong();
        String inScope = jwt("a", "documents:read documents:write", List.of(1L));
        String outOfScope = jwt("a", "documents:read documents:write", List.of(5L));
        HttpResponse<String> allowed = postAs(inScope, PROJECT + "/" + id, new Multipart().field("name", "By token"));
        assertEquals(201, allowed.statusCode(), allowed.body());
        HttpResponse<String> denied = postAs(outOfScope, PROJECT + "/" + id, new Multipart().field("name", "Nope"));
        assertEnvelopeError(denied, 403);
        assertEnvelopeError(send(anonymous(PROJECT + "/" + id).header("Authorization", "Bearer " + outOfScope)), 403);
        HttpResponse<String> readOnly = postAs(jwt("a", "documents:read", List.of(1L)), PROJECT + "/" + id,
                new Multipart().field("name", "Nope"));
        assertEnvelopeError(postAs(outOfScope, "/api/v2/clients/1/dms/projects/2/documents",
                new Multipart().file("file", "a.txt", "text/plain", new byte[] {1})), 403);
        assertEnvelopeError(readOnly, 403);
        HttpResponse<String> none = send(anonymous(PROJECT + "/" + id).header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--\r\n")));
        assertEnvelopeError(none, 401);
        assertEquals(2, version(id));
    }

    @Test
    void only_images_applications_texts_and_videos_are_taken() throws Exception {
        long id = create("Types", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)).path("id").asLong();
        assertEnvelopeError(post(PROJECT + "/" + id, new Multipart().file("file", "song.mp3", "audio/mpeg", new byte[] {1, 2})), 415);
        assertEnvelopeError(post(PROJECT + "/" + id, new Multipart().file("file", "fake.png", "image/png", new byte[] {1, 2})), 422);
        assertEquals(201, post(PROJECT + "/" + id, new Multipart().file("file", "clip.mp4", "video/mp4", new byte[] {0, 0, 0})).statusCode());
        long before = documents("a");
        assertEnvelopeError(post(PROJECT, new Multipart().file("file", "song.mp3", "audio/mpeg", new byte[] {1})), 415);
        assertEquals(before, documents("a"));
        assertEquals(2, version(id));
    }

    @Test
    void bad_input_is_4xx_in_the_envelope_and_changes_nothing() throws Exception {
        long id = create("Bad", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)).path("id").asLong();
        String doc = PROJECT + "/" + id;
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        assertEnvelopeError(send(request("/api/v2/clients/one/dms/projects/2/documents/" + id)), 400);
        assertEnvelopeError(send(request("/api/v2/clients/1/dms/projects/-2/documents/" + id)), 400);
        assertEnvelopeError(send(request(PROJECT + "/abc")), 400);
        assertEnvelopeError(send(request(PROJECT + "/99999999999999999999")), 400);
        assertEnvelopeError(post(doc, new Multipart().field("folderId", "seventeen")), 400);
        assertEnvelopeError(post(doc, new Multipart().field("parentUuid", "not-a-uuid")), 400);
        assertEnvelopeError(post(doc, new Multipart().field("name", "a\u0007b")), 400);
        assertEnvelopeError(post(doc, new Multipart().field("name", "")), 400);
        assertEnvelopeError(post(doc, new Multipart().field("other", "x")), 400);
        // The server applies a method override before routing: there is no DELETE here.
        HttpResponse<String> overridden = post(doc, new Multipart().field("name", "x"), "X-HTTP-Method-Override", "DELETE");
        assertEnvelopeError(overridden, overridden.statusCode() == 405 ? 405 : 404);
        assertEnvelopeError(post(doc, new Multipart().field("file", "not a file part")), 400);
        assertEnvelopeError(post(doc, new Multipart().file("file", "../../x.txt", "text/plain", x)), 400);
        assertEnvelopeError(post(doc, new Multipart().file("file", "a\u0001.txt", "text/plain", x)), 400);
        assertEnvelopeError(post(doc, new Multipart().file("file", "y".repeat(10_000) + ".txt", "text/plain", x)), 400);
        assertEnvelopeError(post(doc, new Multipart().file("file", "ok.txt", "text/plain", x).field("folderId", "x")), 400);
        Multipart valid = new Multipart().file("file", "ok.txt", "text/plain", x);
        assertEnvelopeError(send(request(doc).header("Content-Type", "multipart/form-data").POST(valid.publisher())), 400);
        Multipart cut = new Multipart().file("file", "ok.txt", "text/plain", x);
        assertEnvelopeError(send(request(doc).header("Content-Type", cut.contentType()).POST(cut.unterminated())), 400);
        assertEnvelopeError(send(request(doc).header("Content-Type", "application/json").POST(json("{\"name\":\"x\"}"))), 415);
        assertEnvelopeError(sendAlone(request(doc).header("X-Long", "h".repeat(20_000)).GET()), 431);
        assertEnvelopeError(post(PROJECT, new Multipart().field("name", "no file")), 400);
        assertEquals(1, version(id));
    }
}
