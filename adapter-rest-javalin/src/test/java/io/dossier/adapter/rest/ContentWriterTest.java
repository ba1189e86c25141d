package io.dossier.adapter.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dossier.application.Dossier;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.UploadForm;
import io.dossier.domain.ByteRange;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import io.dossier.testing.InMemoryContentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads written as the client takes them. Clients that stop reading hold no request thread:
 * with more of them than the server has threads, other requests are still answered at once, and
 * each stalled client gets every byte once it reads again. A store that fails midway cuts the
 * body short instead of ending it as if it were whole.
 */
class ContentWriterTest {
    private static final String KEY = "key-a-0123456789";
    private static final int THREADS = 12;
    private static final int READERS = 3 * THREADS;
    private static final int SIZE = 16 << 20;

    private RestApi api;
    private final FailingReads store = new FailingReads(new InMemoryContentStore());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        Path uploads = Files.createDirectories(Path.of("target", "slow-readers-uploads"));
        Dossier dossier = io.dossier.testing.InMemoryStores.create().builder()
                .contentStore(store).build();
        api = new RestApi(dossier, new RestApi.Settings("127.0.0.1", 0, Map.of(KEY, new TenantId("a")),
                Optional.empty(), Optional.empty(), Optional.empty(), SIZE, SIZE, Duration.ofDays(1), uploads,
                Optional.empty(), Map.of(), Optional.empty()).withRequestThreads(THREADS),
                () -> true, Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void downloads_waiting_for_their_clients_leave_the_threads_to_other_requests() throws Exception {
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        String id = create(content);
        List<Socket> readers = new ArrayList<>();
        try {
            for (int i = 0; i < READERS; i++) {
                Socket socket = new Socket();
                // A small window: the server's writes stall after a few hundred KiB.
                socket.setReceiveBufferSize(16 * 1024);
                socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("GET /v1/documents/" + id + "/content HTTP/1.1\r\nHost: x\r\n"
                        + "X-API-Key: " + KEY + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                readers.add(socket);
            }
            // Each has its status line: its download started, and now waits for the client.
            for (Socket socket : readers) {
                byte[] status = socket.getInputStream().readNBytes(12);
                assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII));
            }
            long started = System.nanoTime();
            HttpResponse<String> meta = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + api.port() + "/v1/documents/" + id))
                    .header("X-API-Key", KEY).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, meta.statusCode(), meta.body());
            assertTrue(millis < 5_000, "another request waited " + millis + " ms behind " + READERS + " stalled downloads");

            String expected = sha256(content);
            for (Socket socket : readers) {
                assertEquals(expected, sha256(body(socket.getInputStream())), "a stalled download, read at last");
            }
        } finally {
            for (Socket socket : readers) {
                socket.close();
            }
        }
    }

    @Test
    void a_store_that_fails_midway_leaves_the_body_short_of_its_length() throws Exception {
        byte[] content = new byte[4 << 20];
        new Random(8).nextBytes(content);
        String id = create(content);
        store.failAfter = 1 << 20;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /v1/documents/" + id + "/content HTTP/1.1\r\nHost: x\r\n"
                    + "X-API-Key: " + KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 200", new String(in.readNBytes(12), StandardCharsets.US_ASCII));
            // The connection ends (it is kept alive otherwise): the client can tell the body is not whole.
            byte[] body = body(in);
            assertTrue(body.length >= 1 << 20 && body.length < content.length,
                    "a body of " + body.length + " bytes, announced as " + content.length);
        }
    }

    @Test
    void a_client_that_leaves_midway_has_its_store_stream_closed() throws Exception {
        byte[] content = new byte[SIZE];
        new Random(9).nextBytes(content);
        String id = create(content);
        for (int i = 0; i < 5; i++) {
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(16 * 1024);
                socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("GET /v1/documents/" + id + "/content HTTP/1.1\r\nHost: x\r\n"
                        + "X-API-Key: " + KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertEquals("HTTP/1.1 200", new String(socket.getInputStream().readNBytes(12),
                        StandardCharsets.US_ASCII));
                socket.getInputStream().readNBytes(100_000);
                // A reset, not a polite close: the server learns at its next write.
                socket.setSoLinger(true, 0);
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.open.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, store.open.get(), "store streams still open after their clients left");
    }

    private String create(byte[] content) throws Exception {
        Multipart form = new Multipart().field("name", "big").file("file", "big.bin", "application/octet-stream",
                content);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/v1/documents"))
                .header("X-API-Key", KEY).header("Content-Type", form.contentType())
                .POST(form.publisher()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        return new ObjectMapper().readTree(created.body()).get("id").asText();
    }

    /** The body after the rest of the head (the status line is read already), to its end. */
    private static byte[] body(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the head did not end");
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        in.transferTo(body);
        return body.toByteArray();
    }

    /** The in-memory store, whose reads fail after {@code failAfter} bytes once that is set. */
    private static final class FailingReads implements ContentStore {
        private final ContentStore store;
        volatile long failAfter = Long.MAX_VALUE;
        /** Streams opened and not closed yet. */
        final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

        FailingReads(ContentStore store) {
            this.store = store;
        }

        @Override
        public InputStream open(StorageKey key, Optional<ByteRange> range) {
            long limit = failAfter;
            InputStream opened = store.open(key, range);
            open.incrementAndGet();
            return new java.io.FilterInputStream(opened) {
                private long read;
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                    super.close();
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (read >= limit) {
                        throw new IOException("the store went away");
                    }
                    int n = super.read(b, off, (int) Math.min(len, limit - read));
                    read += Math.max(n, 0);
                    return n;
                }
            };
        }

        @Override
        public java.util.Set<String> repositories() {
            return store.repositories();
        }

        @Override
        public String defaultRepository() {
            return store.defaultRepository();
        }

        @Override
        public ContentStore.StoredContent put(StorageKey key, InputStream data, String mediaType, long maxBytes) {
            return store.put(key, data, mediaType, maxBytes);
        }

        @Override
        public Optional<ContentStore.StoredObject> stat(StorageKey key) {
            return store.stat(key);
        }

        @Override
        public void delete(StorageKey key) {
            store.delete(key);
        }

        @Override
        public java.util.stream.Stream<ContentStore.StoredObject> list(String repositoryId, String prefix) {
            return store.list(repositoryId, prefix);
        }

        @Override
        public UploadForm presignUpload(StorageKey key, String mediaType, long maxBytes, java.time.Instant expiresAt) {
            return store.presignUpload(key, mediaType, maxBytes, expiresAt);
        }

        @Override
        public boolean isAvailable() {
            return store.isAvailable();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
