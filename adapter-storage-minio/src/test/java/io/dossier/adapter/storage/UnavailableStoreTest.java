package io.dossier.adapter.storage;

import io.dossier.domain.StorageKey;
import io.dossier.domain.DocumentException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store that cannot be reached reports {@link DocumentException.Unavailable}, never a client type. */
class UnavailableStoreTest {

    private static MinioContentStore.Config.Builder at(URI endpoint) {
        return MinioContentStore.Config.builder()
                .endpoint(endpoint)
                .credentials("nobody", "nothing")
                .repository("default", "dossier-default")
                .repository("archive", "dossier-archive");
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void a_closed_port_is_unavailable() throws IOException {
        try (MinioContentStore store = new MinioContentStore(at(closedPort()).build())) {
            StorageKey key = new StorageKey("default", "k");
            assertFalse(store.isAvailable());
            assertThrows(DocumentException.Unavailable.class,
                    () -> store.put(key, new ByteArrayInputStream(new byte[] {1}), "text/plain", 10));
            assertThrows(DocumentException.Unavailable.class, () -> store.open(key, Optional.empty()));
            assertThrows(DocumentException.Unavailable.class, () -> store.stat(key));
            assertThrows(DocumentException.Unavailable.class, () -> store.delete(key));
            assertThrows(DocumentException.Unavailable.class, () -> store.list("default", "").count());
            // Signing needs no connection.
            assertTrue(store.presignUpload(key, "text/plain", 10, java.time.Instant.now().plus(Duration.ofMinutes(1)))
                    .fields().containsKey("X-Amz-Signature"));
        }
    }

    @Test
    void creating_buckets_on_a_closed_port_is_unavailable() throws IOException {
        MinioContentStore.Config config = at(closedPort()).createMissingBuckets(true).build();
        assertThrows(DocumentException.Unavailable.class, () -> new MinioContentStore(config));
    }

    @Test
    void a_server_that_never_answers_times_out_as_unavailable() throws IOException {
        // The backlog accepts the connection; nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                MinioContentStore store = new MinioContentStore(at(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                        .probeTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(500)).build())) {
            long started = System.nanoTime();
            assertFalse(store.isAvailable());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0,
                    "the availability probe is quick");
            assertThrows(DocumentException.Unavailable.class, () -> store.stat(new StorageKey("default", "k")));
        }
    }

    @Test
    void a_server_that_stops_taking_bytes_fails_the_put_after_the_timeout() throws IOException {
        // Accepted by the backlog and never read: the socket's buffers fill, then every write waits.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                MinioContentStore store = new MinioContentStore(at(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                        .readTimeout(Duration.ofMillis(500)).build())) {
            long length = 256L * 1024 * 1024;
            long started = System.nanoTime();
            // Preemptively: without a write timeout the PUT would wait for ever.
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThrows(DocumentException.Unavailable.class, () -> store.put(new StorageKey("default", "stalled"),
                            new Zeros(length), "application/octet-stream", length, java.util.OptionalLong.of(length))));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "the stalled PUT failed after " + took);
        }
    }

    /** {@code length} zero bytes, made as they are read. */
    private static final class Zeros extends java.io.InputStream {
        private long left;

        Zeros(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
            left -= n;
            return n;
        }
    }

    @Test
    void wrong_credentials_make_the_store_unavailable_to_the_probe() {
        try (MinioContentStore store = new MinioContentStore(TestS3.config().createMissingBuckets(false)
                .credentials(TestS3.get().accessKey, "not-the-secret").build())) {
            assertFalse(store.isAvailable());
        }
    }

    @Test
    void the_real_store_is_available() {
        try (MinioContentStore store = new MinioContentStore(TestS3.config().build())) {
            assertTrue(store.isAvailable());
        }
    }
}
