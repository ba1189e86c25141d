package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.embedded.S3ProxyServer;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text renditions on the service with its real parts: PostgreSQL (the outbox), S3Proxy (the
 * texts), Tika (the extraction), over HTTP.
 */
class RenditionsServiceTest {
    static final String KEY = "renditions-key-0123456789";
    static final String OTHER_KEY = "renditions-other-key-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final String EMAIL = "From: Alice <alice@example.com>\r\nTo: Bob <bob@example.com>\r\n"
            + "Subject: Menschenskinder\r\nDate: Mon, 10 Sep 2018 14:35:36 +0000\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nThe Zaunkoenig sings at dawn.\r\n";

    static DossierServer server;
    static String base;

    static Map<String, String> environment(String purpose) {
        S3ProxyServer s3 = TestServers.s3();
        Map<String, String> env = new HashMap<>();
        env.put("DOSSIER_HOST", "127.0.0.1");
        env.put("DOSSIER_PORT", "0");
        env.put("DOSSIER_DATA_DIR", Path.of("target", "renditions", UUID.randomUUID().toString()).toAbsolutePath()
                .toString());
        env.put("DOSSIER_DB_URL", TestServers.newDatabase());
        env.put("DOSSIER_DB_USER", TestServers.database().user());
        env.put("DOSSIER_DB_PASSWORD", TestServers.database().password());
        env.put("DOSSIER_S3_ENDPOINT", s3.endpoint().toString());
        env.put("DOSSIER_S3_ACCESS_KEY", s3.accessKey());
        env.put("DOSSIER_S3_SECRET_KEY", s3.secretKey());
        env.put("DOSSIER_S3_BUCKET", TestServers.newBucket(purpose));
        env.put("DOSSIER_API_KEYS", "acme:" + KEY + ",globex:" + OTHER_KEY);
        return env;
    }

    @BeforeAll
    static void start() {
        server = DossierServer.start(Configuration.from(environment("renditions")), true);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", key);
    }

    /** A new /v1 document with one version of these bytes; answers its id. */
    static String create(String base, String name, byte[] bytes, String type, String fileName) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = send(request(base + "/v1/documents", KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("id").asText();
    }

    /** The text member of a version, once it is no longer pending (at most a minute). */
    static JsonNode settledText(String base, String id, int version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> answer = send(request(base + "/v1/documents/" + id + "/versions/" + version, KEY));
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode text = JSON.readTree(answer.body()).path("text");
            if (!text.path("state").asText().equals("pending") || System.nanoTime() > deadline) {
                return text;
            }
            Thread.sleep(100);
        }
    }

    static byte[] docx(String text) throws IOException {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText(text);
            document.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void an_email_content_update_answers_with_its_text_rendition_in_the_seed_shape() throws Exception {
        String id = create(base, "mail", "first".getBytes(StandardCharsets.UTF_8), "text/plain", "a.txt");

        // As in the seed: waitForSearchConsistency is left out, so it is true.
        HttpResponse<String> updated = send(request(base + "/api/dms/objects/" + id + "/contents/file", KEY)
                .header("Content-Type", "message/rfc822")
                .header("Content-Disposition", "attachment; filename=upload.bin")
                .POST(HttpRequest.BodyPublishers.ofString(EMAIL)));

        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode renditions = JSON.readTree(updated.body()).path("objects").path(0).path("renditions");
        assertEquals(1, renditions.size(), updated.body());
        JsonNode rendition = renditions.get(0);
        assertEquals("text/plain", rendition.path("mimeType").asText());
        assertEquals("text", rendition.path("kind").asText());
        assertEquals("text/plain", rendition.path("contentStream").path("mimeType").asText());
        assertEquals("content.txt", rendition.path("contentStream").path("fileName").asText());
        long length = rendition.path("contentStream").path("length").asLong();

        HttpResponse<String> text = send(request(base + "/api/dms/objects/" + id + "/contents/renditions/text", KEY));
        assertEquals(200, text.statusCode(), text.body());
        assertTrue(text.body().contains("Zaunkoenig"), text.body());
        assertEquals(length, text.body().getBytes(StandardCharsets.UTF_8).length);
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        HttpResponse<String> v1 = send(request(base + "/v1/documents/" + id + "/versions/2/renditions/text", KEY));
        assertEquals(text.body(), v1.body());
        JsonNode state = settledText(base, id, 2);
        assertEquals("done", state.path("state").asText());
        assertEquals(length, state.path("length").asLong());

        // Its text is found by search, quoted with the word marked; not by another tenant.
        HttpResponse<String> found = send(request(base + "/v1/documents?q=zaunkoenig", KEY));
        assertEquals(200, found.statusCode(), found.body());
        JsonNode hit = JSON.readTree(found.body()).path("items").get(0);
        assertEquals(id, hit.path("document").path("id").asText(), found.body());
        assertTrue(hit.path("snippet").asText().contains("<mark>Zaunkoenig</mark>"), found.body());
        assertEquals(0, JSON.readTree(send(request(base + "/v1/documents?q=zaunkoenig", OTHER_KEY)).body())
                .path("items").size());

        // Another tenant does not see it.
        assertEquals(404, send(request(base + "/v1/documents/" + id + "/versions/2/renditions/text", OTHER_KEY))
                .statusCode());
        assertEquals(404, send(request(base + "/api/dms/objects/" + id + "/contents/renditions/text", OTHER_KEY))
                .statusCode());
    }

    @Test
    void a_corrupt_file_is_stored_and_its_rendition_fails_with_a_reason() throws Exception {
        byte[] docx = docx("Zaunkoenig");
        String id = create(base, "broken", Arrays.copyOf(docx, docx.length / 2),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "broken.docx");

        JsonNode text = settledText(base, id, 1);

        assertTrue(List.of("failed", "not_applicable").contains(text.path("state").asText()), text.toString());
        assertTrue(!text.path("reason").asText().isBlank(), text.toString());
        HttpResponse<String> download = send(request(base + "/v1/documents/" + id + "/versions/1/renditions/text", KEY));
        assertEquals(404, download.statusCode());
        assertEquals(200, send(request(base + "/v1/documents/" + id + "/content", KEY)).statusCode(),
                "the content itself is there");
        HttpResponse<String> object = send(request(base + "/api/dms/objects/" + id, KEY));
        assertEquals(0, JSON.readTree(object.body()).path("objects").path(0).path("renditions").size());
    }

    @Test
    void every_version_gets_its_own_text_and_a_good_docx_is_read() throws Exception {
        String id = create(base, "report", docx("Quarterly Zaunkoenig"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "report.docx");
        HttpResponse<String> second = send(request(base + "/v1/documents/" + id + "/content?waitForSearchConsistency=true",
                KEY).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("second words")));
        assertEquals(201, second.statusCode(), second.body());
        assertEquals("done", JSON.readTree(second.body()).path("text").path("state").asText(), second.body());

        assertEquals("done", settledText(base, id, 1).path("state").asText());
        assertTrue(send(request(base + "/v1/documents/" + id + "/versions/1/renditions/text", KEY)).body()
                .contains("Zaunkoenig"));
        assertEquals("second words", send(request(base + "/v1/documents/" + id + "/versions/2/renditions/text", KEY))
                .body().strip());
    }

    @Test
    void reextract_makes_the_texts_of_versions_stored_without_one_and_can_run_again() throws Exception {
        Map<String, String> env = environment("reextract");
        env.put("DOSSIER_EXTRACTION_WORKERS", "0");
        List<String> ids = new ArrayList<>();
        try (DossierServer first = DossierServer.start(Configuration.from(env), true)) {
            String local = "http://127.0.0.1:" + first.port();
            for (int i = 0; i < 3; i++) {
                ids.add(create(local, "old " + i, ("old text " + i).getBytes(StandardCharsets.UTF_8), "text/plain",
                        "o.txt"));
            }
        }
        // As if stored before renditions existed: no rendition rows at all.
        try (var pool = TestServers.pool(env.get("DOSSIER_DB_URL")); var c = pool.getConnection();
             var statement = c.createStatement()) {
            assertEquals(3, statement.executeUpdate("DELETE FROM renditions"));
        }
        try (DossierServer command = DossierServer.start(Configuration.from(env), false)) {
            assertEquals(3, command.pendStaleRenditions(2, Duration.ofMillis(1)));
            assertEquals(3, command.makeDueRenditions(Duration.ofMillis(1)));
            // A second run finds nothing to do: what was made is not made again.
            assertEquals(0, command.pendStaleRenditions(2, Duration.ofMillis(1)));
            assertEquals(0, command.makeDueRenditions(Duration.ofMillis(1)));
        }
        try (DossierServer again = DossierServer.start(Configuration.from(env), true)) {
            String local = "http://127.0.0.1:" + again.port();
            for (int i = 0; i < 3; i++) {
                assertEquals("old text " + i, send(request(local + "/v1/documents/" + ids.get(i)
                        + "/versions/1/renditions/text", KEY)).body().strip());
            }
            JsonNode found = JSON.readTree(send(request(local + "/v1/documents?q=" + "text", KEY)).body());
            assertEquals(3, found.path("items").size(), found.toString());
        }
    }

    @Test
    void renditions_pending_when_the_service_was_killed_are_made_after_its_restart(@TempDir Path work)
            throws Exception {
        Map<String, String> env = environment("killed");
        int port = ServiceProcesses.freePort();
        env.put("DOSSIER_PORT", Integer.toString(port));
        String local = "http://127.0.0.1:" + port;
        // No workers in the first life: the versions' renditions stay pending, as in a crash before they were made.
        env.put("DOSSIER_EXTRACTION_WORKERS", "0");
        Process first = service(env, work.resolve("first.log"), port);
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(create(local, "doc " + i, ("pending text " + i).getBytes(StandardCharsets.UTF_8), "text/plain",
                        "t.txt"));
            }
            assertEquals("pending", JSON.readTree(send(request(local + "/v1/documents/" + ids.get(0) + "/versions/1",
                    KEY)).body()).path("text").path("state").asText());
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown of any kind
        }

        env.put("DOSSIER_EXTRACTION_WORKERS", "2");
        Process second = service(env, work.resolve("second.log"), port);
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals("done", settledText(local, ids.get(i), 1).path("state").asText());
                assertEquals("pending text " + i, send(request(local + "/v1/documents/" + ids.get(i)
                        + "/versions/1/renditions/text", KEY)).body().strip());
            }
        } finally {
            second.destroy();
            if (!second.waitFor(60, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private static Process service(Map<String, String> env, Path log, int port) throws Exception {
        return ServiceProcesses.start(List.of(), env, log, port);
    }
}
