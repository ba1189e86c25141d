package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service on its embedded defaults, with its database and then its store frozen (SIGSTOP, as
 * a hung host or a stalled disk): every request ends in bounded time with a 503 and Retry-After,
 * and all is well again once they thaw. Also: the embedded store keeps its address across a
 * restart, so an upload form handed out before it still works; a command on a running service's
 * data folder works on its servers, a second service there is told what to do.
 */
class FaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Short timeouts, so that the test does not wait for the defaults. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long BOUND_NANOS = Duration.ofSeconds(20).toNanos();

    private static final String OLD_KEY = "old-key-of-acme-0123456789";
    private static final String NEW_KEY = "new-key-of-acme-0123456789";
    private static Path data;
    private static Map<String, String> env;
    private static DossierServer server;
    private static String base;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "faults-");
        env = new HashMap<>();
        env.put("DOSSIER_DATA_DIR", data.toString());
        env.put("DOSSIER_HOST", "127.0.0.1");
        env.put("DOSSIER_PORT", "0");
        env.put("DOSSIER_DB_STATEMENT_TIMEOUT", "PT2S");
        env.put("DOSSIER_DB_SOCKET_TIMEOUT", "PT3S");
        env.put("DOSSIER_DB_POOL_TIMEOUT", "PT2S");
        env.put("DOSSIER_S3_TIMEOUT", "PT" + TIMEOUT.toSeconds() + "S");
        env.put("DOSSIER_S3_CONNECT_TIMEOUT", "PT2S");
        // Two keys of one tenant, as while rotating them.
        env.put("DOSSIER_API_KEYS", "acme:" + OLD_KEY + ",acme:" + NEW_KEY);
        server = DossierServer.start(Configuration.from(env), true);
        base = "http://127.0.0.1:" + server.port();
        key = NEW_KEY;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("X-API-Key", key).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    private static String createWithContent(String text) throws Exception {
        String id = JSON.readTree(send(request("/v1/documents").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"faults\"}"))).body()).path("id").asText();
        HttpResponse<String> stored = send(request("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
        assertEquals(201, stored.statusCode(), stored.body());
        return id;
    }

    /** Sends the request and asserts a 503 with Retry-After, answered within the bound. */
    private static void assertUnavailableInTime(HttpRequest.Builder request, String what) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> answer = send(request);
        long took = System.nanoTime() - started;
        assertEquals(503, answer.statusCode(), what + ": " + answer.body());
        assertTrue(answer.headers().firstValue("Retry-After").isPresent(), what + " has no Retry-After");
        assertTrue(took < BOUND_NANOS, what + " took " + took / 1_000_000 + " ms");
    }

    @Test
    void a_frozen_database_gives_503_in_bounded_time_and_service_resumes_when_it_thaws() throws Exception {
        String id = createWithContent("before the freeze");
        List<ProcessHandle> database = databaseProcesses();
        assertTrue(!database.isEmpty(), "the embedded PostgreSQL's processes are found");
        signal("STOP", database);
        try {
            assertUnavailableInTime(request("/v1/documents/" + id), "a metadata read");
            assertUnavailableInTime(request("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("during the freeze")), "a content replacement");
        } finally {
            signal("CONT", database);
        }
        awaitHealthy();
        HttpResponse<String> after = send(request("/v1/documents/" + id + "/content"));
        assertEquals(200, after.statusCode(), after.body());
        assertTrue(after.body().equals("before the freeze") || after.body().equals("during the freeze"), after.body());
    }

    @Test
    void a_frozen_store_gives_503_in_bounded_time_and_service_resumes_when_it_thaws() throws Exception {
        String id = createWithContent("stored before the freeze");
        List<ProcessHandle> store = storeProcesses();
        assertTrue(!store.isEmpty(), "the embedded S3Proxy's process is found");
        signal("STOP", store);
        try {
            assertUnavailableInTime(request("/v1/documents/" + id + "/content"), "a download");
            assertUnavailableInTime(request("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))), "a content replacement");
            // A metadata read needs only the database: it answers while the store is frozen.
            HttpResponse<String> metadata = send(request("/v1/documents/" + id));
            assertEquals(200, metadata.statusCode(), metadata.body());
        } finally {
            signal("CONT", store);
        }
        awaitHealthy();
        assertEquals("stored before the freeze", send(request("/v1/documents/" + id + "/content")).body());
    }

    @Test
    void both_keys_of_a_tenant_work_each_on_its_own_and_see_the_same_documents() throws Exception {
        String id = createWithContent("shared by both keys");
        HttpResponse<String> withOld = HTTP.send(request("/v1/documents/" + id + "/content").header("X-API-Key", OLD_KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withOld.statusCode(), withOld.body());
        assertEquals("shared by both keys", withOld.body());
        assertEquals(401, HTTP.send(request("/v1/documents").header("X-API-Key", "not-a-key-0123456789abc").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void a_command_while_the_service_runs_works_on_its_servers_and_a_second_service_is_told_what_to_do()
            throws Exception {
        try (DossierServer command = DossierServer.start(Configuration.from(env), false)) {
            assertEquals(0, command.sweep().failures());
            assertEquals(server.storeEndpoint(), command.storeEndpoint(), "the running service's store");
        }
        assertEquals(200, send(request("/health/ready")).statusCode(), "the service's servers still run");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DossierServer.start(Configuration.from(env), true).close());
        assertTrue(refused.getMessage().contains("in use by another process"), refused.getMessage());
        assertTrue(refused.getMessage().contains("DOSSIER_DATA_DIR"), refused.getMessage());
    }

    @Test
    void an_upload_form_handed_out_before_a_restart_works_after_it() throws Exception {
        HttpResponse<String> issued = send(request("/document").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"later.txt\",\"contentType\":\"text/plain\"}")));
        assertEquals(200, issued.statusCode(), issued.body());
        JsonNode entry = JSON.readTree(issued.body());
        URI storeBefore = server.storeEndpoint();

        server.close();
        server = DossierServer.start(Configuration.from(env), true);
        base = "http://127.0.0.1:" + server.port();
        assertEquals(storeBefore, server.storeEndpoint(), "the embedded store kept its address");

        Map<String, String> fields = new LinkedHashMap<>();
        entry.path("uploadOptions").path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        int posted = RealAdaptersCore.postMultipart(entry.path("uploadOptions").path("url").asText(), fields, "text/plain",
                "posted after the restart".getBytes(StandardCharsets.UTF_8));
        assertTrue(posted >= 200 && posted < 300, "the store took the form: " + posted);
        HttpResponse<String> content = send(request("/document/" + entry.path("id").asText() + "/content"));
        assertEquals(200, content.statusCode(), content.body());
        assertEquals("posted after the restart", content.body());
    }

    // ---- the servers' processes ------------------------------------------------------------

    private static List<ProcessHandle> databaseProcesses() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
        ProcessHandle main = ProcessHandle.of(postmaster).orElseThrow();
        return Stream.concat(Stream.of(main), main.descendants()).toList();
    }

    private static List<ProcessHandle> storeProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("s3proxy")).toList();
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle process : processes) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        }
    }

    private static void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (send(request("/health")).statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not recover");
    }
}
