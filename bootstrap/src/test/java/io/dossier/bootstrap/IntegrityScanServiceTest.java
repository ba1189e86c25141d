package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduled integrity scan on the real parts: an object changed behind Dossier's back is
 * found by the scan alone, and exactly that version is reported on its document, in the audit
 * trail and in the metrics.
 */
class IntegrityScanServiceTest {
    private static final String KEY = "scan-key-of-acme-0123456789";
    private static final String METRICS = "metrics-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void a_changed_object_is_found_by_the_scan_and_shown_on_its_version() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "scan-");
        int port = ServiceProcesses.freePort();
        Process service = ServiceProcesses.startEmbedded(root, port, Map.of("DOSSIER_API_KEYS", "acme:" + KEY,
                "DOSSIER_INTEGRITY_SCAN_INTERVAL", "PT2S", "DOSSIER_INTEGRITY_SCAN_SAMPLE", "100",
                "DOSSIER_METRICS_TOKEN", METRICS));
        String base = "http://127.0.0.1:" + port;
        try {
            HttpResponse<String> made = send(base, "/v1/documents", HttpRequest.newBuilder()
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"scanned\"}")));
            assertEquals(201, made.statusCode(), made.body());
            String id = JSON.readTree(made.body()).path("id").asText();
            for (String text : List.of("version one, to be altered", "version two, left alone")) {
                HttpResponse<String> version = send(base, "/v1/documents/" + id + "/content", HttpRequest.newBuilder()
                        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(text)));
                assertEquals(201, version.statusCode(), version.body());
            }
            Path object = ServiceProcesses.storedFile(root, "version one, to be altered");
            Files.writeString(object, "version one, tO be altered");

            JsonNode damaged = null;
            for (int i = 0; i < 120 && damaged == null; i++) {
                JsonNode document = JSON.readTree(send(base, "/v1/documents/" + id, HttpRequest.newBuilder().GET())
                        .body());
                if (document.path("keeping").has("damaged")) {
                    damaged = document.path("keeping").path("damaged");
                } else {
                    Thread.sleep(500);
                }
            }
            assertTrue(damaged != null, "the scan found the changed object within a minute");
            assertEquals(1, damaged.size(), damaged.toString());
            assertEquals(1, damaged.path(0).path("version").asInt());
            assertTrue(damaged.path(0).path("problem").asText().startsWith("digest"), damaged.toString());

            JsonNode audit = JSON.readTree(send(base, "/v1/audit?action=integrity_failure&document=" + id,
                    HttpRequest.newBuilder().GET()).body());
            assertTrue(audit.path("items").size() >= 1, audit.toString());
            audit.path("items").forEach(e -> assertEquals(1, e.path("version").asInt(), "only version 1: " + e));

            // The document shows the damage while the scan runs; its counters move when the scan ends.
            String metrics = "";
            for (int i = 0; i < 60 && !failedCounted(metrics); i++) {
                if (i > 0) {
                    Thread.sleep(500);
                }
                metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                        .header("Authorization", "Bearer " + METRICS).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            assertTrue(failedCounted(metrics), metrics.lines().filter(l -> l.contains("integrity")).toList().toString());
        } finally {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static boolean failedCounted(String metrics) {
        return metrics.lines().anyMatch(l -> l.startsWith("dossier_integrity_versions_total{result=\"failed\"")
                && !l.endsWith(" 0.0"));
    }

    private static HttpResponse<String> send(String base, String path, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.uri(URI.create(base + path)).header("X-API-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
