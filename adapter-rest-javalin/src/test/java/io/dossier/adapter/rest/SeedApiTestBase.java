package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.application.Dossier;
import io.dossier.application.port.in.Principal;
import io.dossier.domain.Author;
import io.dossier.domain.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real server on a free port with the in-memory core behind it, and what the seed API tests
 * need to talk to it. Tenant "a" has key-a, tenant "b" has key-b; bearer tokens are signed with
 * {@link #SECRET}.
 */
abstract class SeedApiTestBase {
    static final long MAX_UPLOAD = 256 * 1024;
    static final long MAX_PDF = 64 * 1024;
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] PDF = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path uploads;
    static RestApi api;
    static String base;
    static Dossier dossier;
    static TestCore core;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        core = TestCore.current();
        dossier = core.build(Clock.systemUTC());
        api = new RestApi(dossier, new RestApi.Settings("127.0.0.1", 0,
                Map.of("key-a", new TenantId("a"), "key-b", new TenantId("b")), Optional.of(SECRET),
                Optional.empty(), Optional.empty(), MAX_UPLOAD, MAX_PDF, Duration.ofDays(1), uploads,
                Optional.empty(), Map.of(), Optional.empty()),
                () -> true, Clock.systemUTC()).start();
        base = "http://127.0.0.1:" + api.port();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("X-API-Key", "key-a");
    }

    static HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends on a connection of its own: for requests the server answers by closing the
     * connection (a header too large), which must not break the next request of the shared client.
     */
    static HttpResponse<String> sendAlone(HttpRequest.Builder request) throws Exception {
        HttpClient alone = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return alone.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpRequest.BodyPublisher json(String text) {
        return HttpRequest.BodyPublishers.ofString(text);
    }

    static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static Principal reader(String tenant) {
        return Principal.fullAccess(new TenantId(tenant), new Author("Test/1", "Test"));
    }

    static long documents(String tenant) {
        return dossier.getDocument().count(reader(tenant));
    }

    /** An HS256 bearer token of tenant {@code tenant}. */
    static String jwt(String tenant, String scope, List<Long> clients) {
        return jwt(tenant, scope, clients, null);
    }

    /** A read/write token of the tenant limited to the given patients. */
    static String jwtWithPatients(String tenant, List<Long> patients) {
        return jwt(tenant, "documents:read documents:write", null, patients);
    }

    static String jwt(String tenant, String scope, List<Long> clients, List<Long> patients) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "42");
        claims.put("name", "Erika Mustermann");
        claims.put("tenant", tenant);
        claims.put("scope", scope);
        claims.put("exp", Instant.now().plusSeconds(600).getEpochSecond());
        if (clients != null) {
            claims.put("clients", clients);
        }
        if (patients != null) {
            claims.put("patients", patients);
        }
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = b64.encodeToString(JSON.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return header + "." + payload + "." + b64.encodeToString(
                    mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the error shapes of the families ------------------------------------------------

    static void assertStatusCodeError(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = body(response);
        assertEquals(status, body.path("statusCode").asInt(), response.body());
        assertTrue(body.path("message").isTextual() && !body.path("message").asText().isBlank(), response.body());
        assertTrue(body.path("error").isTextual(), response.body());
    }

    static void assertDmsError(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = body(response);
        assertEquals(status, body.path("status").asInt(), response.body());
        assertTrue(body.path("message").isTextual() && !body.path("message").asText().isBlank(), response.body());
        assertTrue(body.path("error").isTextual(), response.body());
        assertTrue(body.path("path").asText().startsWith("/api/dms/"), response.body());
    }

    static void assertEnvelopeError(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = body(response);
        assertEquals("error", body.path("status").asText(), response.body());
        assertEquals(status, body.path("code").asInt(), response.body());
        assertTrue(body.path("message").isTextual(), response.body());
        assertTrue(body.path("details").isTextual() && !body.path("details").asText().isBlank(), response.body());
    }

    static void assertDetailError(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = body(response);
        assertEquals(1, body.size(), response.body());
        assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), response.body());
    }

    static void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        assertEquals(status, body(response).path("status").asInt(), response.body());
    }
}
