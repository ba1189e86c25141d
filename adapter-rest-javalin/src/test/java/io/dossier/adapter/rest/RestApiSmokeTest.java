package io.dossier.adapter.rest;

import io.dossier.application.Dossier;
import io.dossier.domain.TenantId;
import io.dossier.testing.InMemoryContentStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST adapter over a real socket, with the in-memory core behind it. */
class RestApiSmokeTest {
    @TempDir
    static Path uploads;
    static RestApi api;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Dossier dossier = io.dossier.testing.InMemoryStores.create().builder()
                .contentStore(new InMemoryContentStore()).build();
        api = new RestApi(dossier, new RestApi.Settings("127.0.0.1", 0, Map.of("key-a", new TenantId("a")),
                Optional.empty(), Optional.empty(), Optional.empty(), 1 << 20, 1 << 20, Duration.ofDays(1), uploads,
                Optional.empty(), Map.of(), Optional.empty()),
                () -> true, Clock.systemUTC()).start();
        base = "http://127.0.0.1:" + api.port();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void creates_reads_and_downloads_a_document() throws Exception {
        Multipart form = new Multipart().field("name", "Report").file("file", "r.txt", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
                .header("X-API-Key", "key-a").header("Content-Type", form.contentType())
                .POST(form.publisher()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> content = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id
                + "/content")).header("X-API-Key", "key-a").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, content.statusCode());
        assertEquals("hello", content.body());
        assertTrue(content.headers().firstValue("ETag").orElseThrow().length() > 60);
    }

    @Test
    void no_credentials_is_401_as_problem_json() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                + "/v1/documents/6200fcc9-d6b4-43c0-82e7-ac1ed2fa8350")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        assertTrue(response.body().contains("\"status\":401"), response.body());
    }

    @Test
    void health_answers() throws Exception {
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
