package io.dossier.bootstrap;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official tus client (tus-js-client from npm, run by Node: src/test/tus/tus.e2e.mjs)
 * against the service on its embedded defaults (PostgreSQL, S3Proxy as the store): a 200 MiB
 * upload whose connection a proxy cuts twice resumes and completes with the file's SHA-256, into
 * a service whose heap (128 MiB) could not hold the file; a wrong checksum is 460 and keeps
 * nothing; an offset conflict is 409; another tenant's upload URL is 404. The test installs the
 * locked client itself (src/test/tus/setup.sh).
 */
class TusClientTest {
    private static final String KEY_A = "tus-key-of-acme-0123456789";
    private static final String KEY_B = "tus-key-of-globex-0123456789";
    private static final String METRICS = "tus-metrics-token-0123456789";

    @Test
    void the_official_client_resumes_a_cut_upload_and_gets_the_protocols_answers() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path work = target.resolve("tus-e2e");
        ServiceProcesses.run(List.of("bash", Path.of("src", "test", "tus", "setup.sh").toAbsolutePath().toString(),
                work.toString()), target.resolve("tus-setup.log"), 600);

        Path root = Files.createTempDirectory(target, "tus-");
        int port = ServiceProcesses.freePort();
        Process service = ServiceProcesses.startEmbedded(root, port, Map.of(
                "DOSSIER_API_KEYS", "acme:" + KEY_A + ",globex:" + KEY_B,
                "DOSSIER_MAX_UPLOAD_BYTES", Long.toString(256L * 1024 * 1024),
                "DOSSIER_METRICS_TOKEN", METRICS), List.of("-Xmx128m"));
        try {
            Path log = target.resolve("tus-e2e.log");
            ServiceProcesses.run(List.of("node", work.resolve("tus.e2e.mjs").toString(), "http://127.0.0.1:" + port,
                    KEY_A, KEY_B, work.toString(), METRICS), log, 600);
            String output = Files.readString(log);
            assertTrue(output.contains("ok: tus-js-client done"), output);
            System.out.println(output.lines().filter(l -> l.startsWith("figures:")).findFirst().orElse(""));
        } finally {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
            Files.deleteIfExists(work.resolve("scan-200.pdf"));
        }
    }

}
