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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests a hostile client sent to a running service, each of which was once a 500 from the
 * real PostgreSQL or S3Proxy (the in-memory adapters took them): text no UTF-8 database keeps,
 * a charset neither Jetty nor the store knew, a property patched to null.
 */
class HostileRequestsServiceTest {
    private static final String KEY = "hostile-test-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @Test
    void each_gets_a_client_error_or_is_stored_and_nothing_is_a_500(@TempDir Path data) throws Exception {
        int port = ServiceProcesses.freePort();
        Process service = ServiceProcesses.startEmbedded(data, port, Map.of("DOSSIER_API_KEYS", "acme:" + KEY));
        base = "http://127.0.0.1:" + port;
        try {
            HttpResponse<String> created = send("POST", "/v1/documents", "application/json",
                    "{\"name\":\"Hostile\",\"properties\":{\"a\":\"1\",\"b\":\"2\"}}");
            assertEquals(201, created.statusCode(), created.body());
            String id = JSON.readTree(created.body()).path("id").asText();
            String doc = "/v1/documents/" + id;

            for (String body : new String[]{"{\"description\":\"a\\u0000b\"}", "{\"properties\":{\"k\":\"\\u0000\"}}",
                    "{\"description\":\"\\ud800\"}", "{\"name\":\"x\\udc00\"}"}) {
                assertEquals(422, send("PATCH", doc, "application/json", body).statusCode(), body);
            }
            assertEquals(422, send("POST", "/v1/documents", "application/json",
                    "{\"name\":\"n\",\"description\":\"\\u0000\"}").statusCode());
            assertEquals(422, send("PUT", doc + "/tags/t", "application/json",
                    "{\"state\":1,\"traceId\":\"\\u0000\"}").statusCode());
            assertEquals(400, send("PUT", doc + "/retention", "application/json", "{\"retainUntil\":1e300}")
                    .statusCode());

            HttpResponse<String> patched = send("PATCH", doc, "application/json", "{\"properties\":{\"a\":null}}");
            assertEquals(200, patched.statusCode(), patched.body());
            JsonNode properties = JSON.readTree(patched.body()).path("properties");
            assertEquals("{\"b\":\"2\"}", properties.toString());

            HttpResponse<String> odd = send("POST", doc + "/content", "text/plain; charset=bogus", "hello");
            assertEquals(201, odd.statusCode(), odd.body());
            HttpResponse<String> back = send("GET", doc + "/content", null, null);
            assertEquals(200, back.statusCode());
            assertEquals("text/plain; charset=bogus", back.headers().firstValue("Content-Type").orElse(null));
            assertEquals("hello", back.body());
            assertEquals(422, send("POST", doc + "/content", "text/plain; charset=", "x").statusCode());

            String versions = send("GET", doc + "/versions", null, null).body();
            assertEquals(1, JSON.readTree(versions).path("items").size(), "only the upload made a version: " + versions);
        } finally {
            service.destroy();
            assertTrue(service.waitFor(60, TimeUnit.SECONDS));
        }
    }

    private HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
