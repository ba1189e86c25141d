package io.dossier.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service as its own process on the embedded defaults: it starts, prints a development key,
 * keeps its data across a restart, and SIGTERM stops it with everything it started.
 */
class ServiceLifecycleTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void a_second_start_finds_the_first_starts_documents_and_sigterm_leaves_nothing_running() throws Exception {
        Path data = work.resolve("data");
        int port = ServiceProcesses.freePort();

        Process first = start(data, port, work.resolve("first.log"));
        String key;
        String id;
        List<ProcessHandle> started;
        try {
            key = Files.readString(data.resolve("secrets").resolve("dev-api-key")).trim();
            assertTrue(Files.readString(work.resolve("first.log")).contains(key), "the development key is printed");
            id = createDocument(port, key);
            // PostgreSQL detaches from its starter, so look for every process working on this data folder.
            started = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(data.toString())).toList();
            assertTrue(started.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("postgres")),
                    "embedded PostgreSQL runs: " + started);
            assertTrue(started.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("s3proxy")),
                    "embedded S3Proxy runs: " + started);
            stop(first);
        } finally {
            // A failed assertion must not leave the service running.
            first.destroyForcibly();
        }
        for (ProcessHandle child : started) {
            assertFalse(runs(child), "still running after SIGTERM: " + child.pid() + " " + state(child));
        }

        Process second = start(data, port, work.resolve("second.log"));
        try {
            HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/v1/documents/" + id + "/content")).header("X-API-Key", key).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, found.statusCode(), found.body());
            assertEquals("kept across restarts", found.body());
            stop(second);
        } finally {
            second.destroyForcibly();
        }
    }

    private static String createDocument(int port, String key) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nlifecycle\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nkept across restarts\r\n--" + boundary + "--\r\n";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/v1/documents")).header("X-API-Key", key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(created.body());
        assertTrue(m.find(), created.body());
        return m.group(1);
    }

    private static Process start(Path data, int port, Path log) throws Exception {
        return ServiceProcesses.start(List.of("-Ddossier.s3proxy.jar=" + System.getProperty("dossier.s3proxy.jar"),
                "-Dot.epg.working-dir=" + System.getProperty("ot.epg.working-dir", System.getProperty("java.io.tmpdir")
                        + "/embedded-pg")), Map.of("DOSSIER_DATA_DIR", data.toString(), "DOSSIER_PORT",
                Integer.toString(port), "DOSSIER_HOST", "127.0.0.1"), log, port);
    }

    /** SIGTERM, then the service must be gone by itself. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertTrue(exited, "the service did not stop within 60 s of SIGTERM");
    }

    /** Alive and not a zombie waiting for its (foster) parent to reap it, for a few seconds. */
    private static boolean runs(ProcessHandle process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive() || state(process).startsWith("Z")) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static String state(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2);
        } catch (IOException gone) {
            return "gone";
        }
    }
}
