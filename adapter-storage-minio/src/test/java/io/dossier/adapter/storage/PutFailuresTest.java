package io.dossier.adapter.storage;

import io.dossier.domain.ByteRange;
import io.dossier.domain.StorageKey;
import io.dossier.domain.DocumentException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Puts that fail after some parts have reached the store leave nothing behind. */
class PutFailuresTest {
    private static final int PART = 5 * 1024 * 1024;
    private static MinioContentStore store;

    @BeforeAll
    static void connect() {
        store = new MinioContentStore(TestS3.config().partSize(PART).build());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void going_over_the_limit_in_the_third_part_aborts_the_upload() {
        String prefix = "too-large/" + UUID.randomUUID() + "/";
        StorageKey key = new StorageKey("default", prefix + "object");
        long limit = 2L * PART + 1000;
        DocumentException.ContentTooLarge e = assertThrows(DocumentException.ContentTooLarge.class, () ->
                store.put(key, new LargeUploadTest.GeneratedStream(3L * PART, 7), "application/octet-stream", limit));
        assertEquals(limit, e.limit());
        assertTrue(store.stat(key).isEmpty());
        try (Stream<?> left = store.list("default", prefix)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void a_failing_source_is_reported_as_such_and_nothing_is_left() {
        StorageKey key = new StorageKey("default", "broken/" + UUID.randomUUID());
        InputStream breaksAfterTwoParts = new InputStream() {
            private final InputStream data = new LargeUploadTest.GeneratedStream(3L * PART, 8);
            private long read;

            @Override
            public int read() throws IOException {
                throw new IOException("client went away");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 2L * PART + 100) {
                    throw new IOException("client went away");
                }
                int n = data.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> store.put(key, breaksAfterTwoParts, "application/octet-stream", 10L * PART));
        assertEquals("client went away", e.getCause().getMessage());
        assertTrue(store.stat(key).isEmpty());
    }

    @Test
    void an_unknown_repository_is_not_found_for_every_operation() {
        StorageKey key = new StorageKey("nowhere", "k");
        assertThrows(DocumentException.NotFound.class, () -> store.stat(key));
        assertThrows(DocumentException.NotFound.class, () -> store.open(key, java.util.Optional.empty()));
        assertThrows(DocumentException.NotFound.class, () -> store.delete(key));
        assertThrows(DocumentException.NotFound.class, () -> store.list("nowhere", ""));
    }

    @Test
    void a_range_starting_after_the_end_is_invalid_input() {
        StorageKey key = new StorageKey("default", "short/" + UUID.randomUUID());
        store.put(key, new java.io.ByteArrayInputStream(new byte[10]), "text/plain", 10);
        assertThrows(DocumentException.InvalidInput.class,
                () -> store.open(key, java.util.Optional.of(new io.dossier.domain.ByteRange(10, 20))));
    }
}
