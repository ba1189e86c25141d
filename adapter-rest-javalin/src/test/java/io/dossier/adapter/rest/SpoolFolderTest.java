package io.dossier.adapter.rest;

import io.dossier.application.Dossier;
import io.dossier.domain.TenantId;
import io.dossier.testing.InMemoryContentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server killed in the middle of a multipart body leaves its spool file; the next start removes it. */
class SpoolFolderTest {

    @Test
    void spool_files_of_an_earlier_run_are_removed_at_start_and_nothing_else() throws Exception {
        Path uploads = Files.createDirectories(Files.createTempDirectory(Path.of("target"), "spool-test"));
        Path leftover = Files.write(uploads.resolve(RestApi.SPOOL_PREFIX + "4711.tmp"), new byte[1024]);
        Path unrelated = Files.write(uploads.resolve("notes.txt"), new byte[3]);
        Dossier dossier = io.dossier.testing.InMemoryStores.create().builder()
                .contentStore(new InMemoryContentStore()).build();
        try (RestApi api = new RestApi(dossier, new RestApi.Settings("127.0.0.1", 0, Map.of("key-a-0123456789",
                new TenantId("a")), Optional.empty(), Optional.empty(), Optional.empty(), 1 << 20, 1 << 20,
                Duration.ofDays(1), uploads, Optional.empty(), Map.of(), Optional.empty()), () -> true,
                Clock.systemUTC())) {
            assertFalse(Files.exists(leftover), "the earlier run's spool file is gone");
            assertTrue(Files.exists(unrelated), "files that are not spool files stay");
        } finally {
            Files.deleteIfExists(unrelated);
            Files.deleteIfExists(uploads);
        }
    }
}
