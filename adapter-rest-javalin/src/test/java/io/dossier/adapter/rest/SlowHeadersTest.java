package io.dossier.adapter.rest;

import io.dossier.application.Dossier;
import io.dossier.domain.TenantId;
import io.dossier.testing.InMemoryContentStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that drips its request head a byte at a time is cut off after the header timeout. */
class SlowHeadersTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    static RestApi api;

    @BeforeAll
    static void start() throws Exception {
        Path uploads = Files.createDirectories(Path.of("target", "slow-headers-uploads"));
        Dossier dossier = io.dossier.testing.InMemoryStores.create().builder()
                .contentStore(new InMemoryContentStore()).build();
        api = new RestApi(dossier, new RestApi.Settings("127.0.0.1", 0, Map.of("key-a-0123456789", new TenantId("a")),
                Optional.empty(), Optional.empty(), Optional.empty(), 1 << 20, 1 << 20, Duration.ofDays(1), uploads,
                Optional.empty(), Map.of(), Optional.empty()).withHeaderTimeout(HEADER_TIMEOUT),
                () -> true, Clock.systemUTC()).start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void a_head_sent_a_byte_at_a_time_is_cut_off() throws Exception {
        byte[] head = ("GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(200) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        boolean closed = false;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Each byte comes well within Jetty's idle timeout, so only a deadline on the head ends this.
            for (int i = 0; i < head.length && System.nanoTime() - started < 15_000_000_000L; i++) {
                try {
                    out.write(head[i]);
                    out.flush();
                    if (in.read() < 0) {
                        closed = true;
                        break;
                    }
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read yet: the server is still waiting for the head
                } catch (SocketException reset) {
                    closed = true;
                    break;
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(closed, "the connection stayed open");
        assertTrue(seconds < 5, "closed only after " + seconds + " s");
    }

    @Test
    void a_head_sent_at_once_is_served() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }
}
