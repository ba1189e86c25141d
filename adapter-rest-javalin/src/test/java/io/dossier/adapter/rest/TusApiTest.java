package io.dossier.adapter.rest;

import io.dossier.adapter.rest.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resumable uploads by tus 1.0 under /v1/tus, over a real socket. */
class TusApiTest {
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static byte[] pdf(int length, long seed) {
        return io.dossier.testing.contract.Fixtures.pdf(length, seed);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder tus(String path, String key) {
        return t.request(path).header("X-API-Key", key).header("Tus-Resumable", "1.0.0");
    }

    private static Response create(long length, String metadata) {
        return t.send(tus("/v1/tus", TestApi.KEY_A).header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", metadata).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A new upload's path, from its absolute Location. */
    private static String created(long length) {
        Response created = create(length, "filename " + b64("Befund März.pdf") + ",filetype " + b64("application/pdf"));
        assertEquals(201, created.status(), created.text());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(t.base + "/v1/tus/"), location);
        return location.substring(t.base.length());
    }

    private static Response patch(String path, String key, long offset, byte[] bytes, String... headers) {
        HttpRequest.Builder request = tus(path, key).header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Offset", Long.toString(offset))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return t.send(request);
    }

    private static Response head(String path, String key) {
        return t.send(tus(path, key).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    private static String sha256Base64(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String header(Response response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in "
                + response.headers().map()));
    }

    @Test
    void options_name_the_version_the_extensions_and_the_limit_without_authentication() {
        Response options = t.send(t.request("/v1/tus").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertEquals(204, options.status(), options.text());
        assertEquals("1.0.0", header(options, "Tus-Version"));
        for (String extension : new String[] {"creation", "creation-with-upload", "termination", "checksum",
                "expiration"}) {
            assertTrue(Arrays.asList(header(options, "Tus-Extension").split(",")).contains(extension), extension);
        }
        assertEquals(Long.toString(TestApi.MAX_UPLOAD), header(options, "Tus-Max-Size"));
        assertEquals("sha256", header(options, "Tus-Checksum-Algorithm"));
    }

    @Test
    void an_upload_sent_in_two_requests_becomes_one_version_with_its_digest() throws Exception {
        byte[] all = pdf(600_000, 1);
        String path = created(all.length);

        Response fresh = head(path, TestApi.KEY_A);
        assertEquals(200, fresh.status());
        assertEquals("0", header(fresh, "Upload-Offset"));
        assertEquals(Integer.toString(all.length), header(fresh, "Upload-Length"));
        assertEquals("filename " + b64("Befund März.pdf") + ",filetype " + b64("application/pdf"),
                header(fresh, "Upload-Metadata"));
        assertEquals("no-store", header(fresh, "Cache-Control"));
        assertEquals("1.0.0", header(fresh, "Tus-Resumable"));
        ZonedDateTime expires = ZonedDateTime.parse(header(fresh, "Upload-Expires"), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertTrue(expires.toInstant().isAfter(t.clock.instant().plus(Duration.ofHours(23))), expires.toString());

        Response first = patch(path, TestApi.KEY_A, 0, Arrays.copyOfRange(all, 0, 250_000));
        assertEquals(204, first.status(), first.text());
        assertEquals("250000", header(first, "Upload-Offset"));
        assertEquals("250000", header(head(path, TestApi.KEY_A), "Upload-Offset"));

        byte[] rest = Arrays.copyOfRange(all, 250_000, all.length);
        Response last = patch(path, TestApi.KEY_A, 250_000, rest, "Upload-Checksum", "sha256 " + sha256Base64(rest));
        assertEquals(204, last.status(), last.text());
        assertEquals(Integer.toString(all.length), header(last, "Upload-Offset"));
        assertEquals("1", header(last, "Dossier-Version"));

        String document = header(last, "Dossier-Document-Id");
        Response content = t.get("/v1/documents/" + document + "/content");
        assertEquals(200, content.status());
        assertArrayEquals(all, content.body());
        Response json = t.get("/v1/documents/" + document);
        assertEquals("Befund März.pdf", json.json().path("name").asText(), json.text());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all)),
                json.json().path("currentVersion").path("sha256").asText(), json.text());
        String uploadId = path.substring("/v1/tus/".length());
        assertEquals("COMPLETED", t.get("/v1/uploads/" + uploadId).json().path("state").asText().toUpperCase());
    }

    @Test
    void bytes_sent_with_the_creation_are_received_at_once() {
        byte[] all = pdf(5_000, 2);
        Response created = t.send(tus("/v1/tus", TestApi.KEY_A).header("Upload-Length", Integer.toString(all.length))
                .header("Upload-Metadata", "filename " + b64("scan.pdf"))
                .header("Content-Type", "application/offset+octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(all)));

        assertEquals(201, created.status(), created.text());
        assertEquals(Integer.toString(all.length), header(created, "Upload-Offset"));
        assertEquals("1", header(created, "Dossier-Version"));
        assertArrayEquals(all, t.get("/v1/documents/" + header(created, "Dossier-Document-Id") + "/content").body());
    }

    @Test
    void a_wrong_checksum_is_460_and_keeps_nothing_and_a_wrong_offset_is_409() throws Exception {
        byte[] all = pdf(100_000, 3);
        String path = created(all.length);
        byte[] piece = Arrays.copyOfRange(all, 0, 40_000);

        Response mismatch = patch(path, TestApi.KEY_A, 0, piece, "Upload-Checksum", "sha256 " + sha256Base64(all));
        assertEquals(460, mismatch.status(), mismatch.text());
        assertEquals("0", header(head(path, TestApi.KEY_A), "Upload-Offset"));

        assertEquals(409, patch(path, TestApi.KEY_A, 10, piece).status());
        assertEquals(204, patch(path, TestApi.KEY_A, 0, piece).status());
        assertEquals(409, patch(path, TestApi.KEY_A, 0, piece).status(), "those bytes are there already");
        assertEquals(413, patch(path, TestApi.KEY_A, 40_000, new byte[60_001]).status(), "past the length");
        // The wrong offset is what the client must learn, even when its bytes would also run past the end.
        assertEquals(409, patch(path, TestApi.KEY_A, 0, new byte[100_001]).status(), "wrong offset and too long");
        assertEquals(409, patch(path, TestApi.KEY_A, 200_000, new byte[10]).status(), "an offset past the end");
        assertEquals(400, patch(path, TestApi.KEY_A, 40_000, new byte[10], "Upload-Checksum", "md5 abc=").status());
        assertEquals("40000", header(head(path, TestApi.KEY_A), "Upload-Offset"));
    }

    @Test
    void requests_that_break_the_protocol_get_its_answers() {
        String path = created(1000);
        Response noVersion = t.send(t.request(path).header("X-API-Key", TestApi.KEY_A)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(412, noVersion.status());
        assertEquals("1.0.0", header(noVersion, "Tus-Version"));
        Response wrongType = t.send(tus(path, TestApi.KEY_A).header("Content-Type", "application/octet-stream")
                .header("Upload-Offset", "0").method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[10])));
        assertEquals(415, wrongType.status());
        assertEquals("1.0.0", header(wrongType, "Tus-Resumable"), "error answers speak tus too");
        Response noOffset = t.send(tus(path, TestApi.KEY_A).header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[10])));
        assertEquals(400, noOffset.status());

        assertEquals(400, t.send(tus("/v1/tus", TestApi.KEY_A).header("Upload-Metadata", "filename " + b64("a.pdf"))
                .POST(HttpRequest.BodyPublishers.noBody())).status(), "no Upload-Length");
        assertEquals(400, t.send(tus("/v1/tus", TestApi.KEY_A).header("Upload-Defer-Length", "1")
                .header("Upload-Metadata", "filename " + b64("a.pdf")).POST(HttpRequest.BodyPublishers.noBody()))
                .status(), "deferred lengths are not offered");
        assertEquals(413, create(TestApi.MAX_UPLOAD + 1, "filename " + b64("a.pdf")).status());
        assertEquals(400, create(10, "filetype " + b64("application/pdf")).status(), "no file name");
        assertEquals(400, create(10, "filename not~base64!").status());
        assertEquals(400, create(10, "filename " + b64("a") + ",filename " + b64("b")).status());
        assertEquals(400, create(-1, "filename " + b64("a.pdf")).status());
        assertEquals(401, t.send(t.request("/v1/tus").header("Tus-Resumable", "1.0.0").header("Upload-Length", "10")
                .header("Upload-Metadata", "filename " + b64("a.pdf")).POST(HttpRequest.BodyPublishers.noBody()))
                .status());
    }

    @Test
    void another_tenants_upload_is_404_to_every_method() {
        String path = created(1000);

        assertEquals(404, head(path, TestApi.KEY_B).status());
        assertEquals(404, patch(path, TestApi.KEY_B, 0, new byte[10]).status());
        assertEquals(404, t.send(tus(path, TestApi.KEY_B).DELETE()).status());
        assertEquals("0", header(head(path, TestApi.KEY_A), "Upload-Offset"));
    }

    @Test
    void a_terminated_upload_is_gone() {
        String path = created(1000);
        assertEquals(204, patch(path, TestApi.KEY_A, 0, pdf(100, 4)).status());

        assertEquals(204, t.send(tus(path, TestApi.KEY_A).DELETE()).status());

        assertEquals(404, head(path, TestApi.KEY_A).status());
        assertEquals(404, patch(path, TestApi.KEY_A, 100, new byte[10]).status());
        assertEquals(404, t.send(tus(path, TestApi.KEY_A).DELETE()).status());
    }

    @Test
    void an_expired_upload_is_404() {
        String path = created(1000);
        assertEquals(204, patch(path, TestApi.KEY_A, 0, pdf(100, 5)).status());

        t.clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertEquals(404, head(path, TestApi.KEY_A).status());
        assertEquals(404, patch(path, TestApi.KEY_A, 100, new byte[10]).status());
    }

    @Test
    void an_upload_naming_a_document_makes_its_next_version_and_honours_if_match() {
        String id = t.create("Report", "r.txt", "first").path("id").asText();
        byte[] all = pdf(2_000, 6);
        String metadata = "filename " + b64("report.pdf") + ",documentId " + b64(id);

        Response stale = t.send(tus("/v1/tus", TestApi.KEY_A).header("Upload-Length", "2000")
                .header("Upload-Metadata", metadata).header("If-Match", "\"" + "0".repeat(64) + "\"")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(412, stale.status(), stale.text());

        Response created = create(all.length, metadata);
        assertEquals(201, created.status(), created.text());
        String path = header(created, "Location").substring(t.base.length());
        Response done = patch(path, TestApi.KEY_A, 0, all);
        assertEquals(204, done.status(), done.text());
        assertEquals("2", header(done, "Dossier-Version"));
        assertEquals(id, header(done, "Dossier-Document-Id"));
        assertArrayEquals(all, t.get("/v1/documents/" + id + "/content").body());
        assertEquals(404, create(10, "filename " + b64("a.pdf") + ",documentId "
                + b64("00000000-0000-0000-0000-000000000000")).status());
    }
}
