package io.dossier.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} as a Prometheus server scrapes it: only with the metrics token, and after
 * real traffic its counters have moved (HTTP by route, store calls, the pool, the JVM).
 */
class MetricsServiceTest {
    private static final String KEY = "metrics-test-key-0123456789";
    private static final String TOKEN = "metrics-token-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_scrape_with_the_token_shows_the_traffic(@TempDir Path data) throws Exception {
        int port = ServiceProcesses.freePort();
        Process service = ServiceProcesses.startEmbedded(data, port, Map.of("DOSSIER_API_KEYS", "acme:" + KEY, "DOSSIER_METRICS_TOKEN", TOKEN));
        String base = "http://127.0.0.1:" + port;
        try {
            String before = scrape(base);
            double createdBefore = value(before, "http_server_requests_seconds_count", "route=\"/v1/documents\"", "status=\"201\"");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
                        .header("X-API-Key", KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"n" + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                String boundary = "b0undary";
                String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\nhello " + i + "\r\n--" + boundary + "--\r\n";
                HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
                        .header("X-API-Key", KEY).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, upload.statusCode(), upload.body());
            }
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents/00000000-0000-0000-0000-000000000000"))
                    .header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.discarding()).statusCode());

            String after = scrape(base);
            assertEquals(createdBefore + 6, value(after, "http_server_requests_seconds_count", "route=\"/v1/documents\"",
                    "status=\"201\"", "method=\"POST\""), 0.0, after);
            assertTrue(value(after, "http_server_requests_seconds_count", "route=\"/v1/documents/{id}\"", "status=\"404\"") >= 1);
            assertTrue(value(after, "http_server_requests_seconds_bucket", "route=\"/v1/documents\"", "status=\"201\"",
                    "le=\"+Inf\"") >= 3, "a latency histogram");
            assertTrue(value(after, "http_server_bytes_received_bytes_total", "route=\"/v1/documents\"") > 3 * 100, after);
            assertTrue(value(after, "http_server_bytes_sent_bytes_total", "route=\"/v1/documents\"") > 0);
            assertTrue(value(after, "dossier_store_calls_seconds_count", "operation=\"put\"", "outcome=\"success\"") >= 3);
            assertTrue(value(after, "hikaricp_connections_usage_seconds_count", "pool=\"dossier\"") > 0);
            assertTrue(value(after, "jvm_memory_used_bytes", "area=\"heap\"") > 0);
            // Upload credentials leave an open ticket; the gauges count at each scrape.
            double openBefore = plain(after, "dossier_upload_tickets_open");
            HttpResponse<String> credentials = http.send(HttpRequest.newBuilder(URI.create(base + "/document"))
                    .header("X-API-Key", KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"cat.png\",\"contentType\":\"image/png\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(credentials.statusCode() / 100 == 2, credentials.body());
            String last = scrape(base);
            assertEquals(openBefore + 1, plain(last, "dossier_upload_tickets_open"), 0.0, last);
            assertEquals(value(after, "dossier_upload_tickets_total", "result=\"issued\"") + 1,
                    value(last, "dossier_upload_tickets_total", "result=\"issued\""), 0.0, last);
            assertEquals(0, value(last, "dossier_upload_tickets_total", "result=\"failed\""), 0.0, last);
            assertTrue(plain(last, "dossier_renditions_pending") >= 0, "the extraction queue's depth is shown");
        } finally {
            service.destroy();
            assertTrue(service.waitFor(60, TimeUnit.SECONDS));
        }
    }

    private String scrape(String base) throws Exception {
        HttpResponse<String> without = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, without.statusCode());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN + "x").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return scrape.body();
    }

    /** The value of a sample without labels. */
    private static double plain(String exposition, String name) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(exposition);
        assertTrue(sample.find(), name + " is not in the scrape");
        return Double.parseDouble(sample.group(1));
    }

    /** The sum of the samples of {@code name} whose labels include all of {@code labels}; 0 if none. */
    private static double value(String exposition, String name, String... labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{(.*)} ([0-9.eE+-]+)$").matcher(exposition);
        double sum = 0;
        while (sample.find()) {
            String found = sample.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(sample.group(2));
            }
        }
        return sum;
    }
}
