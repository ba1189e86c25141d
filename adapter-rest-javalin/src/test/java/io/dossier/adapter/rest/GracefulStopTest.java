package io.dossier.adapter.rest;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping lets an upload in flight finish and turns new requests away. */
class GracefulStopTest {

    @Test
    void an_upload_in_flight_when_the_server_stops_still_makes_its_version() throws Exception {
        TestApi t = new TestApi();
        String id = t.create("Slow", "s.txt", "first").path("id").asText();
        URI base = URI.create(t.base);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            // Headers and half of the body; the rest comes after the server was told to stop.
            out.write(("POST /v1/documents/" + id + "/content HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                    + TestApi.KEY_A + "\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nsec")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitInFlight(t);
            CompletableFuture<Void> stop = CompletableFuture.runAsync(t::close);
            Thread.sleep(500);
            assertFalse(stop.isDone(), "close() waits for the upload in flight");
            out.write("ond".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 201", response);
            stop.get(20, TimeUnit.SECONDS);
            assertTrue(stop.isDone());
        }
    }

    @Test
    void a_stopping_server_is_unhealthy_and_refuses_new_requests() throws Exception {
        TestApi t = new TestApi();
        URI base = URI.create(t.base);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/documents HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + TestApi.KEY_A
                    + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100\r\n\r\n--x")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitInFlight(t);
            CompletableFuture<Void> stop = CompletableFuture.runAsync(t::close);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (t.send(t.request("/health")).status() != 503) {
                assertTrue(System.nanoTime() < deadline, "health still answers 200 while stopping");
                Thread.sleep(20);
            }
            assertEquals(503, t.get("/v1/documents").status());
            assertEquals(503, t.send(t.request("/health/ready")).status());
            // Still alive: it is draining, not hung.
            assertEquals(200, t.send(t.request("/health/live")).status());
            socket.close();
            stop.get(40, TimeUnit.SECONDS);
        }
    }

    /** Waits until the server is handling the request (its body still incomplete). */
    private static void awaitInFlight(TestApi t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (t.api.inFlight() == 0) {
            assertTrue(System.nanoTime() < deadline, "the request never reached its handler");
            Thread.sleep(10);
        }
    }
}
