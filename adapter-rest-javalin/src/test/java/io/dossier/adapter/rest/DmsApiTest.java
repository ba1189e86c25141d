package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dossier.domain.StorageKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 002 over a real socket: objects, raw-body content updates, versions, digests, tags. */
class DmsApiTest extends SeedApiTestBase {
    private static final String OBJECTS = "/api/dms/objects";

    static String create(String name, String fileName, String type, byte[] bytes) throws Exception {
        Multipart form = new Multipart()
                .field("data", "{\"objects\":[{\"properties\":{\"Name\":{\"value\":\"" + name + "\"},"
                        + "\"system:objectTypeId\":{\"value\":\"document\"},\"kind\":{\"value\":\"letter\"}},"
                        + "\"contentStreams\":[{\"cid\":\"cid_63apple\"}]}]}")
                .file("cid_63apple", fileName, type, bytes);
        HttpResponse<String> created = send(request(OBJECTS).header("Content-Type", form.contentType())
                .POST(form.publisher()));
        assertEquals(200, created.statusCode(), created.body());
        return properties(body(created)).path("system:objectId").path("value").asText();
    }

    static JsonNode properties(JsonNode answer) {
        return answer.path("objects").path(0).path("properties");
    }

    static HttpResponse<String> replace(String id, String contentType, String disposition, byte[] bytes,
                                        String... headers) throws Exception {
        int query = id.indexOf('?');
        String path = query < 0 ? id + "/contents/file" : id.substring(0, query) + "/contents/file" + id.substring(query);
        HttpRequest.Builder request = request(OBJECTS + "/" + path)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (disposition != null) {
            request.header("Content-Disposition", disposition);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).toUpperCase(Locale.ROOT);
    }

    @Test
    void creates_an_object_and_updates_its_content_from_a_raw_body() throws Exception {
        String id = create("Menschenskinder", "first.txt", "text/plain", "first".getBytes(StandardCharsets.UTF_8));
        byte[] mail = "From: a@example.org\r\nSubject: hi\r\n\r\nbody".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> updated = replace(id + "?waitForSearchConsistency=true", "message/rfc822",
                "attachment; filename=\"fallback.eml\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E2%82%AC.eml", mail);
        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode object = body(updated).path("objects").path(0);
        JsonNode p = object.path("properties");
        assertEquals(id, p.path("system:objectId").path("value").asText());
        assertEquals("system:document", p.path("system:baseTypeId").path("value").asText());
        assertEquals("document", p.path("system:objectTypeId").path("value").asText());
        assertEquals(2, p.path("system:versionNumber").path("value").asInt());
        assertEquals("a", p.path("system:tenant").path("value").asText());
        assertTrue(p.path("system:traceId").path("value").isTextual());
        assertTrue(p.path("system:createdBy").path("value").isTextual());
        assertTrue(p.path("system:lastModifiedBy").path("value").isTextual());
        Instant.parse(p.path("system:creationDate").path("value").asText());
        Instant.parse(p.path("system:lastModificationDate").path("value").asText());
        assertEquals(mail.length, p.path("system:contentStreamLength").path("value").asLong());
        assertEquals("message/rfc822", p.path("enaio:contentStreamMimeType").path("value").asText());
        assertEquals("Grüße €.eml", p.path("system:contentStreamFileName").path("value").asText());
        assertEquals("default", p.path("system:contentStreamRepositoryId").path("value").asText());
        String digest = p.path("system:digest").path("value").asText();
        assertTrue(digest.matches("[0-9A-F]{64}"), digest);
        assertEquals(sha256(mail), digest);
        assertEquals("Menschenskinder", p.path("Name").path("value").asText());
        assertEquals("letter", p.path("kind").path("value").asText());
        JsonNode stream = object.path("contentStreams").path(0);
        assertEquals(mail.length, stream.path("length").asLong());
        assertEquals("message/rfc822", stream.path("mimeType").asText());
        assertEquals("Grüße €.eml", stream.path("fileName").asText());
        assertEquals(digest, stream.path("digest").asText());
        assertEquals(p.path("system:contentStreamId").path("value").asText(), stream.path("contentStreamId").asText());
        assertEquals("default", stream.path("repositoryId").asText());
        assertTrue(object.path("renditions").isArray() && object.path("renditions").isEmpty());

        HttpResponse<byte[]> content = sendForBytes(request(OBJECTS + "/" + id + "/contents/file"));
        assertArrayEquals(mail, content.body());
        assertEquals("first", send(request(OBJECTS + "/" + id + "/versions/1/contents/file")).body());
        JsonNode versions = body(send(request(OBJECTS + "/" + id + "/versions")));
        assertEquals(2, versions.path("objects").size());
        assertEquals("first.txt", properties(body(send(request(OBJECTS + "/" + id + "/versions/1"))))
                .path("system:contentStreamFileName").path("value").asText());
        assertEquals(2, properties(body(send(request(OBJECTS + "/" + id)))).path("system:versionNumber").path("value").asInt());
    }

    @Test
    void the_plain_filename_is_used_without_filename_star_and_a_default_otherwise() throws Exception {
        String id = create("Plain", "first.txt", "text/plain", "first".getBytes(StandardCharsets.UTF_8));
        JsonNode named = properties(body(replace(id, "application/octet-stream", "attachment; filename=\"scan 1.bin\"",
                new byte[] {1, 2, 3})));
        assertEquals("scan 1.bin", named.path("system:contentStreamFileName").path("value").asText());
        JsonNode unnamed = properties(body(replace(id, "application/octet-stream", null, new byte[] {4})));
        assertEquals("upload.bin", unnamed.path("system:contentStreamFileName").path("value").asText());
    }

    @Test
    void the_repository_header_picks_the_repository_and_an_unknown_one_is_400() throws Exception {
        String id = create("Repos", "first.txt", "text/plain", "first".getBytes(StandardCharsets.UTF_8));
        JsonNode p = properties(body(replace(id, "text/plain", null, "x".getBytes(StandardCharsets.UTF_8),
                "X-OS-REPOSITORY-ID", "repo242")));
        assertEquals("repo242", p.path("system:contentStreamRepositoryId").path("value").asText());
        HttpResponse<String> unknown = replace(id, "text/plain", null, "y".getBytes(StandardCharsets.UTF_8),
                "X-OS-REPOSITORY-ID", "nowhere");
        assertDmsError(unknown, 400);
        assertTrue(body(unknown).path("message").asText().contains("nowhere"), unknown.body());
        assertEquals(2, body(send(request(OBJECTS + "/" + id + "/versions"))).path("objects").size());
    }

    @Test
    void the_digest_is_validated_against_the_stored_bytes() throws Exception {
        byte[] bytes = "keep me".getBytes(StandardCharsets.UTF_8);
        String id = create("Digest", "d.txt", "text/plain", bytes);
        HttpResponse<String> valid = send(request(OBJECTS + "/" + id + "/actions/validate/digest"));
        assertEquals(200, valid.statusCode(), valid.body());
        assertEquals(sha256(bytes), properties(body(valid)).path("system:digest").path("value").asText());
        String streamId = properties(body(send(request(OBJECTS + "/" + id))))
                .path("system:contentStreamId").path("value").asText();
        core.overwrite("default", "a/" + id + "/" + streamId, "tampered".getBytes(StandardCharsets.UTF_8));
        assertDmsError(send(request(OBJECTS + "/" + id + "/actions/validate/digest")), 409);
        assertDmsError(send(request(OBJECTS + "/" + id + "/versions/1/actions/validate/digest")), 409);
        assertDmsError(send(request(OBJECTS + "/" + id + "/versions/9/actions/validate/digest")), 404);
    }

    @Test
    void tags_are_set_listed_overwritten_and_removed_and_only_resistant_ones_survive_new_content() throws Exception {
        String id = create("Tags", "t.txt", "text/plain", "t".getBytes(StandardCharsets.UTF_8));
        String tags = OBJECTS + "/" + id + "/tags";
        HttpResponse<String> added = send(request(tags + "/review/state/100").header("X-B3-TraceId", "1234567887654321")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, added.statusCode(), added.body());
        JsonNode row = properties(body(added)).path("system:tags").path("value").path(0);
        assertEquals("review", row.path(0).asText());
        assertEquals(100, row.path(1).asInt());
        Instant.parse(row.path(2).asText());
        assertEquals("1234567887654321", row.path(3).asText());

        assertDmsError(send(request(tags + "/review/state/200").POST(HttpRequest.BodyPublishers.noBody())), 409);
        assertEquals(200, send(request(tags + "/review/state/200?overwrite=true").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertDmsError(send(request(tags + "/missing/state/1?overwrite=true").POST(HttpRequest.BodyPublishers.noBody())), 404);
        assertEquals(200, send(request(tags + "/archived:resistant/state/1").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertDmsError(send(request(tags + "/Bad Name!/state/1".replace(" ", "%20")).POST(HttpRequest.BodyPublishers.noBody())), 400);
        assertDmsError(send(request(tags + "/fine/state/high").POST(HttpRequest.BodyPublishers.noBody())), 400);

        JsonNode listed = properties(body(send(request(tags)))).path("system:tags").path("value");
        assertEquals(2, listed.size());

        replace(id, "text/plain", null, "new".getBytes(StandardCharsets.UTF_8));
        JsonNode after = properties(body(send(request(tags)))).path("system:tags").path("value");
        assertEquals(1, after.size());
        assertEquals("archived:resistant", after.path(0).path(0).asText());

        assertEquals(200, send(request(tags + "/archived:resistant").DELETE()).statusCode());
        assertDmsError(send(request(tags + "/archived:resistant").DELETE()), 404);
        assertTrue(properties(body(send(request(tags)))).path("system:tags").path("value").isEmpty());
    }

    @Test
    void content_over_the_limit_is_413_and_makes_no_version_also_when_chunked() throws Exception {
        String id = create("Big", "b.txt", "text/plain", "b".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[(int) MAX_UPLOAD + 1];
        assertDmsError(replace(id, "application/octet-stream", null, big), 413);
        HttpResponse<String> chunked = send(request(OBJECTS + "/" + id + "/contents/file")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertDmsError(chunked, 413);
        assertEquals(1, body(send(request(OBJECTS + "/" + id + "/versions"))).path("objects").size());
        assertEquals(200, replace(id, "application/octet-stream", null, new byte[(int) MAX_UPLOAD]).statusCode());
    }

    @Test
    void bad_requests_are_4xx_in_the_dms_shape_and_change_nothing() throws Exception {
        String id = create("Bad", "b.txt", "text/plain", "b".getBytes(StandardCharsets.UTF_8));
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        assertDmsError(send(anonymous(OBJECTS + "/" + id)), 401);
        assertDmsError(send(request(OBJECTS + "/not-a-uuid")), 400);
        assertDmsError(send(request(OBJECTS + "/" + UUID.randomUUID())), 404);
        assertDmsError(replace(UUID.randomUUID().toString(), "text/plain", null, x), 404);
        assertDmsError(send(request(OBJECTS + "/" + id + "/versions/first")), 400);
        assertDmsError(send(request(OBJECTS + "/" + id + "/versions/0")), 400);
        assertDmsError(send(request(OBJECTS + "/" + id + "/versions/7")), 404);
        assertDmsError(replace(id + "?waitForSearchConsistency=maybe", "text/plain", null, x), 400);
        assertDmsError(replace(id, "text/plain", "attachment; filename=\"../../etc/passwd\"", x), 400);
        assertDmsError(replace(id, "text/plain", "attachment; filename*=UTF-8''a%00b.txt", x), 400);
        assertDmsError(replace(id, "text/plain", "attachment; filename*=UTF-8''..%2F..%2Fx", x), 400);
        assertDmsError(replace(id, "text/plain", "attachment; filename=\"" + "n".repeat(5_000) + "\"", x), 400);
        HttpResponse<String> huge = sendAlone(request(OBJECTS + "/" + id + "/contents/file").header("Content-Type", "text/plain")
                .header("Content-Disposition", "attachment; filename=\"" + "n".repeat(10_000) + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(x)));
        assertDmsError(huge, 431);
        assertDmsError(replace(id, "not a type", null, x), 400);
        assertDmsError(replace(id, "image/png", null, x), 422);
        assertEquals(1, body(send(request(OBJECTS + "/" + id + "/versions"))).path("objects").size());
    }

    @Test
    void bad_create_bodies_are_400_and_create_nothing() throws Exception {
        long before = documents("a");
        Multipart noData = new Multipart().file("content", "a.txt", "text/plain", new byte[] {1});
        assertDmsError(send(request(OBJECTS).header("Content-Type", noData.contentType()).POST(noData.publisher())), 400);
        Multipart badJson = new Multipart().field("data", "{\"objects\":[").file("c", "a.txt", "text/plain", new byte[] {1});
        assertDmsError(send(request(OBJECTS).header("Content-Type", badJson.contentType()).POST(badJson.publisher())), 400);
        Multipart missingPart = new Multipart().field("data",
                "{\"objects\":[{\"properties\":{\"Name\":{\"value\":\"x\"}},\"contentStreams\":[{\"cid\":\"nope\"}]}]}");
        assertDmsError(send(request(OBJECTS).header("Content-Type", missingPart.contentType()).POST(missingPart.publisher())), 400);
        Multipart badName = new Multipart().field("data", "{\"objects\":[{\"properties\":{\"Name\":{\"value\":\"x\"}}}]}")
                .file("c", "../evil.txt", "text/plain", new byte[] {1});
        assertDmsError(send(request(OBJECTS).header("Content-Type", badName.contentType()).POST(badName.publisher())), 400);
        Multipart fine = new Multipart().field("data", "{\"objects\":[{\"properties\":{\"Name\":{\"value\":\"x\"}}}]}")
                .file("c", "ok.txt", "text/plain", new byte[] {1});
        assertDmsError(send(request(OBJECTS).header("Content-Type", "multipart/form-data").POST(fine.publisher())), 400);
        Multipart cut = new Multipart().field("data", "{\"objects\":[{\"properties\":{\"Name\":{\"value\":\"x\"}}}]}")
                .file("c", "ok.txt", "text/plain", new byte[] {1});
        assertDmsError(send(request(OBJECTS).header("Content-Type", cut.contentType()).POST(cut.unterminated())), 400);
        assertEquals(before, documents("a"));
    }

    @Test
    void a_metadata_only_object_has_no_content_streams() throws Exception {
        Multipart form = new Multipart().field("data", "{\"objects\":[{\"properties\":{\"Name\":{\"value\":\"Folder-ish\"}}}]}");
        HttpResponse<String> created = send(request(OBJECTS).header("Content-Type", form.contentType()).POST(form.publisher()));
        assertEquals(200, created.statusCode(), created.body());
        JsonNode object = body(created).path("objects").path(0);
        assertTrue(object.path("contentStreams").isEmpty());
        assertFalse(object.path("properties").has("system:digest"));
        assertDmsError(send(request(OBJECTS + "/" + object.path("properties").path("system:objectId").path("value").asText()
                + "/contents/file")), 404);
    }
}
