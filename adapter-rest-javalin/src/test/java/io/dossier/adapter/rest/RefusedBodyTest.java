package io.dossier.adapter.rest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends its whole body before it reads gets the server's refusal, not a reset
 * connection: the server reads what is left of a refused body (up to a limit) before it closes.
 */
class RefusedBodyTest {
    static TestApi t;

    @BeforeAll
    static void start() {
        t = new TestApi();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void content_over_the_limit_sent_in_two_parts_gets_its_413() throws Exception {
        String id = t.create("Big", "b.txt", "small").path("id").asText();
        String status = sendWholeThenRead("POST", "/v1/documents/" + id + "/content", "application/octet-stream",
                3 * TestApi.MAX_UPLOAD);
        assertTrue(status.startsWith("HTTP/1.1 413"), status);
        assertEquals(1, t.get("/v1/documents/" + id + "/versions").json().path("items").size());
    }

    @Test
    void a_json_body_over_the_limit_sent_in_two_parts_gets_its_413() throws Exception {
        String id = t.create("Meta", "m.txt", "small").path("id").asText();
        String status = sendWholeThenRead("PATCH", "/v1/documents/" + id, "application/json",
                3 * Requests.MAX_JSON_BYTES);
        assertTrue(status.startsWith("HTTP/1.1 413"), status);
    }

    /** Writes the request with a body of {@code length} bytes in two parts, then reads the status line. */
    private static String sendWholeThenRead(String method, String path, String type, int length) throws Exception {
        URI base = URI.create(t.base);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nX-API-Key: "
                    + TestApi.KEY_A + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Half the body, a pause as on a slow network (the server decides meanwhile), the rest:
            // a server that closed without reading it resets the connection, destroying its answer.
            byte[] half = new byte[length / 2];
            out.write(half);
            out.flush();
            Thread.sleep(300);
            out.write(new byte[length - half.length]);
            out.flush();
            Thread.sleep(300);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII).trim();
        }
    }
}
