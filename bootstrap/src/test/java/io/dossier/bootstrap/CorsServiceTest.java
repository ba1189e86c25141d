package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser app on an allowed origin, against the service on its embedded defaults: it may ask
 * for upload credentials and then post the presigned form to the embedded store itself.
 */
class CorsServiceTest {
    private static final String KEY = "cors-test-key-0123456789";
    private static final String APP = "http://app.localhost:3000";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void the_api_and_the_embedded_store_answer_the_preflights_of_an_allowed_origin(@TempDir Path data) throws Exception {
        int port = ServiceProcesses.freePort();
        Process service = ServiceProcesses.startEmbedded(data, port, Map.of("DOSSIER_API_KEYS", "acme:" + KEY, "DOSSIER_CORS_ORIGINS", APP));
        String base = "http://127.0.0.1:" + port;
        try {
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base + "/document"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", APP)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "x-api-key,content-type").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(APP, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                    preflight.headers().toString());

            HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(base + "/document"))
                    .header("X-API-Key", KEY).header("Origin", APP).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"fileName\":\"cat.png\",\"contentType\":\"image/png\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(issued.statusCode() / 100 == 2, issued.body());
            assertEquals(APP, issued.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            JsonNode entry = new ObjectMapper().readTree(issued.body());
            String formUrl = entry.path("uploadOptions").path("url").asText();

            HttpResponse<String> storePreflight = http.send(HttpRequest.newBuilder(URI.create(formUrl))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", APP)
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, storePreflight.statusCode(), storePreflight.body());
            assertEquals(APP, storePreflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                    storePreflight.headers().toString());
            HttpResponse<String> otherOrigin = http.send(HttpRequest.newBuilder(URI.create(formUrl))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.localhost")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(otherOrigin.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                    otherOrigin.headers().toString());
        } finally {
            service.destroy();
            assertTrue(service.waitFor(60, TimeUnit.SECONDS));
        }
    }
}
