package io.dossier.adapter.storage;

import io.dossier.application.port.out.ContentStore.StoredContent;
import io.dossier.domain.StorageKey;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One GiB through {@code put} in a JVM whose heap is far smaller (the build runs this class alone
 * with {@code -Xmx256m}): the adapter must stream, and what it reports must match what the store holds.
 */
class LargeUploadTest {
    private static final long SIZE = 1024L * 1024 * 1024;
    private static final long MIB = 1024 * 1024;

    @Test
    void one_gibibyte_streams_through_a_small_heap_with_the_right_length_and_sha256() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap < SIZE / 2, "this test is meant to run with a heap well under the upload: " + maxHeap);
        StorageKey key = new StorageKey("default", "large/" + UUID.randomUUID());
        try (MinioContentStore store = new MinioContentStore(TestS3.config().build())) {
            try {
                List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                long started = System.nanoTime();
                StoredContent stored = store.put(key, new GeneratedStream(SIZE, 42), "application/octet-stream", SIZE);
                double putSeconds = (System.nanoTime() - started) / 1e9;
                // Summed per-pool peaks: an upper bound of the heap the put needed at once.
                long peakHeap = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();

                started = System.nanoTime();
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                long readBack = 0;
                try (InputStream in = store.open(key, Optional.empty())) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha256.update(buffer, 0, n);
                        readBack += n;
                    }
                }
                double getSeconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("1 GiB put %.1f s (%.0f MiB/s), read back %.1f s (%.0f MiB/s), max heap %d MiB,"
                        + " peak heap during put at most %d MiB%n", putSeconds, SIZE / MIB / putSeconds, getSeconds,
                        SIZE / MIB / getSeconds, maxHeap / MIB, peakHeap / MIB);

                assertEquals(SIZE, stored.length());
                assertEquals(SIZE, readBack);
                assertEquals(HexFormat.of().formatHex(sha256.digest()), stored.sha256());
                assertEquals(SIZE, store.stat(key).orElseThrow().length());
            } finally {
                store.delete(key);
            }
        }
    }

    /** Pseudo-random bytes made on the fly (xorshift), so the test never holds its data. */
    static final class GeneratedStream extends InputStream {
        private long remaining;
        private long state;

        GeneratedStream(long size, long seed) {
            this.remaining = size;
            this.state = seed == 0 ? 1 : seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            int i = 0;
            while (i < n) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                long bits = state;
                for (int b = 0; b < 8 && i < n; b++, i++) {
                    buffer[offset + i] = (byte) bits;
                    bits >>>= 8;
                }
            }
            remaining -= n;
            return n;
        }
    }
}
