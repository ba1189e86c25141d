package io.dossier.bootstrap;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console in headless Chromium, driven by Playwright (src/test/console/console.e2e.mjs)
 * against the service on its embedded defaults: sign in, a 50 MiB upload with its progress, a
 * cancelled one, a refused one, search by a word of a PDF's text, a new version, a restore, a
 * tag, a public link opened without credentials, delete. Screenshots of every page go to
 * target/console-screenshots. The test installs Debian's Chromium and the locked playwright-core
 * itself (src/test/console/setup.sh).
 */
class ConsoleBrowserTest {
    private static final String KEY = "console-key-of-acme-0123456789";

    @Test
    void a_person_works_with_documents_in_the_browser() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path work = target.resolve("console-e2e");
        ServiceProcesses.run(List.of("bash", Path.of("src", "test", "console", "setup.sh").toAbsolutePath().toString(),
                work.toString()), target.resolve("console-setup.log"), 900);

        Path root = Files.createTempDirectory(target, "console-");
        int port = ServiceProcesses.freePort();
        Process service = ServiceProcesses.startEmbedded(root, port, Map.of("DOSSIER_API_KEYS", "acme:" + KEY));
        try {
            Path log = target.resolve("console-e2e.log");
            ServiceProcesses.run(List.of("node", work.resolve("console.e2e.mjs").toString(),
                    "http://127.0.0.1:" + port, KEY, target.resolve("console-screenshots").toString()), log, 600);
            assertTrue(Files.readString(log).contains("ok: the deleted document is gone"), Files.readString(log));
        } finally {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
