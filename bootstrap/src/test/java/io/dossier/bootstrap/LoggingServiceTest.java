package io.dossier.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's log as an operator reads it: with {@code DOSSIER_LOG_FORMAT=json} every line is a
 * JSON object, one access line per request names route, status, bytes, tenant and the request's
 * ids, and no key, token or secret is in any line.
 */
class LoggingServiceTest {
    private static final String KEY = "log-test-key-0123456789SECRET";
    private static final String WRONG_KEY = "not-a-key-0123456789WRONGSECRET";
    private static final String JWT_SECRET = "jwt-secret-of-at-least-32-bytes-SECRET!!";
    private static final String PUBLIC_TOKEN_SECRET = "public-token-secret-of-32-bytes-SECRET!!";
    private static final String TOKEN_IN_PATH = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.SECRETSIGNATURE";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void json_lines_with_one_access_line_per_request_and_no_secret(@TempDir Path data) throws Exception {
        int port = ServiceProcesses.freePort();
        Path log = data.resolve("service.log"); // where startEmbedded writes the output
        Process service = ServiceProcesses.startEmbedded(data, port, Map.of("DOSSIER_LOG_FORMAT", "json",
                "DOSSIER_API_KEYS", "acme:" + KEY, "DOSSIER_JWT_SECRET", JWT_SECRET,
                "DOSSIER_PUBLIC_TOKEN_SECRET", PUBLIC_TOKEN_SECRET));
        String base = "http://127.0.0.1:" + port;
        try {
            String boundary = "b0undary";
            String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nLetter\r\n--"
                    + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n";
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
                    .header("X-API-Key", KEY).header("X-Request-Id", "log-test-1")
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
                    .header("X-API-Key", WRONG_KEY).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
                    .header("Authorization", "Bearer " + TOKEN_IN_PATH).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/v1/public/" + TOKEN_IN_PATH))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } finally {
            service.destroy();
            assertTrue(service.waitFor(60, TimeUnit.SECONDS));
        }

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> access = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank() || line.startsWith("\tat ")) {
                continue;
            }
            JsonNode entry;
            try {
                entry = json.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError("a line that is not JSON: " + line, e);
            }
            assertTrue(entry.has("level") && entry.has("loggerName") && entry.has("formattedMessage"), line);
            if (entry.path("loggerName").asText().equals("io.dossier.access")) {
                access.add(entry);
            }
        }
        String all = Files.readString(log);
        for (String secret : List.of(KEY, WRONG_KEY, JWT_SECRET, PUBLIC_TOKEN_SECRET, "SECRETSIGNATURE")) {
            assertFalse(all.contains(secret), "the log holds " + secret);
        }
        JsonNode create = access.stream()
                .filter(a -> a.path("mdc").path("requestId").asText().equals("log-test-1")).findFirst().orElseThrow();
        assertTrue(create.path("formattedMessage").asText().matches("POST /v1/documents 201 [1-9][0-9]* B [0-9]+ ms tenant=acme"),
                create.toString());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", create.path("mdc").path("traceId").asText());
        assertTrue(access.stream().anyMatch(a -> a.path("formattedMessage").asText()
                .startsWith("GET /v1/public/{token} 404 ")), access.toString());
        assertEquals(2, access.stream().filter(a -> a.path("formattedMessage").asText()
                .matches("GET /v1/documents 401 .* tenant=-")).count(), access.toString());
    }
}
