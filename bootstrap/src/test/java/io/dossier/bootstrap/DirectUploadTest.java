package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.adapter.storage.MinioContentStore;
import io.dossier.application.port.in.SweepUseCase;
import io.dossier.application.port.out.ContentStore.StoredObject;
import io.dossier.domain.StorageKey;
import io.dossier.embedded.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Direct-to-storage uploads end to end, over real HTTP, on the service with its real adapters
 * (PostgreSQL and S3Proxy): a seed client gets credentials, posts the form to the store, and one
 * of the three completion paths turns the landed object into exactly one checked version.
 *
 * <p>S3Proxy cannot send bucket notifications, so the tests post the JSON that a MinIO webhook
 * would send to the events endpoint themselves.
 */
class DirectUploadTest {
    static final String KEY = "direct-upload-key-0123456789";
    static final String EVENTS_TOKEN = "events-token-for-tests-0123456789";
    static final int LIMIT = 64 * 1024;
    static final byte[] PNG = png(1_000, 1);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The service as configured for production, except for a small upload limit. */
    static Service normal;
    /** Tickets that expire in seconds and a sweeper grace of seconds. */
    static Service quick;
    /** A sweeper grace of seconds, with tickets that outlive a slow machine's upload. */
    static Service busy;

    record Service(DossierServer server, String base, String bucket, MinioContentStore bucketView) {
        void close() {
            bucketView.close();
            server.close();
        }
    }

    static Service start(String purpose, Map<String, String> extra) {
        S3ProxyServer s3 = TestServers.s3();
        String bucket = TestServers.newBucket(purpose);
        Map<String, String> env = new HashMap<>();
        env.put("DOSSIER_HOST", "127.0.0.1");
        env.put("DOSSIER_PORT", "0");
        env.put("DOSSIER_DATA_DIR", Path.of("target", "direct-upload", UUID.randomUUID().toString()).toString());
        env.put("DOSSIER_DB_URL", TestServers.newDatabase());
        env.put("DOSSIER_DB_USER", TestServers.database().user());
        env.put("DOSSIER_DB_PASSWORD", TestServers.database().password());
        env.put("DOSSIER_S3_ENDPOINT", s3.endpoint().toString());
        env.put("DOSSIER_S3_ACCESS_KEY", s3.accessKey());
        env.put("DOSSIER_S3_SECRET_KEY", s3.secretKey());
        env.put("DOSSIER_S3_BUCKET", bucket);
        env.put("DOSSIER_API_KEYS", "acme:" + KEY);
        env.put("DOSSIER_EVENTS_TOKEN", EVENTS_TOKEN);
        env.put("DOSSIER_MAX_UPLOAD_BYTES", String.valueOf(LIMIT));
        // The scheduled sweeper stays out of the way; tests run it when they mean to.
        env.put("DOSSIER_SWEEP_INTERVAL", "PT1H");
        env.putAll(extra);
        DossierServer server = DossierServer.start(Configuration.from(env), true);
        MinioContentStore view = new MinioContentStore(MinioContentStore.Config.builder().endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey()).repository(bucket, bucket).build());
        return new Service(server, "http://127.0.0.1:" + server.port(), bucket, view);
    }

    @BeforeAll
    static void startServices() {
        normal = start("normal", Map.of());
        quick = start("quick", Map.of("DOSSIER_UPLOAD_TTL", "PT3S", "DOSSIER_SWEEP_GRACE", "PT3S"));
        busy = start("busy", Map.of("DOSSIER_UPLOAD_TTL", "PT60S", "DOSSIER_SWEEP_GRACE", "PT3S"));
    }

    @AfterAll
    static void stopServices() {
        if (normal != null) {
            normal.close();
        }
        if (quick != null) {
            quick.close();
        }
        if (busy != null) {
            busy.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    record Reply(int status, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder as(Service s, String path) {
        return HttpRequest.newBuilder(URI.create(s.base() + path)).header("X-API-Key", KEY);
    }

    static Reply get(Service s, String path) {
        return send(as(s, path));
    }

    /** Seed 001 / 000: upload credentials for a new document, or to replace a document's content. */
    static JsonNode issue(Service s, String path, String fileName, String contentType, boolean isPublic) {
        Reply issued = send(as(s, path).header("Content-Type", "application/json").POST(
                HttpRequest.BodyPublishers.ofString("{\"fileName\":\"" + fileName + "\",\"contentType\":\""
                        + contentType + "\",\"isPublic\":" + isPublic + "}")));
        assertEquals(200, issued.status(), issued.text());
        return issued.json();
    }

    static JsonNode issue(Service s, String contentType) {
        return issue(s, "/document", "upload.bin", contentType, false);
    }

    /** What the seed's axios client does: every field of uploadOptions, then the file, to the url. */
    static int postForm(JsonNode entry, String contentType, byte[] bytes) {
        Map<String, String> fields = new LinkedHashMap<>();
        entry.path("uploadOptions").path("fields").properties()
                .forEach(f -> fields.put(f.getKey(), f.getValue().asText()));
        return RealAdaptersCore.postMultipart(entry.path("uploadOptions").path("url").asText(), fields, contentType,
                bytes);
    }

    static void land(JsonNode entry, String contentType, byte[] bytes) {
        int status = postForm(entry, contentType, bytes);
        assertTrue(status / 100 == 2, "the store took the form post: " + status);
    }

    static Reply complete(Service s, JsonNode entry) {
        return send(as(s, "/v1/uploads/" + entry.path("uploadId").asText() + "/complete")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The notification a MinIO webhook sends for a form upload; keys arrive URL-encoded. */
    static Reply event(Service s, JsonNode entry) {
        String key = URLEncoder.encode(key(entry), StandardCharsets.UTF_8);
        String json = "{\"EventName\":\"s3:ObjectCreated:Post\",\"Key\":\"" + s.bucket() + "/" + key + "\","
                + "\"Records\":[{\"eventVersion\":\"2.0\",\"eventSource\":\"minio:s3\",\"awsRegion\":\"\","
                + "\"eventName\":\"s3:ObjectCreated:Post\",\"userIdentity\":{\"principalId\":\"client\"},"
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"configurationId\":\"Config\",\"bucket\":{\"name\":\""
                + s.bucket() + "\",\"arn\":\"arn:aws:s3:::" + s.bucket() + "\"},\"object\":{\"key\":\"" + key
                + "\",\"contentType\":\"image/png\",\"sequencer\":\"17A0F1C2D3E4F5A6\"}}}]}";
        // MinIO sends its configured auth_token as the whole Authorization header.
        return send(HttpRequest.newBuilder(URI.create(s.base() + "/v1/storage-events"))
                .header("Authorization", EVENTS_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static String key(JsonNode entry) {
        return entry.path("uploadOptions").path("fields").path("key").asText();
    }

    static String id(JsonNode entry) {
        return entry.path("id").asText();
    }

    static JsonNode versions(Service s, String id) {
        Reply versions = get(s, "/v1/documents/" + id + "/versions");
        assertEquals(200, versions.status(), versions.text());
        return versions.json().path("items");
    }

    static byte[] content(Service s, String id, int version) {
        Reply content = get(s, "/v1/documents/" + id + "/versions/" + version + "/content");
        assertEquals(200, content.status(), content.text());
        return content.body();
    }

    /** Exactly one version, of these bytes, whose bytes come back. */
    static void assertOneVersion(Service s, String id, byte[] bytes) {
        JsonNode versions = versions(s, id);
        assertEquals(1, versions.size(), versions.toString());
        assertEquals(sha256(bytes), versions.get(0).path("sha256").asText().toLowerCase());
        assertEquals(bytes.length, versions.get(0).path("length").asLong());
        assertArrayEquals(bytes, content(s, id, 1));
    }

    /** Objects in the service's bucket whose keys start with the prefix. */
    static List<String> objects(Service s, String prefix) {
        try (Stream<StoredObject> listed = s.bucketView().list(s.bucket(), prefix)) {
            return listed.map(o -> o.key().key()).sorted().toList();
        }
    }

    static String documentPrefix(String id) {
        return "acme/" + id + "/";
    }

    static byte[] png(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the three completion paths --------------------------------------------------------

    @Test
    void an_explicit_completion_makes_exactly_one_version() {
        JsonNode entry = issue(normal, "image/png");
        land(entry, "image/png", PNG);

        Reply done = complete(normal, entry);
        assertEquals(200, done.status(), done.text());
        assertEquals(1, done.json().path("version").path("number").asInt());
        assertEquals(sha256(PNG), done.json().path("version").path("sha256").asText().toLowerCase());
        assertEquals(PNG.length, done.json().path("version").path("length").asLong());
        assertEquals(200, complete(normal, entry).status(), "completing again answers the same version");
        assertEquals(1, event(normal, entry).json().path("completed").asInt());
        assertEquals(200, get(normal, "/document/" + id(entry)).status());

        assertOneVersion(normal, id(entry), PNG);
        assertEquals(1, objects(normal, documentPrefix(id(entry))).size(), "one object: the version's");
        assertFalse(objects(normal, documentPrefix(id(entry))).contains(key(entry)), "the upload key is gone");
    }

    @Test
    void a_storage_event_makes_exactly_one_version() {
        JsonNode entry = issue(normal, "image/png");
        land(entry, "image/png", PNG);

        Reply report = event(normal, entry);
        assertEquals(200, report.status(), report.text());
        assertEquals(1, report.json().path("completed").asInt(), report.text());
        assertEquals("completed", get(normal, "/v1/uploads/" + entry.path("uploadId").asText()).json()
                .path("state").asText());
        assertEquals(1, event(normal, entry).json().path("completed").asInt(), "a repeated event changes nothing");
        assertEquals(200, complete(normal, entry).status());

        assertOneVersion(normal, id(entry), PNG);
        assertEquals(1, objects(normal, documentPrefix(id(entry))).size());
    }

    @Test
    void a_read_completes_a_landed_upload_lazily_and_makes_exactly_one_version() {
        JsonNode entry = issue(normal, "image/png");
        land(entry, "image/png", PNG);

        Reply read = get(normal, "/document/" + id(entry));
        assertEquals(200, read.status(), read.text());
        assertEquals(1, read.json().path("version").asInt(), read.text());
        assertEquals(1, get(normal, "/v1/documents/" + id(entry)).json().path("versionCount").asInt());
        assertEquals(200, complete(normal, entry).status());

        assertOneVersion(normal, id(entry), PNG);
        assertEquals(1, objects(normal, documentPrefix(id(entry))).size());
    }

    @Test
    void twenty_concurrent_completions_of_one_ticket_make_one_version() throws Exception {
        JsonNode entry = issue(normal, "image/png");
        land(entry, "image/png", PNG);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Reply>> explicit = new ArrayList<>();
            List<Future<Reply>> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                boolean viaEvent = i % 2 == 1;
                Future<Reply> reply = pool.submit(() -> {
                    go.await();
                    return viaEvent ? event(normal, entry) : complete(normal, entry);
                });
                (viaEvent ? events : explicit).add(reply);
            }
            go.countDown();
            for (Future<Reply> f : explicit) {
                Reply reply = f.get(60, TimeUnit.SECONDS);
                assertEquals(200, reply.status(), reply.text());
                assertEquals(1, reply.json().path("version").path("number").asInt(), reply.text());
            }
            for (Future<Reply> f : events) {
                Reply reply = f.get(60, TimeUnit.SECONDS);
                assertEquals(200, reply.status(), reply.text());
                assertEquals(1, reply.json().path("completed").asInt(), reply.text());
            }
        } finally {
            pool.shutdownNow();
        }
        assertOneVersion(normal, id(entry), PNG);
        assertEquals(1, objects(normal, documentPrefix(id(entry))).size(),
                "the copies of the completions that lost are deleted: " + objects(normal, documentPrefix(id(entry))));
    }

    // ---- refused objects -------------------------------------------------------------------

    @Test
    void bytes_that_are_not_the_declared_type_leave_no_version_and_no_object() {
        JsonNode explicit = issue(normal, "image/png");
        land(explicit, "image/png", "this is text, not a PNG".getBytes(StandardCharsets.UTF_8));
        Reply refused = complete(normal, explicit);
        assertEquals(422, refused.status(), refused.text());
        assertTrue(refused.text().contains("not image/png"), refused.text());

        JsonNode viaEvent = issue(normal, "image/png");
        land(viaEvent, "image/png", "GIF89a: also not a PNG".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, event(normal, viaEvent).json().path("refused").asInt());

        for (JsonNode entry : List.of(explicit, viaEvent)) {
            assertEquals(0, versions(normal, id(entry)).size());
            assertEquals(List.of(), objects(normal, documentPrefix(id(entry))));
            JsonNode state = get(normal, "/v1/uploads/" + entry.path("uploadId").asText()).json();
            assertEquals("failed", state.path("state").asText(), state.toString());
        }
    }

    @Test
    void an_object_over_the_ticket_limit_leaves_no_version_and_no_object() {
        byte[] tooLarge = png(LIMIT + 1, 2);
        JsonNode viaForm = issue(normal, "image/png");
        // The store itself refuses a form post over the policy's content-length-range.
        int status = postForm(viaForm, "image/png", tooLarge);
        assertEquals(400, status, "EntityTooLarge");
        assertEquals(409, complete(normal, viaForm).status(), "nothing landed");

        // An object that got to the key another way (here: put with the store's credentials) is refused by Dossier.
        JsonNode explicit = issue(normal, "image/png");
        JsonNode viaEvent = issue(normal, "image/png");
        for (JsonNode entry : List.of(explicit, viaEvent)) {
            normal.bucketView().put(new StorageKey(normal.bucket(), key(entry)), new ByteArrayInputStream(tooLarge),
                    "image/png", tooLarge.length);
        }
        Reply refused = complete(normal, explicit);
        assertEquals(422, refused.status(), refused.text());
        assertTrue(refused.text().contains("more than the limit"), refused.text());
        assertEquals(1, event(normal, viaEvent).json().path("refused").asInt());

        for (JsonNode entry : List.of(viaForm, explicit, viaEvent)) {
            assertEquals(0, versions(normal, id(entry)).size());
            assertEquals(List.of(), objects(normal, documentPrefix(id(entry))));
        }
    }

    // ---- expiry and the sweeper ------------------------------------------------------------

    @Test
    void an_expired_never_used_ticket_leaves_no_object_and_no_version_after_the_sweep() throws Exception {
        JsonNode unused = issue(quick, "image/png");
        Thread.sleep(3_500);
        assertEquals(403, postForm(unused, "image/png", PNG), "the store refuses an expired form");

        SweepUseCase.Report report = quick.server().sweep();

        assertTrue(report.ticketsExpired() >= 1, report.toString());
        assertEquals(0, report.failures(), report.toString());
        JsonNode state = get(quick, "/v1/uploads/" + unused.path("uploadId").asText()).json();
        assertEquals("expired", state.path("state").asText(), state.toString());
        assertEquals(409, complete(quick, unused).status());
        assertEquals(0, versions(quick, id(unused)).size());
        assertEquals(List.of(), objects(quick, documentPrefix(id(unused))));
    }

    @Test
    void the_sweeper_running_during_fifty_uploads_deletes_nothing_a_version_refers_to() throws Exception {
        int uploads = 50;
        AtomicBoolean running = new AtomicBoolean(true);
        List<SweepUseCase.Report> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread sweeper = new Thread(() -> {
            while (running.get()) {
                reports.add(busy.server().sweep());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-sweeper");
        sweeper.start();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        Map<String, byte[]> sent = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                int n = i;
                work.add(pool.submit(() -> {
                    byte[] bytes = png(2_000 + n * 37, 100 + n);
                    JsonNode entry = issue(busy, "image/png");
                    land(entry, "image/png", bytes);
                    sent.put(id(entry), bytes);
                    switch (n % 3) {
                        case 0 -> assertEquals(200, complete(busy, entry).status());
                        case 1 -> assertEquals(200, event(busy, entry).status());
                        default -> assertEquals(200, get(busy, "/document/" + id(entry)).status());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            running.set(false);
            sweeper.join(60_000);
        }
        assertTrue(reports.size() > 1, "the sweeper ran while uploads were in flight: " + reports.size());
        assertEquals(0, reports.stream().mapToInt(SweepUseCase.Report::failures).sum(), reports.toString());

        // Once more after the grace period: what is left is exactly what the versions name.
        Thread.sleep(4_500);
        busy.server().sweep();
        Set<String> referenced = new java.util.TreeSet<>();
        for (Map.Entry<String, byte[]> upload : sent.entrySet()) {
            JsonNode versions = versions(busy, upload.getKey());
            assertEquals(1, versions.size(), upload.getKey());
            assertEquals(sha256(upload.getValue()), versions.get(0).path("sha256").asText().toLowerCase());
            byte[] back = content(busy, upload.getKey(), 1);
            assertEquals(sha256(upload.getValue()), sha256(back));
            referenced.addAll(objects(busy, documentPrefix(upload.getKey())));
        }
        assertEquals(uploads, sent.size());
        assertEquals(uploads, referenced.size(), "one object per version, nothing else: " + referenced);
    }

    // ---- replacement, re-posting, public tokens ---------------------------------------------

    @Test
    void replacing_twice_gives_versions_two_and_three_and_version_one_stays_downloadable() {
        byte[] v1 = png(3_000, 11);
        byte[] v2 = png(4_000, 12);
        byte[] v3 = png(5_000, 13);
        JsonNode first = issue(normal, "image/png");
        land(first, "image/png", v1);
        assertEquals(1, complete(normal, first).json().path("version").path("number").asInt());

        JsonNode second = issue(normal, "/document/" + id(first), "v2.png", "image/png", false);
        assertEquals(id(first), id(second));
        land(second, "image/png", v2);
        assertEquals(2, complete(normal, second).json().path("version").path("number").asInt());

        JsonNode third = issue(normal, "/document/" + id(first), "v3.png", "image/png", false);
        land(third, "image/png", v3);
        assertEquals(1, event(normal, third).json().path("completed").asInt());

        JsonNode versions = versions(normal, id(first));
        assertEquals(List.of(1, 2, 3), stream(versions).map(v -> v.path("number").asInt()).toList());
        assertEquals(List.of(sha256(v1), sha256(v2), sha256(v3)),
                stream(versions).map(v -> v.path("sha256").asText().toLowerCase()).toList());
        assertArrayEquals(v1, content(normal, id(first), 1));
        assertArrayEquals(v2, content(normal, id(first), 2));
        assertArrayEquals(v3, content(normal, id(first), 3));
        assertEquals(3, objects(normal, documentPrefix(id(first))).size());
    }

    @Test
    void posting_the_form_again_after_completion_does_not_change_the_version() {
        JsonNode entry = issue(normal, "image/png");
        land(entry, "image/png", PNG);
        assertEquals(200, complete(normal, entry).status());

        byte[] other = png(2_222, 99);
        land(entry, "image/png", other); // the policy is valid until it expires
        assertEquals(1, event(normal, entry).json().path("completed").asInt(), "the event finds the done ticket");
        assertEquals(200, get(normal, "/document/" + id(entry)).status());

        assertOneVersion(normal, id(entry), PNG);
        Reply current = get(normal, "/v1/documents/" + id(entry) + "/content");
        assertArrayEquals(PNG, current.body());
    }

    @Test
    void the_public_token_works_once_the_upload_is_complete_and_stops_when_revoked_or_private() {
        JsonNode revoked = issue(normal, "/document", "public.png", "image/png", true);
        String token = revoked.path("publicToken").asText();
        assertEquals(3, token.split("\\.").length, revoked.toString());
        assertEquals(404, publicDownload(token).status(), "no content yet");
        land(revoked, "image/png", PNG);
        Reply download = publicDownload(token);
        assertEquals(200, download.status(), download.text());
        assertArrayEquals(PNG, download.body(), "the token's read completed the upload");
        assertOneVersion(normal, id(revoked), PNG);

        String tokenId = claims(token).path("jti").asText();
        Reply revoke = send(as(normal, "/v1/documents/" + id(revoked) + "/public-tokens/" + tokenId).DELETE());
        assertEquals(204, revoke.status(), revoke.text());
        assertEquals(404, publicDownload(token).status());

        JsonNode turnedPrivate = issue(normal, "/document", "public.png", "image/png", true);
        String second = turnedPrivate.path("publicToken").asText();
        land(turnedPrivate, "image/png", PNG);
        assertEquals(200, complete(normal, turnedPrivate).status());
        assertEquals(200, publicDownload(second).status());
        Reply patched = send(as(normal, "/v1/documents/" + id(turnedPrivate)).header("Content-Type",
                "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"visibility\":\"private\"}")));
        assertEquals(200, patched.status(), patched.text());
        assertEquals(404, publicDownload(second).status());
    }

    static Reply publicDownload(String token) {
        return send(HttpRequest.newBuilder(URI.create(normal.base() + "/v1/public/" + token)));
    }

    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
