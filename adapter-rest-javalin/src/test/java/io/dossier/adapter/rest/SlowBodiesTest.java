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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that trickle a request body hold a request thread while they do; below the minimum rate
 * (after an allowance of twice the header timeout, here 2 s) their connections are closed, and a
 * server with every thread taken by such clients serves others again.
 */
class SlowBodiesTest {
    private static final String KEY = "key-a-0123456789";
    private static final int MIN_BODY_RATE = 1_000;
    static RestApi api;

    @BeforeAll
    static void start() throws Exception {
        Path uploads = Files.createDirectories(Path.of("target", "slow-bodies-uploads"));
        Dossier dossier = io.dossier.testing.InMemoryStores.create().builder()
                .contentStore(new InMemoryContentStore()).build();
        api = new RestApi(dossier, new RestApi.Settings("127.0.0.1", 0, Map.of(KEY, new TenantId("a")),
                Optional.empty(), Optional.empty(), Optional.empty(), 1 << 20, 1 << 20, Duration.ofDays(1), uploads,
                Optional.empty(), Map.of(), Optional.empty()).withHeaderTimeout(Duration.ofSeconds(1))
                .withRequestThreads(RestApi.Settings.MIN_REQUEST_THREADS).withMinBodyRate(MIN_BODY_RATE),
                () -> true, Clock.systemUTC()).start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static Socket connect() throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
        return socket;
    }

    private static byte[] head(int length) {
        return ("POST /v1/documents HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A JSON body of exactly {@code length} bytes: a document's name, then spaces. */
    private static byte[] body(int length) {
        String json = "{\"name\":\"slow\"}";
        return (json.substring(0, json.length() - 1) + " ".repeat(length - json.length()) + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends the head, then the body a byte every {@code pauseMillis}, until the server closes the
     * connection or {@code giveUpMillis} have passed; the seconds until it was closed, or -1.
     */
    private static double trickle(int pauseMillis, long giveUpMillis) throws Exception {
        byte[] body = body(100_000);
        long started = System.nanoTime();
        try (Socket socket = connect()) {
            socket.setSoTimeout(Math.max(1, pauseMillis));
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head(body.length));
            out.flush();
            for (int i = 0; i < body.length && System.nanoTime() - started < giveUpMillis * 1_000_000; i++) {
                try {
                    out.write(body[i]);
                    out.flush();
                    if (in.read() < 0) {
                        return (System.nanoTime() - started) / 1e9;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // nothing to read: the server still waits for the body
                } catch (SocketException reset) {
                    return (System.nanoTime() - started) / 1e9;
                }
            }
        }
        return -1;
    }

    @Test
    void a_body_sent_a_byte_at_a_time_is_cut_off() throws Exception {
        double closedAfter = trickle(100, 15_000);
        assertTrue(closedAfter > 0, "the connection stayed open");
        assertTrue(closedAfter >= 1.5 && closedAfter < 6, "closed after " + closedAfter + " s");
    }

    @Test
    void a_server_whose_threads_all_wait_for_trickled_bodies_serves_others_again() throws Exception {
        int clients = RestApi.Settings.MIN_REQUEST_THREADS + 2;
        List<CompletableFuture<Double>> tricklers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            tricklers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return trickle(200, 25_000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        Thread.sleep(500);
        long started = System.nanoTime();
        try (Socket socket = connect()) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
        double waited = (System.nanoTime() - started) / 1e9;
        assertTrue(waited < 10, "the health check was answered only after " + waited + " s");
        for (CompletableFuture<Double> trickler : tricklers) {
            double closedAfter = trickler.get(30, TimeUnit.SECONDS);
            assertTrue(closedAfter > 0 && closedAfter < 10, "a trickling client was closed after " + closedAfter + " s");
        }
    }

    @Test
    void a_body_sent_slowly_but_above_the_minimum_is_taken() throws Exception {
        // 20,000 bytes at about 5,000 a second: four seconds, twice the allowance.
        byte[] body = body(20_000);
        try (Socket socket = connect()) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(body.length));
            for (int offset = 0; offset < body.length; offset += 500) {
                out.write(body, offset, Math.min(500, body.length - offset));
                out.flush();
                Thread.sleep(100);
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("HTTP/1.1 201", answer.substring(0, 12), answer);
        }
    }
}
