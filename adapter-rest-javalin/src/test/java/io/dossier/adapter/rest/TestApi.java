package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.application.Dossier;
import io.dossier.domain.TenantId;
import io.dossier.testing.TestClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server over a real socket with the in-memory core, and a small client for it. */
final class TestApi implements AutoCloseable {
    static final String KEY_A = "key-tenant-a-0123456789";
    static final String KEY_B = "key-tenant-b-0123456789";
    static final String ISSUER = "https://id.example.test";
    static final String AUDIENCE = "dossier";
    static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    static final int MAX_UPLOAD = 1 << 20;
    static final String EVENTS_TOKEN = "events-token-0123456789";
    static final Duration TOKEN_LIFETIME = Duration.ofDays(1);

    final TestClock clock = new TestClock(Instant.now());
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final TestCore core = TestCore.current();
    final RestApi api;
    final String base;
    private final Path uploads;

    TestApi() {
        this(Optional.empty());
    }

    /** A server whose links are built on {@code publicUrl} when given. */
    TestApi(Optional<URI> publicUrl) {
        this(publicUrl, RestApi.Settings.DEFAULT_AUTH_FAILURES_PER_MINUTE);
    }

    /** A server that answers 429 past {@code authFailuresPerMinute} failed authentications. */
    TestApi(Optional<URI> publicUrl, int authFailuresPerMinute) {
        this(publicUrl, authFailuresPerMinute, java.util.List.of());
    }

    /** A server that allows these browser origins. */
    TestApi(Optional<URI> publicUrl, int authFailuresPerMinute, java.util.List<String> corsOrigins) {
        try {
            Files.createDirectories(Path.of("target"));
            uploads = Files.createTempDirectory(Path.of("target"), "rest-test-uploads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dossier = core.build(clock);
        api = new RestApi(dossier, new RestApi.Settings("127.0.0.1", 0,
                Map.of(KEY_A, new TenantId("a"), KEY_B, new TenantId("b")), Optional.of(SECRET),
                Optional.of(ISSUER), Optional.of(AUDIENCE), MAX_UPLOAD, MAX_UPLOAD, TOKEN_LIFETIME, uploads,
                Optional.of(EVENTS_TOKEN), Map.of(), publicUrl).withAuthFailuresPerMinute(authFailuresPerMinute)
                        .withCorsOrigins(corsOrigins),
                () -> true, clock).start();
        base = "http://127.0.0.1:" + api.port();
    }

    /** Where the server spools request bodies. */
    Path spoolFolder() {
        return uploads;
    }

    /** The core behind the API, for what only an operator does (issuing keys). */
    Dossier dossier;

    /** A valid bearer token of tenant {@code tenant} with the given scope, valid for an hour. */
    Jwt jwt(String tenant, String scope) {
        long now = clock.instant().getEpochSecond();
        return Jwt.create().claim("iss", ISSUER).claim("aud", AUDIENCE).claim("sub", "u-42").claim("name", "Dr. Who")
                .claim("tenant", tenant).claim("scope", scope).claim("iat", now).claim("exp", now + 3600);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    /** A request of tenant a, by API key. */
    HttpRequest.Builder asA(String path) {
        return request(path).header("X-API-Key", KEY_A);
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path) {
        return send(asA(path));
    }

    Response postJson(String path, String body) {
        return send(asA(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Creates a document of tenant a; with content when {@code content} is not null. */
    JsonNode create(String name, String fileName, String content) {
        Multipart form = new Multipart().field("name", name);
        if (content != null) {
            form.file("file", fileName, "text/plain", content.getBytes(StandardCharsets.UTF_8));
        }
        Response created = send(asA("/v1/documents").header("Content-Type", form.contentType())
                .POST(form.publisher()));
        assertEquals(201, created.status(), created.text());
        return created.json();
    }

    /** Replaces the content of a document of tenant a with a raw text body. */
    Response replace(String id, String content, String... headers) {
        HttpRequest.Builder request = asA("/v1/documents/" + id + "/content").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(content));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    @Override
    public void close() {
        api.close();
        // The spool folder is the test's own: leave nothing behind in the temporary folder.
        try (java.util.stream.Stream<Path> files = Files.walk(uploads)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Response(int status, HttpHeaders headers, byte[] body, ObjectMapper mapper) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** Asserts an RFC 9457 problem of this status, and gives its detail. */
        String problem(int expected) {
            assertEquals(expected, status, text());
            assertTrue(String.valueOf(header("Content-Type")).startsWith("application/problem+json"),
                    "Content-Type " + header("Content-Type"));
            JsonNode problem = json();
            assertEquals(expected, problem.path("status").asInt(), text());
            assertTrue(problem.path("title").isTextual(), text());
            assertTrue(problem.path("type").isTextual(), text());
            assertTrue(problem.path("detail").isTextual(), text());
            assertTrue(problem.path("instance").isTextual(), text());
            return problem.path("detail").asText();
        }
    }
}
